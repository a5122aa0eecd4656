package web_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/domain"
)

// The secretary plans a themed party day with the form and opens the QR screen; a member,
// on a phone-sized browser of their own, types the 6-digit code; the count on the QR screen
// follows without a reload; the secretary files the minutes and the committee above
// approves them.
func TestBrowserMeetingCheckIn(t *testing.T) {
	f, base := serveApp(t)
	meetingUser(t, f, "secretary_comm_a", domain.RoleSecretary, f.CommA.ID)
	ctx := newBrowser(t, 30*time.Second)

	// Starting in 5 minutes: inside the check-in window, which opens 20 minutes before.
	start := time.Now().In(shanghaiZone()).Add(5 * time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/meetings"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="plan-form"]`)),
		chromedp.SetValue(css(`#m-org`), strconv.FormatInt(f.BranchA.ID, 10)),
		chromedp.SetValue(css(`#m-kind`), domain.MeetingPartyDay),
		chromedp.SendKeys(css(`#m-title`), "十一月主题党日"),
		chromedp.SetValue(css(`#m-start`), start.Format("2006-01-02T15:04")),
		chromedp.SetValue(css(`#m-end`), start.Add(time.Hour).Format("2006-01-02T15:04")),
		chromedp.SendKeys(css(`#m-loc`), "党员活动室"),
		chromedp.Click(css(`[data-testid="plan"]`)),
		chromedp.WaitVisible(css(`[data-testid="open-qr"]`)),
	); err != nil {
		t.Fatalf("plan the meeting: %v", err)
	}
	loc := eval[string](t, ctx, `location.pathname`)
	m := regexp.MustCompile(`^/meetings/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after planning the browser is at %q", loc)
	}
	mpath := loc
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid="open-qr"]`)),
		chromedp.WaitVisible(css(`[data-testid="qr-screen"]`)),
	); err != nil {
		t.Fatalf("open the QR screen: %v", err)
	}
	code := text(t, ctx, `[data-testid="qr-code-digits"]`)
	if !regexp.MustCompile(`^\d{6}$`).MatchString(code) {
		t.Fatalf("QR screen code %q", code)
	}
	if got := text(t, ctx, `[data-testid="count-present"]`); got != "0" {
		t.Fatalf("present before check-in %q, want 0", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('[data-testid="qr-image"]').naturalWidth > 0`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the QR image did not load: %v", err)
	}
	eval[bool](t, ctx, `window.__sameDocument = true`)
	shot(t, ctx, "meeting-qr")

	// The member's own phone-sized browser (its own cookies).
	mem, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(mem,
		phone(),
		chromedp.Navigate(base+mpath+"/checkin"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`#ci-code`)),
	); err != nil {
		t.Fatalf("member opens the check-in page: %v", err)
	}
	if wide := eval[bool](t, mem, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("the check-in page scrolls sideways at 390px")
	}
	if err := chromedp.Do(mem,
		chromedp.SendKeys(css(`#ci-code`), code),
		chromedp.Click(css(`[data-testid="checkin"]`)),
		chromedp.WaitVisible(css(`[data-testid="checked-in"]`)),
		chromedp.WaitVisible(css(`[data-testid="my-attendance"][data-status="present"]`)),
	); err != nil {
		t.Fatalf("member checks in: %v", err)
	}
	shot(t, mem, "checkin-390")

	// The QR screen's count follows by polling, in the same document.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector('[data-testid="count-present"]').textContent.trim() === '1'`,
		chromedp.WithPollingTimeout(8*time.Second))); err != nil {
		t.Fatalf("the live count did not reach 1: %v", err)
	}
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Errorf("the QR screen reloaded instead of updating in place")
	}

	// The secretary files the minutes.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+mpath+"/minutes"),
		chromedp.WaitVisible(css(`[data-testid="minutes-form"]`)),
	); err != nil {
		t.Fatalf("open the minutes: %v", err)
	}
	// The recorder is picked from the attendance (a select; set by script).
	if rec := eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#mi-rec').value = '%d'`, f.MemberA.ID)); rec == "" {
		t.Fatalf("no recorder option")
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css(`#mi-content`), "重温入党誓词，开展志愿服务。"),
		chromedp.SendKeys(css(`#mi-dec`), "无"),
		chromedp.Click(css(`[data-testid="submit-minutes"]`)),
		chromedp.WaitVisible(css(`[data-testid="minutes-status"][data-status="submitted"]`)),
	); err != nil {
		t.Fatalf("file the minutes: %v", err)
	}

	// The committee above approves them from its approval list.
	up, cancelUp := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancelUp()
	if err := chromedp.Do(up,
		chromedp.Navigate(base+"/minutes/approvals"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_comm_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="minutes-approvals"]`)),
	); err != nil {
		t.Fatalf("the committee's approval list: %v", err)
	}
	row := fmt.Sprintf(`tr:has(a[href="%s/minutes"])`, mpath)
	if err := chromedp.Do(up,
		chromedp.WaitVisible(css(row)),
		chromedp.Click(css(row+` [data-testid="approve"]`)),
		chromedp.WaitNotPresent(css(row)),
		chromedp.Navigate(base+mpath+"/minutes"),
		chromedp.WaitVisible(css(`[data-testid="minutes-status"][data-status="approved"]`)),
	); err != nil {
		t.Fatalf("the committee approves the minutes: %v", err)
	}

	// The upper organisation now sees this month's themed party day as held. (A meeting that
	// starts after midnight in China counts only from its own day: skip the check then.)
	now := time.Now().In(shanghaiZone())
	if start.Format("2006-01-02") != now.Format("2006-01-02") {
		t.Logf("the meeting starts tomorrow in China; compliance check skipped")
		return
	}
	cell := fmt.Sprintf(`tr[data-kind="party_day"] span[data-period="%s"][data-status="ok"]`, start.Format("2006-01"))
	if err := chromedp.Do(up,
		chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/compliance?year=%d", base, f.BranchA.ID, start.Year())),
		chromedp.WaitVisible(css(`[data-testid="compliance"]`)),
		chromedp.WaitVisible(css(cell)),
	); err != nil {
		t.Fatalf("the upper organisation does not see the month as ok: %v", err)
	}
}
