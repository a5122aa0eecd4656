package redemption_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// parallel runs n calls at once, alternating between the two instances, and returns their
// errors in order.
func parallel[T any](n int, call func(i int, s *redemption.Service) (T, error), e *env) ([]T, []error) {
	out := make([]T, n)
	errs := make([]error, n)
	services := []*redemption.Service{e.s, e.s2}
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-begin
			out[i], errs[i] = call(i, services[i%2])
		}()
	}
	close(begin)
	wg.Wait()
	return out, errs
}

// codes counts the error codes ("" for success).
func codes(errs []error) map[string]int {
	m := map[string]int{}
	for _, err := range errs {
		m[domain.ErrorCode(err)]++
	}
	return m
}

// Issue 4, done when: 100 parallel redemptions against a balance enough for 10 → exactly 10.
func TestConcurrentRedemptionsNeverOverspend(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 50)
		rw := e.reward("5", 1000, redemption.RewardInput{})
		_, errs := parallel(100, func(i int, s *redemption.Service) (*redemption.RedeemResult, error) {
			return s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		}, e)
		got := codes(errs)
		if got[""] != 10 || got[domain.EInsufficientBalance] != 90 {
			t.Fatalf("outcomes %v, want 10 successes and 90 insufficient_balance", got)
		}
		if b := e.balance(e.m1.ID); b != 0 {
			t.Errorf("balance %s, want 0", b)
		}
		if s := e.stock(rw.ID); s != 990 {
			t.Errorf("stock %d, want 990", s)
		}
		if n := e.entries(e.m1.ID, domain.SourceHold); n != 10 {
			t.Errorf("%d hold entries, want 10", n)
		}
		e.clean()
	})
}

// Stock never goes below zero: 50 redemptions by 10 members with plenty of points for 5 items.
func TestConcurrentRedemptionsNeverOversell(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		rw := e.reward("1", 5, redemption.RewardInput{})
		actors := make([]*auth.Actor, 10)
		for i := range actors {
			_, actors[i] = e.newMember(fmt.Sprintf("党员%d", i), fmt.Sprintf("u%d", i), 100)
		}
		_, errs := parallel(50, func(i int, s *redemption.Service) (*redemption.RedeemResult, error) {
			return s.Redeem(e.ctx, actors[i%10], redemption.RedeemInput{RewardID: rw.ID})
		}, e)
		got := codes(errs)
		if got[""] != 5 || got[domain.EOutOfStock] != 45 {
			t.Fatalf("outcomes %v, want 5 successes and 45 out_of_stock", got)
		}
		if s := e.stock(rw.ID); s != 0 {
			t.Errorf("stock %d, want 0", s)
		}
		var spent domain.Points
		for _, a := range actors {
			spent += pts("100") - e.balance(a.MemberID())
		}
		if spent != pts("5") {
			t.Errorf("members spent %s in all, want 5", spent)
		}
		e.clean()
	})
}

// A per-member limit holds under concurrency too.
func TestConcurrentRedemptionsRespectTheLimit(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 100)
		rw := e.reward("1", 100, redemption.RewardInput{PerMemberLimit: ptr(3), LimitPeriod: ptr(domain.PeriodMonth)})
		_, errs := parallel(30, func(i int, s *redemption.Service) (*redemption.RedeemResult, error) {
			return s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		}, e)
		if got := codes(errs); got[""] != 3 || got[domain.ELimitReached] != 27 {
			t.Fatalf("outcomes %v, want 3 successes and 27 limit_reached", got)
		}
		e.clean()
	})
}

// Issue 4, done when: the same Idempotency-Key 20 times in parallel → one redemption.
func TestConcurrentSameIdempotencyKey(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 100)
		rw := e.reward("7.5", 100, redemption.RewardInput{})
		res, errs := parallel(20, func(i int, s *redemption.Service) (*redemption.RedeemResult, error) {
			return s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID, IdempotencyKey: "tap-twice"})
		}, e)
		replays := 0
		for i := range res {
			if errs[i] != nil {
				t.Fatalf("request %d: %v", i, errs[i])
			}
			if res[i].Redemption.ID != res[0].Redemption.ID || res[i].Redemption.Code != res[0].Redemption.Code ||
				res[i].Redemption.Status != domain.RedemptionHeld {
				t.Fatalf("request %d: %+v vs %+v", i, res[i].Redemption, res[0].Redemption)
			}
			if res[i].Replayed {
				replays++
			}
		}
		if replays != 19 {
			t.Errorf("%d replays, want 19", replays)
		}
		if b := e.balance(e.m1.ID); b != pts("92.5") {
			t.Errorf("balance %s, want 92.5", b)
		}
		mine, err := e.s.MyRedemptions(e.ctx, e.member, redemption.ListFilter{})
		e.must(err)
		if len(mine) != 1 {
			t.Errorf("%d redemptions, want 1", len(mine))
		}
		// The key with another reward is a conflict, not a second redemption.
		other := e.reward("1", 1, redemption.RewardInput{})
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: other.ID, IdempotencyKey: "tap-twice"})
		if domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("same key, other reward: %v", err)
		}
		e.clean()
	})
}

