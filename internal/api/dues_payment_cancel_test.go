package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/duespay/testpay"
)

// Cancelling an online order: only its payer (plain); those who may read it 403, others 404;
// a second cancel 409. A notification that the cancelled order was paid after all pays it.
func TestDuesPaymentCancel(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		tp := e.payFixture(t)
		plain, err := e.set.Auth.TokenActor(context.Background(), e.tokens["plain"], "")
		if err != nil {
			t.Fatal(err)
		}
		bill := e.freshBill(e.a2, e.A)
		res, err := e.set.DuesPay.Pay(context.Background(), plain, duespay.PayInput{BillIDs: []int64{bill},
			Method: domain.PayOnline, BaseURL: "http://dj.test"})
		if err != nil {
			t.Fatal(err)
		}
		e.extra["payCancel"] = fmt.Sprint(res.Payment.ID)
		e.runMatrix(t, []pointsRow{
			row("POST", "/api/v1/dues/payments/{payCancel}/cancel", nil, [5]int{403, 403, 403, 403, 200}),
			row("POST", "/api/v1/dues/payments/{payCancel}/cancel", nil, [5]int{403, 403, 403, 403, 409}),
			row("POST", "/api/v1/dues/payments/{payX}/cancel", nil, [5]int{403, 404, 404, 404, 404}),
			row("POST", "/api/v1/dues/payments/{payA}/cancel", nil, [5]int{403, 403, 403, 403, 404}),
			row("POST", "/api/v1/dues/payments/999999/cancel", nil, [5]int{404, 404, 404, 404, 404}),
		})
		e.runScenarios(t, []scenario{
			{name: "cancelled shows", method: "GET", path: "/api/v1/dues/payments/{payCancel}", user: "plain", status: 200,
				has: []string{`"status":"cancelled"`}, hasNot: []string{`"pay_url":"http`}},
			{name: "cancelled filter", method: "GET", path: "/api/v1/dues/payments?status=cancelled", user: "secA", status: 200,
				has: []string{`"id":"{payCancel}"`}},
		})

		// The provider took the money before the cancel reached it: the late notification pays
		// the bill (it is still unpaid).
		h, b := tp.SignedNotification(testpay.Order{OrderNo: res.Payment.OrderNo}, 1000)
		headers := []string{}
		for _, k := range []string{testpay.HeaderTimestamp, testpay.HeaderNonce, testpay.HeaderSignature} {
			headers = append(headers, k, h.Get(k))
		}
		if r := e.do(t, "POST", "/api/v1/dues/notify/test", "", b, headers...); r.status != http.StatusOK || r.str("result") != "processed" {
			t.Fatalf("late notify: %d %s", r.status, r.body)
		}
		e.runScenarios(t, []scenario{
			{name: "paid late", method: "GET", path: "/api/v1/dues/payments/{payCancel}", user: "plain", status: 200,
				has: []string{`"status":"paid"`, `"status":"applied"`}},
			{name: "paid cannot be cancelled", method: "POST", path: "/api/v1/dues/payments/{payCancel}/cancel", user: "plain", status: 409,
				code: "conflict"},
		})
	})
}
