package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// The same Idempotency-Key sent 20 times at once through HTTP posts one entry, and every
// response is the first one (201, the same body).
func TestPointsIdempotencyUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.indicator(t, "IDEM", e.A, points.IndicatorInput{Points: domain.Whole(3)})
		body := fmt.Sprintf(`{"indicator_id":"{IDEM}","subject_type":"member","subject_id":"{a1}","occurred_on":"%s"}`, today())
		const n = 20
		responses := make([]*response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				responses[i] = e.do(t, "POST", "/api/v1/points/awards", "secA", body, "Idempotency-Key", "same-key")
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
		entries := e.do(t, "GET", "/api/v1/points/entries?subject_id={a1}", "secA", nil)
		if len(entries.items()) != 1 {
			t.Errorf("%d entries, want 1: %s", len(entries.items()), entries.body)
		}
		e.noBreach(t)
	})
}

// 50 awards at once on an indicator capped at 10 a day: exactly the cap is given, never more.
func TestPointsCapUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		capDay := domain.Whole(10)
		e.indicator(t, "CAP", e.A, points.IndicatorInput{Points: domain.Whole(1), Caps: domain.Caps{Day: &capDay}})
		body := fmt.Sprintf(`{"indicator_id":"{CAP}","subject_type":"member","subject_id":"{a2}","occurred_on":"%s"}`, today())
		const n = 50
		var mu sync.Mutex
		awarded, capped := 0.0, 0
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.do(t, "POST", "/api/v1/points/awards", "secA", body, "Idempotency-Key", newKey())
				if r.status != 201 {
					t.Errorf("award: %d %s", r.status, r.body)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				awarded += r.json["points_awarded"].(float64)
				if r.json["capped"] == true {
					capped++
				}
			}()
		}
		wg.Wait()
		if awarded != 10 || capped != n-10 {
			t.Errorf("awarded %v with %d capped, want 10 with %d", awarded, capped, n-10)
		}
		r := e.do(t, "GET", "/api/v1/points/accounts", "plain", nil)
		if app := r.json["appraisal"].(map[string]any); app["total"] != 10.0 || r.json["reward_balance"] != 10.0 {
			t.Errorf("account after the burst: %s", r.body)
		}
		e.noBreach(t)
	})
}

// noBreach fails the test when the ledger check finds anything.
func (e *env) noBreach(t *testing.T) {
	t.Helper()
	breaches, err := e.set.Points.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range breaches {
		t.Errorf("ledger breach: %+v", b)
	}
}
