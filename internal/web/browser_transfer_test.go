package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// In a browser, typing in the transfer form's search box lists matching branches in place
// (htmx, no page load), Enter there searches instead of submitting the transfer, and the
// chosen branch under another committee receives the transfer.
func TestBrowserTransferToAnotherCommittee(t *testing.T) {
	f, base := serveApp(t)
	ctx := newBrowser(t, 40*time.Second)
	radioB := fmt.Sprintf(`input[name="to_org_id"][value="%d"]`, f.BranchB.ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/transfers/new?member_id=%d", base, f.MemberA.ID)),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="org-search"]`)),
	); err != nil {
		t.Fatalf("login to the transfer form: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid="org-search"]')?.['htmx-internal-data']`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the search box never became htmx's: %v", err)
	}
	eval[bool](t, ctx, `window.notReloaded = true`)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css(`#f-reason`), "工作调动"),
		chromedp.SendKeys(css(`[data-testid="org-search"]`), "乙公司"),
		chromedp.WaitVisible(css(radioB)),
	); err != nil {
		t.Fatalf("suggestions: %v", err)
	}
	if !eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Errorf("the suggestions loaded a new page instead of swapping the list")
	}
	// Enter in the search box searches (a reload keeping what was typed), not a submission.
	if err := chromedp.Do(ctx, chromedp.SendKeys(css(`[data-testid="org-search"]`), kb.Enter)); err != nil {
		t.Fatalf("enter: %v", err)
	}
	// The marker goes with the page it was set on: wait for the next page to be there.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded === undefined && document.readyState === "complete"`))
		if err == nil && gone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("enter in the search box loaded no page")
		}
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(css(radioB))); err != nil {
		t.Fatalf("results after enter: %v", err)
	}
	if got := eval[string](t, ctx, `location.pathname`); got != "/transfers/new" {
		t.Fatalf("enter in the search box went to %s", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('#f-reason').value`); got != "工作调动" {
		t.Errorf("reason after the search: %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(radioB)),
		chromedp.SetValue(css(`#f-dues_paid_through`), "2024-12"),
		chromedp.Click(css(`[data-testid="transfer-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="transfer-status"]`)), // on the transfer's page only
	); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if got := eval[string](t, ctx, `location.pathname`); !regexp.MustCompile(`^/transfers/\d+$`).MatchString(got) {
		t.Fatalf("after submitting: %s", got)
	}
	if body := text(t, ctx, `body`); !strings.Contains(body, "乙公司党支部") {
		t.Errorf("transfer page lacks the receiving branch")
	}
}