// Cancel called twice at once (the member and the operator, on two instances) releases once.
func TestConcurrentCancelReleasesOnce(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 40)
		rw := e.reward("4", 10, redemption.RewardInput{})
		var held []*domain.Redemption
		for range 5 {
			held = append(held, e.redeem(e.member, rw.ID))
		}
		for _, r := range held {
			out, errs := parallel(2, func(i int, s *redemption.Service) (*domain.Redemption, error) {
				who := []*auth.Actor{e.member, e.op1}[i]
				return s.Cancel(e.ctx, who, r.ID, "")
			}, e)
			for i := range out {
				if errs[i] != nil || out[i].Status != domain.RedemptionCancelled || out[i].ReleaseEntryID == 0 {
					t.Fatalf("cancel %d of %d: %+v, %v", i, r.ID, out[i], errs[i])
				}
			}
		}
		if n := e.entries(e.m1.ID, domain.SourceRelease); n != 5 {
			t.Errorf("%d release entries, want 5", n)
		}
		if b := e.balance(e.m1.ID); b != pts("40") {
			t.Errorf("balance %s, want 40", b)
		}
		if s := e.stock(rw.ID); s != 10 {
			t.Errorf("stock %d, want 10", s)
		}
		// Confirming a cancelled one fails; the operator of another merchant may not cancel.
		_, err := e.s.Confirm(e.ctx, e.op1, held[0].ID)
		if domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("confirm after cancel: %v", err)
		}
		r := e.redeem(e.member, rw.ID)
		if _, err := e.s.Cancel(e.ctx, e.op2, r.ID, ""); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("another merchant's operator cancels: %v", err)
		}
		if _, err := e.s.Cancel(e.ctx, e.memberB, r.ID, ""); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("another member cancels: %v", err)
		}
		if n := e.entries(e.m1.ID, domain.SourceRelease); n != 5 {
			t.Errorf("%d release entries after refusals, want 5", n)
		}
		e.clean()
	})
}

// Confirm and cancel racing on one hold: exactly one wins, and the points follow the winner.
func TestConcurrentConfirmAndCancel(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 100)
		rw := e.reward("2", 100, redemption.RewardInput{})
		fulfilled := 0
		for range 10 {
			r := e.redeem(e.member, rw.ID)
			_, errs := parallel(2, func(i int, s *redemption.Service) (*domain.Redemption, error) {
				if i == 0 {
					return s.Confirm(e.ctx, e.op1, r.ID)
				}
				return s.Cancel(e.ctx, e.member, r.ID, "")
			}, e)
			if got := codes(errs); got[""] != 1 || got[domain.EConflict] != 1 {
				t.Fatalf("outcomes %v, want one success and one conflict", got)
			}
			if errs[0] == nil {
				fulfilled++
			}
		}
		want := pts("100") - domain.Points(fulfilled)*pts("2")
		if b := e.balance(e.m1.ID); b != want {
			t.Errorf("balance %s with %d fulfilled, want %s", b, fulfilled, want)
		}
		if n := e.entries(e.m1.ID, domain.SourceRelease); n != 10-fulfilled {
			t.Errorf("%d releases, want %d", n, 10-fulfilled)
		}
		if s := e.stock(rw.ID); s != int64(100-fulfilled) {
			t.Errorf("stock %d, want %d", s, 100-fulfilled)
		}
		e.clean()
	})
}

// Holds expire after 72 hours; two sweeps at once (two instances) release each exactly once.
func TestConcurrentExpiry(t *testing.T) {
	forEachEngineTwoInstances(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 100)
		rw := e.reward("3", 100, redemption.RewardInput{})
		var held []*domain.Redemption
		for range 20 {
			held = append(held, e.redeem(e.member, rw.ID))
		}
		e.clock.Add(71 * time.Hour)
		late := e.redeem(e.member, rw.ID) // expires 71 h after the others
		n, err := e.s.ExpireHolds(e.ctx)
		e.must(err)
		if n != 0 {
			t.Fatalf("expired %d holds before their time", n)
		}
		if b := e.balance(e.m1.ID); b != pts("37") {
			t.Fatalf("balance %s with 21 holds, want 37", b)
		}

		e.clock.Add(time.Hour)
		counts, errs := parallel(4, func(i int, s *redemption.Service) (int, error) { return s.ExpireHolds(e.ctx) }, e)
		total := 0
		for i := range counts {
			e.must(errs[i])
			total += counts[i]
		}
		if total != 20 {
			t.Errorf("the sweeps expired %d holds in all, want 20", total)
		}
		if n := e.entries(e.m1.ID, domain.SourceRelease); n != 20 {
			t.Errorf("%d release entries, want 20", n)
		}
		if b := e.balance(e.m1.ID); b != pts("97") {
			t.Errorf("balance %s, want 97 (one hold left)", b)
		}
		if s := e.stock(rw.ID); s != 99 {
			t.Errorf("stock %d, want 99", s)
		}
		got, err := e.s.Get(e.ctx, e.member, held[0].ID)
		e.must(err)
		if got.Status != domain.RedemptionExpired || got.SettledByName != "system" || got.ReleaseEntryID == 0 {
			t.Errorf("expired redemption: %+v", got)
		}
		if _, err := e.s.ConfirmCode(e.ctx, e.op1, held[1].Code); domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("confirm an expired hold: %v", err)
		}

		// Confirming a hold past its expiry before any sweep expires it there and fails.
		e.clock.Add(72 * time.Hour)
		_, err = e.s.Confirm(e.ctx, e.op1, late.ID)
		wantMessage(t, err, domain.EConflict, "err.redemption.expired")
		if b := e.balance(e.m1.ID); b != pts("100") {
			t.Errorf("balance %s, want 100 after every hold returned", b)
		}
		if n, err := e.s2.ExpireHolds(e.ctx); err != nil || n != 0 {
			t.Errorf("a sweep after everything expired: %d, %v", n, err)
		}
		if n := e.entries(e.m1.ID, domain.SourceRelease); n != 21 {
			t.Errorf("%d release entries, want 21", n)
		}
		e.clean()
	})
}

func wantMessage(t *testing.T, err error, code, message string) {
	t.Helper()
	de, ok := domain.AsError(err)
	if !ok || de.Code != code || de.Message != message {
		t.Fatalf("got %v, want %s (%s)", err, code, message)
	}
}
