package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/duespay/testpay"
)

// payMonthSeq hands out future months, so that the bills the matrix creates per request never
// collide (one bill per member and month); paying ahead is allowed.
var payMonthSeq atomic.Int64

func payMonth(back int) string {
	return domain.DuesMonthAdd(domain.DuesMonthOf(domain.Today(time.Now())), -back)
}

// payBill stores an unpaid bill of amount fen for a member of org in month and returns its id.
func (e *env) payBill(memberID, orgID int64, month string, amount int64) int64 {
	ctx := context.Background()
	o, err := e.set.DB.Read().Org(ctx, orgID)
	if err != nil {
		panic(err)
	}
	var id int64
	err = e.set.DB.SQL().QueryRowContext(ctx, `INSERT INTO dues_bills (member_id, org_id, org_path, month, category,
		base_fen, standard_fen, amount_fen, rule_ref, status, paid_fen, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 200000, $5, $5, 'in_service:50bp', 'unpaid', 0, $6, $6) RETURNING id`,
		memberID, orgID, o.Path, month, amount, time.Now().UTC()).Scan(&id)
	if err != nil {
		panic(err)
	}
	return id
}

// freshBill is a bill of a future month, new on every call.
func (e *env) freshBill(memberID, orgID int64) int64 {
	return e.payBill(memberID, orgID, payMonth(-int(100+payMonthSeq.Add(1))), 1000)
}

// payFixture registers the test provider (secret "api-secret") and adds: a cash payment of a
// bill of a1 ({payA}), of x1 ({payX}), and plain's (a2) pending online payment ({payPlain},
// order {orderPlain}); plain's other unpaid bill this month ({billPlain}); b1's bill ({billB}).
func (e *env) payFixture(t *testing.T) *testpay.Provider {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	prov := duespay.NewTestProvider([]byte("api-secret"), e.set.I18n)
	e.set.DuesPay.Register(prov)
	cash := func(key string, bill int64) {
		res, err := e.set.DuesPay.Pay(ctx, sys, duespay.PayInput{BillIDs: []int64{bill}, Method: domain.PayCash})
		if err != nil {
			t.Fatalf("fixture %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(res.Payment.ID)
	}
	cash("payA", e.payBill(e.a1, e.A, payMonth(0), 1000))
	cash("payX", e.payBill(e.x1, e.XB, payMonth(0), 1000))
	plain, err := e.set.Auth.TokenActor(ctx, e.tokens["plain"], "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.set.DuesPay.Pay(ctx, plain, duespay.PayInput{BillIDs: []int64{e.payBill(e.a2, e.A, payMonth(1), 800)},
		Method: domain.PayOnline, BaseURL: "http://dj.test"})
	if err != nil {
		t.Fatal(err)
	}
	e.extra["payPlain"] = fmt.Sprint(res.Payment.ID)
	e.extra["orderPlain"] = res.Payment.OrderNo
	e.extra["billPlain"] = fmt.Sprint(e.payBill(e.a2, e.A, payMonth(0), 800))
	e.extra["billB"] = fmt.Sprint(e.payBill(e.b1, e.B, payMonth(0), 1200))
	return prov.P
}

func cashBody(member func(e *env) (int64, int64)) func(*env, string) any {
	return func(e *env, user string) any {
		m, o := member(e)
		return map[string]any{"bill_ids": []string{fmt.Sprint(e.freshBill(m, o))}, "method": "cash"}
	}
}

// duesPaymentsMatrix tries the payment endpoints as admin, secA (A), orgadm (C), auditor (C)
// and plain (a2 in A): reads outside the scope 404, writes 403; members pay online for
// themselves only, and only members pay online.
var duesPaymentsMatrix = []pointsRow{
	row("GET", "/api/v1/dues/payments", nil, [5]int{200, 200, 200, 200, 403}),
	row("GET", "/api/v1/dues/payments?org_id={B}", nil, [5]int{200, 404, 200, 200, 403}),
	row("GET", "/api/v1/dues/payments?org_id={A}&method=cash&status=paid&month=2025-01", nil, [5]int{200, 200, 200, 200, 403}),
	row("GET", "/api/v1/dues/payments/{payA}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/dues/payments/{payX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/payments/{payPlain}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/payments/999999", nil, [5]int{404, 404, 404, 404, 404}),
	row("GET", "/api/v1/dues/my-payments", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/my-bills", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/dues/payable?member_id={a1}&name=张三", nil, [5]int{403, 403, 403, 403, 200}),
	row("GET", "/api/v1/dues/payable?member_id={a1}&name=张", nil, [5]int{403, 403, 403, 403, 404}),
	{matrixRow: matrixRow{"POST", "/api/v1/dues/payments", cashBody(func(e *env) (int64, int64) { return e.a1, e.A }),
		[5]int{201, 201, 201, 403, 403}}, idem: true},
	{matrixRow: matrixRow{"POST", "/api/v1/dues/payments", cashBody(func(e *env) (int64, int64) { return e.b1, e.B }),
		[5]int{201, 403, 201, 403, 403}}, idem: true},
	{matrixRow: matrixRow{"POST", "/api/v1/dues/payments", cashBody(func(e *env) (int64, int64) { return e.x1, e.XB }),
		[5]int{201, 403, 403, 403, 403}}, idem: true},
	{matrixRow: matrixRow{"POST", "/api/v1/dues/payments", func(e *env, user string) any {
		return map[string]any{"bill_ids": []string{fmt.Sprint(e.freshBill(e.a2, e.A))}, "method": "online"}
	}, [5]int{403, 403, 403, 403, 201}}, idem: true},
	{matrixRow: matrixRow{"POST", "/api/v1/dues/refunds", body(map[string]any{"payment_id": "{payA}", "reason": "x"}),
		[5]int{409, 409, 409, 403, 403}}, idem: true},
	{matrixRow: matrixRow{"POST", "/api/v1/dues/refunds", body(map[string]any{"payment_id": "{payX}", "reason": "x"}),
		[5]int{409, 403, 403, 403, 403}}, idem: true},
	row("POST", "/api/v1/dues/notify/test", body(map[string]any{"id": "n1"}), [5]int{401, 401, 401, 401, 401}),
	row("POST", "/api/v1/dues/notify/wechat", body(map[string]any{"id": "n1"}), [5]int{404, 404, 404, 404, 404}),
}

func TestDuesPaymentsMatrix(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.payFixture(t)
		e.runMatrix(t, duesPaymentsMatrix)
	})
}

