package api_test

import (
	"fmt"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// 100 redemptions at once, each with its own key, against a balance enough for 10: exactly
// 10 are held (201) and 90 refused with 409 insufficient_balance; the balance ends at zero
// and the stock went down by 10, never more.
func TestRedemptionBalanceUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.allianceFixture(t)
		e.indicator(t, "ten", e.A, points.IndicatorInput{Points: domain.Whole(10)})
		e.addUser(t, "m1", e.a1, domain.Grant{Role: domain.RoleMember, OrgID: e.A})
		e.systemAward(t, "ten", e.a1) // enough for ten at 1 point
		e.reward(t, "cheap", "mC", 1, 1000, 0)
		const n = 100
		responses := make([]*response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				responses[i] = e.do(t, "POST", "/api/v1/redemptions", "m1", `{"reward_id":"{cheap}"}`, "Idempotency-Key", newKey())
			}()
		}
		wg.Wait()
		count := map[string]int{}
		for _, r := range responses {
			count[fmt.Sprint(r.status, " ", r.errCode())]++
		}
		if count["201 "] != 10 || count["409 insufficient_balance"] != 90 {
			t.Errorf("outcomes %v, want 10 × 201 and 90 × 409 insufficient_balance", count)
		}
		if got := e.balance(t, e.a1); got != "0" {
			t.Errorf("balance %s, want 0", got)
		}
		r := e.do(t, "GET", "/api/v1/rewards/{cheap}", "orgadm", nil)
		if num(r, "stock") != "990" {
			t.Errorf("stock %s, want 990", num(r, "stock"))
		}
		e.noBreach(t)
	})
}

// The same key 20 times at once makes one redemption, and every answer is the first one.
func TestRedemptionIdempotencyUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.allianceFixture(t)
		const n = 20
		responses := make([]*response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				responses[i] = e.do(t, "POST", "/api/v1/redemptions", "plain", `{"reward_id":"{rC}"}`, "Idempotency-Key", "one-key")
			}()
		}
		wg.Wait()
		replays := 0
		for i, r := range responses {
			if r.status != 201 || string(r.body) != string(responses[0].body) {
				t.Errorf("response %d: %d %s, first %d %s", i, r.status, r.body, responses[0].status, responses[0].body)
			}
			if r.header.Get("Idempotent-Replayed") == "true" {
				replays++
			}
		}
		if replays != n-1 {
			t.Errorf("%d replays, want %d", replays, n-1)
		}
		r := e.do(t, "GET", "/api/v1/redemptions?status=held", "plain", nil)
		if len(r.items()) != 2 { // {rdA} and this one
			t.Errorf("%d held redemptions, want 2: %s", len(r.items()), r.body)
		}
		if got := e.balance(t, e.a2); got != "6" {
			t.Errorf("balance %s, want 6 (10 − 2 − 2)", got)
		}
		e.noBreach(t)
	})
}
