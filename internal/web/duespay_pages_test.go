package web_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// serveDuesApp starts a whole instance of the engine with the test payment provider on, over
// real HTTP, with the fixture.
func serveDuesApp(t *testing.T, engine string) (*fixture, string) {
	t.Helper()
	cfg := testConfig(t, engine)
	cfg.TestPay = true
	a, err := app.New(context.Background(), cfg, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f := buildFixture(t, a.Services)
	f.Handler = a.Handler
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.ServeListener(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return f, "http://" + ln.Addr().String()
}

// duesMonth is the YYYY-MM month back months before the current one (China time).
func duesMonth(back int) string {
	return domain.DuesMonthAdd(domain.DuesMonthOf(domain.Today(time.Now())), -back)
}

// addBill stores an unpaid bill (as the dues capability's generator would).
func addBill(t *testing.T, db *store.DB, m *domain.Member, month string, amount int64) int64 {
	t.Helper()
	ctx := context.Background()
	o, err := db.Read().Org(ctx, m.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = db.SQL().QueryRowContext(ctx, `INSERT INTO dues_bills (member_id, org_id, org_path, month, category, base_fen,
		standard_fen, amount_fen, rule_ref, status, paid_fen, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 300000, $5, $5, 'in_service:50bp', 'unpaid', 0, $6, $6) RETURNING id`,
		m.ID, o.ID, o.Path, month, amount, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func billStatus(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	b, err := db.Read().DuesBill(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b.Status
}

var hiddenField = regexp.MustCompile(`name="(order|sig|key)" value="([^"]*)"`)

// hidden reads the hidden fields of a page.
func hidden(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], m[2])
	}
	return v
}

// The dues payment pages over HTTP on both engines: the secretary records a cash payment of
// ticked bills and sees the receipt and the list; another branch's secretary cannot read it; a
// bill beyond the back-payment limit needs the reason; the member pays online through the
// test cashier and pays for another member (代缴); the branch refunds an overpayment.
func TestDuesPaymentPages(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			f, base := serveDuesApp(t, engine)
			db := f.Set.DB
			meetingUser(t, f, "secretary_b", domain.RoleSecretary, f.BranchB.ID)
			bA := addBill(t, db, f.MemberA, duesMonth(0), 1500)
			bA1 := addBill(t, db, f.MemberA, duesMonth(1), 1500)
			bB := addBill(t, db, f.MemberB, duesMonth(0), 2000)
			old := addBill(t, db, f.MemberA, duesMonth(8), 1500)

			sec := newClient(t, base)
			sec.login("secretary_a")
			page := sec.get("/dues/payments/new")
			if page.Status != http.StatusOK || !strings.Contains(page.Body, `data-testid="unpaid-bill"`) ||
				!strings.Contains(page.Body, `value="`+id64(bA)+`" form="dues-pay-form"`) || strings.Contains(page.Body, `value="`+id64(bB)+`" form=`) {
				t.Fatalf("record page: %d %s", page.Status, page.Body[strings.Index(page.Body, "page-body"):])
			}
			res := sec.post("/dues/payments", url.Values{"bill_id": {id64(bA1)}, "method": {"cash"}, "key": {"k1"}})
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/dues/payments/") {
				t.Fatalf("record: %d %s %.500s", res.Status, res.Location, res.Body)
			}
			receipt := res.Location
			if r := sec.get(receipt); r.Status != 200 || !strings.Contains(r.Body, `data-testid="receipt-amount">¥15.00<`) ||
				!strings.Contains(r.Body, `data-status="paid"`) {
				t.Fatalf("receipt: %d %.1500s", r.Status, r.Body)
			}
			if billStatus(t, db, bA1) != domain.DuesPaid {
				t.Fatal("bill not paid")
			}
			// The same form sent twice (the same key) makes one payment.
			if again := sec.post("/dues/payments", url.Values{"bill_id": {id64(bA1)}, "method": {"cash"}, "key": {"k1"}}); again.Location != receipt {
				t.Fatalf("double submit: %d %s", again.Status, again.Location)
			}
			if r := sec.post("/dues/payments", url.Values{"bill_id": {id64(bA1)}, "method": {"cash"}}); r.Status != http.StatusConflict ||
				!strings.Contains(r.Body, `data-testid="dues-error"`) {
				t.Fatalf("paid twice: %d %.500s", r.Status, r.Body)
			}
			if r := sec.get("/dues/payments"); r.Status != 200 || strings.Count(r.Body, `data-testid="dues-payment"`) != 1 {
				t.Fatalf("payments list: %d %.1500s", r.Status, r.Body)
			}
			// Back-payment beyond the limit: the reason is asked for, then recorded.
			r := sec.post("/dues/payments", url.Values{"bill_id": {id64(old)}, "method": {"cash"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "超期补缴理由") {
				t.Fatalf("beyond the limit: %d %.800s", r.Status, r.Body)
			}
			r = sec.post("/dues/payments", url.Values{"bill_id": {id64(old)}, "method": {"transfer"}, "override_reason": {"外派期间，支委会同意补缴"},
				"return_to": {"/dues/payments/new"}})
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dues/payments/new?recorded=") {
				t.Fatalf("override: %d %s", r.Status, r.Location)
			}
			if r := sec.get(r.Location); !strings.Contains(r.Body, `data-testid="dues-recorded"`) {
				t.Fatalf("recorded notice: %.500s", r.Body)
			}

			other := newClient(t, base)
			other.login("secretary_b")
			if r := other.get(receipt); r.Status != http.StatusNotFound {
				t.Fatalf("other branch reads the receipt: %d", r.Status)
			}
			if r := other.post("/dues/payments", url.Values{"bill_id": {id64(bA)}, "method": {"cash"}}); r.Status != http.StatusForbidden {
				t.Fatalf("other branch records: %d", r.Status)
			}

			// The member pays online through the cashier.
			mem := newClient(t, base)
			mem.login("zhangsan")
			my := mem.get("/my/dues")
			if my.Status != 200 || !strings.Contains(my.Body, `data-testid="pay-online"`) || !strings.Contains(my.Body, "¥15.00") {
				t.Fatalf("my dues: %d %.2000s", my.Status, my.Body)
			}
			pay := mem.post("/my/dues/pay", url.Values{"bill_id": {id64(bA)}, "key": {hidden(my.Body).Get("key")}})
			if pay.Status != http.StatusSeeOther || !strings.HasPrefix(pay.Location, base+"/testpay/pay?order=") {
				t.Fatalf("pay online: %d %s %.500s", pay.Status, pay.Location, pay.Body)
			}
			cashier := mem.get(strings.TrimPrefix(pay.Location, base))
			if cashier.Status != 200 || !strings.Contains(cashier.Body, "¥15.00") {
				t.Fatalf("cashier: %d %.500s", cashier.Status, cashier.Body)
			}
			form := hidden(cashier.Body)
			form.Set("action", "pay")
			done := mem.post("/testpay/pay", form, "Origin", base)
			if done.Status != http.StatusSeeOther || done.Location != base+"/my/dues?testpay=paid" {
				t.Fatalf("cashier pay: %d %s %.500s", done.Status, done.Location, done.Body)
			}
			if billStatus(t, db, bA) != domain.DuesPaid {
				t.Fatal("online payment did not pay the bill")
			}
			if r := mem.get("/my/dues?testpay=paid"); !strings.Contains(r.Body, `data-testid="dues-flash"`) ||
				strings.Count(r.Body, `data-testid="my-payment"`) != 3 || !strings.Contains(r.Body, `data-testid="no-unpaid"`) &&
				strings.Count(r.Body, `data-testid="my-bill"`) != 1 {
				t.Fatalf("after paying: %.3000s", r.Body)
			}

			// 代缴: the name must match; then the bills show and are paid through the cashier.
			if r := mem.get("/my/dues?for_id=" + id64(f.MemberB.ID) + "&for_name=李"); !strings.Contains(r.Body, `data-testid="for-error"`) {
				t.Fatalf("wrong name: %.1000s", r.Body)
			}
			look := mem.get("/my/dues?for_id=" + id64(f.MemberB.ID) + "&for_name=" + url.QueryEscape("李四"))
			if !strings.Contains(look.Body, `data-testid="other-bill"`) {
				t.Fatalf("lookup: %.2000s", look.Body)
			}
			pay = mem.post("/my/dues/pay", url.Values{"bill_id": {id64(bB)}, "payee_name": {"李四"}, "for_id": {id64(f.MemberB.ID)}})
			if pay.Status != http.StatusSeeOther || !strings.Contains(pay.Location, "/testpay/pay?") {
				t.Fatalf("pay for another: %d %s %.800s", pay.Status, pay.Location, pay.Body)
			}
			form = hidden(mem.get(strings.TrimPrefix(pay.Location, base)).Body)
			form.Set("action", "pay")
			if done := mem.post("/testpay/pay", form, "Origin", base); done.Status != http.StatusSeeOther {
				t.Fatalf("cashier pay for another: %d", done.Status)
			}
			if billStatus(t, db, bB) != domain.DuesPaid {
				t.Fatal("代缴 did not pay the bill")
			}
			list, err := f.Set.DuesPay.MyPayments(context.Background(), &auth.Actor{User: &domain.User{ID: 1, MemberID: f.MemberB.ID}}, 0, 10)
			if err != nil || len(list) != 1 || list[0].PayerName != "张三" {
				t.Fatalf("李四's history: %+v %v", list, err)
			}
			secB := newClient(t, base)
			secB.login("secretary_b")
			if r := secB.get("/dues/payments/" + id64(list[0].ID)); r.Status != 200 || !strings.Contains(r.Body, "代缴") {
				t.Fatalf("receipt of 代缴 for branch B: %d %.1000s", r.Status, r.Body)
			}

			// An overpayment: two orders for one bill both paid; the branch refunds the second.
			b2 := addBill(t, db, f.MemberA, duesMonth(2), 1500)
			zs := &auth.Actor{User: &domain.User{ID: f.PlainA.ID, Username: "zhangsan", MemberID: f.MemberA.ID}}
			var urls []string
			for range 2 {
				res, err := f.Set.DuesPay.Pay(context.Background(), zs, duespay.PayInput{BillIDs: []int64{b2}, Method: domain.PayOnline, BaseURL: base})
				if err != nil {
					t.Fatal(err)
				}
				urls = append(urls, res.Payment.PayURL)
			}
			for i, u := range urls {
				form := hidden(mem.get(strings.TrimPrefix(u, base)).Body)
				form.Set("action", "pay")
				if done := mem.post("/testpay/pay", form, "Origin", base); done.Status != http.StatusSeeOther {
					t.Fatalf("cashier pay %d: %d", i, done.Status)
				}
			}
			dup, err := f.Set.DuesPay.MyPayments(context.Background(), zs, 0, 1)
			if err != nil || len(dup) != 1 || dup[0].OverpaidFen() != 1500 {
				t.Fatalf("overpaid payment: %+v %v", dup, err)
			}
			second := "/dues/payments/" + id64(dup[0].ID)
			rp := sec.get(second)
			if !strings.Contains(rp.Body, `data-testid="refund-form"`) {
				t.Fatalf("no refund form: %.2000s", rp.Body)
			}
			if r := mem.get(second); strings.Contains(r.Body, `data-testid="refund-form"`) {
				t.Fatal("the member is offered the refund")
			}
			if r := sec.post(second+"/refund", url.Values{"reason": {""}}); r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("refund without reason: %d", r.Status)
			}
			if r := sec.post(second+"/refund", url.Values{"reason": {"两笔订单重复支付"}, "key": {hidden(rp.Body).Get("key")}}); r.Status != http.StatusSeeOther {
				t.Fatalf("refund: %d %.500s", r.Status, r.Body)
			}
			if r := sec.get(second); !strings.Contains(r.Body, `data-testid="refund" data-status="done"`) || strings.Contains(r.Body, `data-testid="refund-form"`) {
				t.Fatalf("after the refund: %.2000s", r.Body)
			}
		})
	}
}

