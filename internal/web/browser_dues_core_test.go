package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/auth"
	"dangjian/internal/dues"
)

// On a phone (375px), without signing in, the public calculator answers 3000.01 yuan with
// 30.10 and nothing scrolls sideways; signed in, the member's page shows the dues section
// loaded by htmx with the current amount, also without sideways scrolling.
func TestBrowserDuesCalculatorPhone(t *testing.T) {
	ctx := newBrowser(t, 60*time.Second)
	f, base := serveApp(t)
	month := webDuesMonth(0)
	if _, err := f.Set.Dues.SetProfile(context.Background(), auth.SystemActor(), f.MemberA.ID,
		dues.ProfileInput{Category: "in_service", BaseFen: 654321, FromMonth: month}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/dues/calculator"),
		chromedp.WaitVisible(css(`[data-testid="dues-calc-form"]`)),
		chromedp.SendKeys(css(`#f-base`), "3000.01"),
		chromedp.Click(css(`[data-testid="dues-calc-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="dues-calc-result"]`)),
	); err != nil {
		t.Fatalf("calculator: %v", err)
	}
	if got := text(t, ctx, `[data-testid="dues-calc-amount"]`); got != "¥30.10" {
		t.Errorf("3000.01 yuan: %q, want ¥30.10", got)
	}
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("the calculator scrolls sideways at 375px")
	}
	shot(t, ctx, "dues-calculator-375")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/members/%d", base, f.MemberA.ID)),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="dues-current-amount"]`)),
	); err != nil {
		t.Fatalf("member page: %v", err)
	}
	if got := text(t, ctx, `[data-testid="dues-current-amount"]`); got != "¥98.20" {
		t.Errorf("current amount %q, want ¥98.20", got)
	}
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("the member's dues section scrolls sideways at 375px")
	}
	shot(t, ctx, "member-dues-375")
}
