package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// phone is the viewport of a common phone (CSS pixels): members and merchants use phones.
func phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2))
}

// shot saves a full-page screenshot into $DANGJIAN_SCREENSHOTS when it is set, to look at
// the pages by eye; tests never compare them.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("DANGJIAN_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// On a phone, a member signs in, sees their points, redeems a reward and gets the QR code
// and the code; the merchant's operator, in a browser of their own, types the code, sees
// what it is for and confirms it; the member's redemption is then fulfilled.
func TestBrowserRedeemOnPhone(t *testing.T) {
	f, base := serveApp(t)
	w := addPoints(t, f)
	award(t, f, w.Ind, f.MemberA.ID, 1) // 5 points: enough for the book
	ctx := newBrowser(t, 30*time.Second)

	if err := chromedp.Do(ctx,
		phone(),
		chromedp.Navigate(base+"/points"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="points-total"]`)),
	); err != nil {
		t.Fatalf("member login to my points: %v", err)
	}
	if got := text(t, ctx, `[data-testid="points-total"]`); got != "5" {
		t.Fatalf("points total %q, want 5", got)
	}
	if got := text(t, ctx, `[data-testid="reward-balance"]`); got != "5" {
		t.Fatalf("reward balance %q, want 5", got)
	}
	// Nothing spills sideways on the phone.
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("my points scrolls sideways at 390px")
	}
	shot(t, ctx, "points-390")

	reward := fmt.Sprintf(`[data-reward-id="%d"] [data-testid="redeem"]`, w.Book.ID)
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`.page-header a[href="/rewards"]`)),
		chromedp.WaitVisible(css(reward)),
	); err != nil {
		t.Fatalf("to the rewards: %v", err)
	}
	shot(t, ctx, "rewards-390")
	if err := chromedp.Do(ctx,
		chromedp.Click(css(reward)),
		chromedp.WaitVisible(css(`[data-testid="qr"]`)),
	); err != nil {
		t.Fatalf("redeem: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('[data-testid="qr"]').naturalWidth > 0`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the QR code image did not load: %v", err)
	}
	code := text(t, ctx, `[data-testid="code"]`)
	if len(code) < 6 || !strings.Contains(text(t, ctx, `[data-testid="redemption"]`), "待核销") {
		t.Fatalf("redemption page: code %q", code)
	}
	shot(t, ctx, "redemption-390")

	// The operator's own browser (its own cookies), also a phone.
	op, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(op,
		phone(),
		chromedp.Navigate(base+"/m/redeem"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "shop_op"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`#f-code`)),
		chromedp.SendKeys(css(`#f-code`), strings.ToLower(code)),
		chromedp.Click(css(`[data-testid="lookup"]`)),
		chromedp.WaitVisible(css(`[data-testid="confirm"]`)),
	); err != nil {
		t.Fatalf("operator looks the code up: %v", err)
	}
	if found := text(t, op, `[data-testid="found"]`); !strings.Contains(found, "党史读本") || !strings.Contains(found, "张三") {
		t.Fatalf("the code shows %q", found)
	}
	shot(t, op, "scan-390")
	if err := chromedp.Do(op,
		chromedp.Click(css(`[data-testid="confirm"]`)),
		chromedp.WaitVisible(css(`[data-testid="confirmed"]`)),
	); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	shot(t, op, "confirmed-390")

	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(css(`[data-testid="redemption"][data-status="fulfilled"]`))); err != nil {
		t.Fatalf("the member's redemption is not fulfilled: %v", err)
	}
}
