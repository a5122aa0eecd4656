package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/member"
)

// fetchBase64 fetches a link of the page with the browser's session and returns the status,
// the content type and the body (base64 across the bridge, decoded here).
func fetchBase64(t *testing.T, ctx context.Context, sel string) (string, []byte) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('`+sel+`').href)
		.then(async r => {
			const b = new Uint8Array(await r.arrayBuffer());
			let s = '';
			for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
			return r.status + '|' + r.headers.get('content-type') + '|' + btoa(s);
		})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", sel, err)
	}
	parts := strings.SplitN(got, "|", 3)
	if len(parts) != 3 || parts[0] != "200" {
		t.Fatalf("fetch %s: %.200q", sel, got)
	}
	body, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	return parts[1], body
}

// Issue 6's browser test: the secretary generates the month's bills for 甲公司第一党支部 (four
// members with dues profiles), records a cash payment for two of them, 张三 pays online on
// his phone through the test provider (its cashier page, a signed notification over HTTP),
// and the secretary's statistics page shows 3 of 4 paid; the dues sheet downloads as .xlsx
// (its totals add up) and as PDF.
func TestBrowserDues(t *testing.T) {
	f, base := serveDuesApp(t, "sqlite")
	ctx0, sys := context.Background(), auth.SystemActor()
	month := webDuesMonth(0)
	others := map[string]int64{}
	for i, name := range []string{"王五", "赵六", "钱七"} {
		m, err := f.Set.Members.Create(ctx0, sys, member.Input{Name: ptr(name), IDNumber: ptr(validID(fmt.Sprintf("11010519910301%03d", 11+2*i))),
			OrgID: ptr(f.BranchA.ID), Category: ptr(domain.CategoryFull), JoinedOn: ptr("2016-07-01"), FullMemberOn: ptr("2017-07-01")})
		if err != nil {
			t.Fatalf("member %s: %v", name, err)
		}
		others[name] = m.ID
	}
	for _, id := range []int64{f.MemberA.ID, others["王五"], others["赵六"], others["钱七"]} {
		if _, err := f.Set.Dues.SetProfile(ctx0, sys, id, dues.ProfileInput{Category: string(domain.DuesInService), BaseFen: 450000, FromMonth: month}); err != nil {
			t.Fatalf("profile of %d: %v", id, err)
		}
	}
	ctx := newBrowser(t, 60*time.Second)

	// The secretary generates the month's bills.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/dues/bills?org_id=%d&month=%s", base, f.BranchA.ID, month)),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="dues-generate"]`)),
		chromedp.Click(css(`[data-testid="dues-generate"]`)),
		chromedp.WaitVisible(css(`[data-testid="dues-generated"]`)),
	); err != nil {
		t.Fatalf("generate the bills: %v", err)
	}
	if got := text(t, ctx, `[data-testid="dues-count-total"]`); got != "4" {
		t.Fatalf("bills generated: %s, want 4", got)
	}
	// 4500 yuan a month is in the 1 % bracket: 45.00 yuan each.
	if got := text(t, ctx, fmt.Sprintf(`tr[data-member="%d"]`, others["王五"])); !strings.Contains(got, "45.00") {
		t.Errorf("王五's bill: %q", got)
	}
	shot(t, ctx, "dues-bills-generated")

	// A cash payment for 王五 and 赵六 together.
	if err := chromedp.Do(ctx,
		chromedp.Click(css(fmt.Sprintf(`tr[data-member="%d"] [data-testid="dues-bill-pick"]`, others["王五"]))),
		chromedp.Click(css(fmt.Sprintf(`tr[data-member="%d"] [data-testid="dues-bill-pick"]`, others["赵六"]))),
		chromedp.SetValue(css(`[data-testid="dues-pay-method"]`), "cash"),
		chromedp.Click(css(`[data-testid="dues-pay-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="dues-recorded"]`)),
	); err != nil {
		t.Fatalf("record the cash payment: %v", err)
	}
	if got := text(t, ctx, `[data-testid="dues-count-paid"]`); got != "2" {
		t.Errorf("paid after the cash payment: %s, want 2", got)
	}

	// 张三 pays online on his phone: the test provider's cashier, then back to 我的党费.
	mem, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(mem,
		phone(),
		chromedp.Navigate(base+"/my/dues"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="pay-online"]`)),
	); err != nil {
		t.Fatalf("the member's dues page: %v", err)
	}
	shot(t, mem, "dues-my-phone")
	if err := chromedp.Do(mem,
		chromedp.Click(css(`[data-testid="pay-online"]`)),
		chromedp.WaitVisible(css(`#testpay-pay`)),
		chromedp.Click(css(`#testpay-pay`)),
		chromedp.WaitVisible(css(`[data-testid="my-dues"]`)),
		chromedp.WaitVisible(css(`[data-testid="no-unpaid"]`)),
	); err != nil {
		t.Fatalf("pay online: %v", err)
	}

	// The collection rate: 3 of 4.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/dues/stats?org_id=%d&month=%s", base, f.BranchA.ID, month)),
		chromedp.WaitVisible(css(`[data-testid="collection"]`)),
		chromedp.WaitVisible(css(`[data-testid="trend-chart"] svg`)),
	); err != nil {
		t.Fatalf("the statistics page: %v", err)
	}
	if got := text(t, ctx, `[data-testid="collection"]`); got != "3 / 4" {
		t.Errorf("collection %q, want 3 / 4", got)
	}
	if got := text(t, ctx, `[data-testid="rate"]`); got != "75%" {
		t.Errorf("rate %q, want 75%%", got)
	}
	shot(t, ctx, "dues-stats")

	// The sheet, as the links on the page serve it.
	ct, xlsx := fetchBase64(t, ctx, `[data-testid="sheet-xlsx"]`)
	if ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("xlsx content type %q", ct)
	}
	x, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the .xlsx does not open: %v", err)
	}
	rows, err := x.GetRows("党费收缴表")
	if err != nil {
		t.Fatal(err)
	}
	var total []string
	paidLines := 0
	for _, r := range rows[3:] {
		if len(r) > 1 && r[1] == "合计" {
			total = r
			break
		}
		if len(r) > 8 && r[6] != "" {
			paidLines++
		}
	}
	if paidLines != 3 || len(total) < 7 || total[5] != "180.00" || total[6] != "135.00" {
		t.Errorf("sheet: %d paid lines, totals %q", paidLines, total)
	}
	ct, pdf := fetchBase64(t, ctx, `[data-testid="sheet-pdf"]`)
	if ct != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("pdf: %q %q", ct, pdf[:min(8, len(pdf))])
	}
}