func TestDuesPaymentsScenarios(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		tp := e.payFixture(t)
		e.extra["billOld"] = fmt.Sprint(e.payBill(e.a2, e.A, payMonth(8), 800))
		e.extra["billOld2"] = fmt.Sprint(e.payBill(e.a1, e.A, payMonth(9), 800))
		cashB := `{"bill_ids":["{billB}"],"method":"transfer","payer_member_id":"{b2}","note":"工资代扣"}`
		e.runScenarios(t, []scenario{
			{name: "no key", method: "POST", path: "/api/v1/dues/payments", user: "orgadm", body: cashB, status: 400,
				code: "bad_request", fields: []string{"Idempotency-Key"}},
			{name: "record a transfer", method: "POST", path: "/api/v1/dues/payments", user: "orgadm", body: cashB,
				header: []string{"Idempotency-Key", "t-1"}, status: 201,
				has: []string{`"status":"paid"`, `"method":"transfer"`, `"amount_fen":1200`, `"payer_name":"赵六"`, `"recorded_by":"orgadm"`, `"status":"applied"`},
				check: func(t *testing.T, e *env, r *response) {
					e.extra["payB"] = r.str("id")
					if !strings.HasPrefix(r.header.Get("Location"), "/api/v1/dues/payments/") {
						t.Errorf("Location %q", r.header.Get("Location"))
					}
				}},
			{name: "the same key and body replays", method: "POST", path: "/api/v1/dues/payments", user: "orgadm", body: cashB,
				header: []string{"Idempotency-Key", "t-1"}, status: 201, has: []string{`"id":"{payB}"`},
				check: func(t *testing.T, e *env, r *response) {
					if r.header.Get("Idempotent-Replayed") != "true" {
						t.Error("no Idempotent-Replayed header")
					}
				}},
			{name: "the same key, another body", method: "POST", path: "/api/v1/dues/payments", user: "orgadm",
				body: `{"bill_ids":["{billB}"],"method":"cash"}`, header: []string{"Idempotency-Key", "t-1"}, status: 409, code: "conflict"},
			{name: "a paid bill again", method: "POST", path: "/api/v1/dues/payments", user: "orgadm",
				body: `{"bill_ids":["{billB}"],"method":"cash"}`, header: []string{"Idempotency-Key", "t-2"}, status: 409, code: "conflict"},
			{name: "unknown method", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["{billPlain}"],"method":"cheque"}`, header: []string{"Idempotency-Key", "t-3"}, status: 422, fields: []string{"method"}},
			{name: "bad bill id", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["x"],"method":"cash"}`, header: []string{"Idempotency-Key", "t-4"}, status: 422, fields: []string{"bill_ids"}},
			{name: "no bills", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":[],"method":"cash"}`, header: []string{"Idempotency-Key", "t-5"}, status: 422, fields: []string{"bill_ids"}},
			{name: "unknown field", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["{billPlain}"],"method":"cash","amount_fen":1}`, header: []string{"Idempotency-Key", "t-6"}, status: 400},
			{name: "missing bill", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["999999"],"method":"cash"}`, header: []string{"Idempotency-Key", "t-7"}, status: 404},
			{name: "online beyond the back-payment limit", method: "POST", path: "/api/v1/dues/payments", user: "plain",
				body: `{"bill_ids":["{billOld}"],"method":"online"}`, header: []string{"Idempotency-Key", "t-8"}, status: 422, fields: []string{"bill_ids"}},
			{name: "cash beyond the limit needs a reason", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["{billOld2}"],"method":"cash"}`, header: []string{"Idempotency-Key", "t-9"}, status: 422, fields: []string{"override_reason"}},
			{name: "cash beyond the limit with a reason", method: "POST", path: "/api/v1/dues/payments", user: "secA",
				body: `{"bill_ids":["{billOld2}"],"method":"cash","override_reason":"长期外派，支委会同意"}`, header: []string{"Idempotency-Key", "t-10"},
				status: 201, has: []string{`"override_reason":"长期外派，支委会同意"`}},
			{name: "online for someone else without the name", method: "POST", path: "/api/v1/dues/payments", user: "plain",
				body: `{"bill_ids":["{billB}"],"method":"online"}`, header: []string{"Idempotency-Key", "t-11"}, status: 403},
			{name: "online payer must be self", method: "POST", path: "/api/v1/dues/payments", user: "plain",
				body: `{"bill_ids":["{billPlain}"],"method":"online","payer_member_id":"{a1}"}`, header: []string{"Idempotency-Key", "t-12"},
				status: 422, fields: []string{"payer_member_id"}},
			{name: "my bills", method: "GET", path: "/api/v1/dues/my-bills?status=unpaid", user: "plain", status: 200,
				has: []string{`"id":"{billPlain}"`, `"payable":true`, `"needs_override":true`}},
			{name: "my bills, bad status", method: "GET", path: "/api/v1/dues/my-bills?status=owing", user: "plain", status: 400},
			{name: "payable for a1", method: "GET", path: "/api/v1/dues/payable?member_id={a1}&name=张三", user: "plain", status: 200},
			{name: "payable needs member_id", method: "GET", path: "/api/v1/dues/payable?name=张三", user: "plain", status: 400},
		})

		// The provider's notification of plain's pending order, over HTTP.
		notify := func(h http.Header, b []byte) *response {
			headers := []string{}
			for _, k := range []string{testpay.HeaderTimestamp, testpay.HeaderNonce, testpay.HeaderSignature} {
				headers = append(headers, k, h.Get(k))
			}
			return e.do(t, "POST", "/api/v1/dues/notify/test", "", b, headers...)
		}
		o := testpay.Order{OrderNo: e.extra["orderPlain"], AmountFen: 800}
		h, b := tp.SignedNotification(o, 800)
		if r := notify(h, b); r.status != 200 || r.str("result") != "processed" || r.str("payment_id") != e.extra["payPlain"] {
			t.Fatalf("notify: %d %s", r.status, r.body)
		}
		if r := notify(h, b); r.status != 200 || r.str("result") != "already_processed" {
			t.Fatalf("replay: %d %s", r.status, r.body)
		}
		stale := tp.Sign(b, time.Now().Add(-time.Hour))
		if r := notify(stale, b); r.status != 401 || r.errCode() != "unauthorized" {
			t.Fatalf("stale: %d %s", r.status, r.body)
		}
		r := e.do(t, "GET", "/api/v1/dues/payments/{payPlain}", "plain", nil)
		if r.str("status") != "paid" || r.str("pay_url") != "" || r.str("provider_txn") == "" {
			t.Fatalf("paid payment: %s", r.body)
		}

		// A second order for a bill that is paid by then: overpaid, refunded by the branch.
		plain, _ := e.set.Auth.TokenActor(context.Background(), e.tokens["plain"], "")
		bill := e.freshBill(e.a2, e.A)
		var orders []*domain.DuesPayment
		for range 2 {
			res, err := e.set.DuesPay.Pay(context.Background(), plain, duespay.PayInput{BillIDs: []int64{bill}, Method: domain.PayOnline,
				BaseURL: "http://dj.test"})
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, res.Payment)
		}
		for _, p := range orders {
			h, b := tp.SignedNotification(testpay.Order{OrderNo: p.OrderNo}, 1000)
			if r := notify(h, b); r.status != 200 {
				t.Fatalf("notify: %d %s", r.status, r.body)
			}
		}
		e.extra["payDup"] = fmt.Sprint(orders[1].ID)
		e.runScenarios(t, []scenario{
			{name: "overpaid shows", method: "GET", path: "/api/v1/dues/payments/{payDup}", user: "secA", status: 200,
				has: []string{`"overpaid_fen":1000`, `"status":"overpaid"`}},
			{name: "refund by a member", method: "POST", path: "/api/v1/dues/refunds", user: "plain",
				body: `{"payment_id":"{payDup}","reason":"重复支付"}`, header: []string{"Idempotency-Key", "r-1"}, status: 403},
			{name: "refund needs a reason", method: "POST", path: "/api/v1/dues/refunds", user: "secA",
				body: `{"payment_id":"{payDup}","reason":" "}`, header: []string{"Idempotency-Key", "r-2"}, status: 422, fields: []string{"reason"}},
			{name: "refund", method: "POST", path: "/api/v1/dues/refunds", user: "secA",
				body: `{"payment_id":"{payDup}","reason":"重复支付"}`, header: []string{"Idempotency-Key", "r-3"}, status: 201,
				has: []string{`"refunded_fen":1000`, `"overpaid_fen":0`, `"status":"done"`, `"status":"refunded"`}},
			{name: "refund again", method: "POST", path: "/api/v1/dues/refunds", user: "secA",
				body: `{"payment_id":"{payDup}","reason":"重复支付"}`, header: []string{"Idempotency-Key", "r-4"}, status: 409},
			{name: "payments list of A", method: "GET", path: "/api/v1/dues/payments?org_id={A}&limit=2", user: "secA", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					if len(r.items()) != 2 || r.str("next_cursor") == "" {
						t.Errorf("page: %s", r.body)
					}
					next := e.do(t, "GET", "/api/v1/dues/payments?org_id={A}&limit=2&cursor="+r.str("next_cursor"), "secA", nil)
					if next.status != 200 || len(next.items()) == 0 {
						t.Errorf("next page: %s", next.body)
					}
				}},
			{name: "my payments", method: "GET", path: "/api/v1/dues/my-payments", user: "plain", status: 200,
				has: []string{`"id":"{payPlain}"`, `"id":"{payDup}"`}, hasNot: []string{`"member_name":"张三"`}},
		})
	})
}