// On a phone, the member opens 我的党费, pays the month online, presses pay at the test
// cashier and comes back to the page with the bill paid and the receipt in the history.
func TestBrowserPayDuesOnPhone(t *testing.T) {
	f, base := serveDuesApp(t, store.SQLite)
	bill := addBill(t, f.Set.DB, f.MemberA, duesMonth(0), 2500)
	ctx := newBrowser(t, 40*time.Second)
	if err := chromedp.Do(ctx,
		phone(),
		chromedp.Navigate(base+"/my/dues"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "zhangsan"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="pay-online"]`)),
	); err != nil {
		t.Fatalf("member to my dues: %v", err)
	}
	if got := text(t, ctx, `[data-testid="pay-online"]`); !strings.Contains(got, "25.00") {
		t.Fatalf("pay button %q", got)
	}
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Errorf("my dues scrolls sideways at 390px")
	}
	shot(t, ctx, "my-dues-390")
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid="pay-online"]`)),
		chromedp.WaitVisible(css(`#testpay-pay`)),
	); err != nil {
		t.Fatalf("to the cashier: %v", err)
	}
	if got := text(t, ctx, `#testpay-amount`); got != "¥25.00" {
		t.Fatalf("cashier amount %q", got)
	}
	shot(t, ctx, "testpay-390")
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`#testpay-pay`)),
		chromedp.WaitVisible(css(`[data-testid="dues-flash"]`)),
		chromedp.WaitVisible(css(`[data-testid="my-payment"][data-status="paid"]`)),
	); err != nil {
		t.Fatalf("pay at the cashier: %v", err)
	}
	if billStatus(t, f.Set.DB, bill) != domain.DuesPaid {
		t.Fatal("bill unpaid after the cashier")
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid="my-payment"]`)),
		chromedp.WaitVisible(css(`[data-testid="dues-receipt"][data-status="paid"]`)),
	); err != nil {
		t.Fatalf("receipt: %v", err)
	}
	if got := text(t, ctx, `[data-testid="receipt-amount"]`); got != "¥25.00" {
		t.Fatalf("receipt amount %q", got)
	}
	shot(t, ctx, "dues-receipt-390")
}
