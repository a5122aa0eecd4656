package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/auth"
	"dangjian/internal/member"
)

// In a browser, "older" swaps the history card in place (htmx, the address stays) and
// "latest" brings the newest entries back.
func TestBrowserMemberHistory(t *testing.T) {
	f, base := serveApp(t)
	ctx := newBrowser(t, 40*time.Second)
	for i := 1; i <= 55; i++ {
		if _, err := f.Set.Members.Update(context.Background(), auth.SystemActor(), f.MemberA.ID,
			member.Input{JobTitle: ptr(fmt.Sprintf("岗位%02d号", i))}); err != nil {
			t.Fatal(err)
		}
	}
	// A link swapped in by htmx works as a link only once htmx has processed it; a click
	// before that would follow the plain href, which on this page is a same-document jump.
	clickWhenReady := func(testid string) {
		t.Helper()
		sel := `[data-testid="` + testid + `"]`
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('`+sel+`')?.['htmx-internal-data']`,
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s never became an htmx link: %v", testid, err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(css(sel))); err != nil {
			t.Fatalf("click %s: %v", testid, err)
		}
	}
	page := fmt.Sprintf("%s/members/%d", base, f.MemberA.ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="history-older"]`)),
	); err != nil {
		t.Fatalf("login to the member page: %v", err)
	}
	// A marker on the window survives an htmx swap but not a page load.
	eval[bool](t, ctx, `window.notReloaded = true`)
	clickWhenReady("history-older")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(css(`[data-testid="history-newest"]`))); err != nil {
		t.Fatalf("older: %v", err)
	}
	if !eval[bool](t, ctx, `window.notReloaded === true`) || eval[string](t, ctx, `location.href`) != page {
		t.Errorf("older history loaded a new page instead of swapping the card")
	}
	if h := text(t, ctx, `#history`); !strings.Contains(h, "登记入册") || strings.Contains(h, "岗位55号") {
		t.Errorf("older history shows %q", h)
	}
	clickWhenReady("history-newest")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(css(`[data-testid="history-older"]`))); err != nil {
		t.Fatalf("back to the latest: %v", err)
	}
	if h := text(t, ctx, `#history`); !strings.Contains(h, "岗位55号") {
		t.Errorf("latest history shows %.200q", h)
	}
}
