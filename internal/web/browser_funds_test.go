package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// The secretary's report page draws its three charts; after publication the branch's member
// opens the fund report on a phone (375px wide): the charts draw and nothing scrolls sideways.
func TestBrowserFundReport(t *testing.T) {
	f, base := serveApp(t)
	ctx := newBrowser(t, 60*time.Second)
	sys, bg := auth.SystemActor(), context.Background()
	year := time.Now().In(domain.Shanghai).Year() - 1
	for _, in := range []funds.EntryInput{
		{Kind: domain.FundIncome, Source: "union_fees", AmountFen: 500000, Description: "工会经费"},
		{Kind: domain.FundIncome, Source: "education_share", BaseFen: 5000000, Description: "职工教育经费 8%"},
		{Kind: domain.FundSpending, Purpose: "activities", AmountFen: 120000, Description: "红色教育基地参观"},
	} {
		in.OrgID, in.Date = f.BranchA.ID, fmt.Sprintf("%d-05-20", year)
		r, err := f.Set.Funds.Create(bg, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if in.Kind == domain.FundSpending {
			if _, err := f.Set.Funds.Approve(bg, sys, r.Entry.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	drawn := `document.querySelectorAll('[data-chart] svg').length`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/funds/report?org_id=%d&year=%d", base, f.BranchA.ID, year)),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="publish"]`)),
	); err != nil {
		t.Fatalf("secretary opens the report: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](drawn+` === 3`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the report's charts are not drawn: %v", err)
	}
	if got := text(t, ctx, `[data-testid="closing"]`); got != "7,800.00" {
		t.Errorf("closing balance %q, want 7,800.00", got)
	}
	shot(t, ctx, "fund-report")
	if _, err := f.Set.Funds.Publish(bg, sys, f.BranchA.ID, year); err != nil {
		t.Fatal(err)
	}

	mem, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(mem,
		chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/my/funds"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="my-org"]`)),
	); err != nil {
		t.Fatalf("member opens the fund report: %v", err)
	}
	if _, err := chromedp.Run(mem, chromedp.Poll[bool](drawn+` === 2`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the member's charts are not drawn: %v", err)
	}
	if wide := eval[bool](t, mem, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("the member's fund page scrolls sideways at 375px")
	}
	if got := text(t, mem, `[data-testid="closing"]`); got != "7,800.00" {
		t.Errorf("member sees closing %q", got)
	}
	shot(t, mem, "my-funds-375")
}
