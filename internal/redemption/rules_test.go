package redemption_test

import (
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/redemption"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestRedeemRefusals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 20)
		e.give(e.mB.ID, 20)
		empty := e.reward("1", 0, redemption.RewardInput{})
		_, err := e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: empty.ID})
		testutil.WantCode(t, err, domain.EOutOfStock)

		dear := e.reward("20.1", 5, redemption.RewardInput{})
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: dear.ID})
		testutil.WantCode(t, err, domain.EInsufficientBalance)
		if got := e.stock(dear.ID); got != 5 {
			t.Errorf("a refused redemption changed the stock: %d", got)
		}

		// A member outside the alliance does not see its rewards at all.
		cheap := e.reward("1", 5, redemption.RewardInput{})
		_, err = e.s.Redeem(e.ctx, e.memberB, redemption.RedeemInput{RewardID: cheap.ID})
		testutil.WantCode(t, err, domain.ENotFound)
		// A user without a member record cannot redeem.
		_, err = e.s.Redeem(e.ctx, e.manager, redemption.RedeemInput{RewardID: cheap.ID})
		testutil.WantCode(t, err, domain.EForbidden)

		// Withdrawn, outside its window, or its merchant suspended: unavailable.
		later := e.reward("1", 5, redemption.RewardInput{ValidFrom: ptr("2024-07-01")})
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: later.ID})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.UpdateReward(e.ctx, e.op1, cheap.ID, redemption.RewardInput{Status: ptr(domain.RewardInactive)})
		e.must(err)
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: cheap.ID})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.UpdateMerchant(e.ctx, e.manager, e.shop1.ID, redemption.MerchantInput{Status: ptr(domain.MerchantSuspended)})
		e.must(err)
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: dear.ID})
		testutil.WantCode(t, err, domain.EConflict)
		if got := e.balance(e.m1.ID); got != pts("20") {
			t.Errorf("balance %s after refusals, want 20", got)
		}
		e.clean()
	})
}

// Per-member limits count held and fulfilled redemptions in the calendar period (China's
// calendar, weeks from Monday); a cancelled one frees its place.
func TestPerMemberLimit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 100)
		rw := e.reward("1", 100, redemption.RewardInput{PerMemberLimit: ptr(2), LimitPeriod: ptr(domain.PeriodWeek)})
		first := e.redeem(e.member, rw.ID)
		e.redeem(e.member, rw.ID)
		_, err := e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		testutil.WantCode(t, err, domain.ELimitReached)

		_, err = e.s.Cancel(e.ctx, e.member, first.ID, "改天再来")
		e.must(err)
		third := e.redeem(e.member, rw.ID)
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		testutil.WantCode(t, err, domain.ELimitReached)

		// Saturday 15 June, 10:00 → Sunday 23:30 in Beijing: the same week.
		e.clock.Add(37*time.Hour + 30*time.Minute)
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: rw.ID})
		testutil.WantCode(t, err, domain.ELimitReached)
		// → Monday 17 June, 00:30 in Beijing (16:30 UTC on the 16th): a new week.
		e.clock.Add(time.Hour)
		e.redeem(e.member, rw.ID)
		if third.RedeemedOn.String() != "2024-06-15" {
			t.Errorf("redeemed on %s", third.RedeemedOn)
		}

		once := e.reward("1", 100, redemption.RewardInput{PerMemberLimit: ptr(1), LimitPeriod: ptr(domain.LimitEver)})
		e.redeem(e.member, once.ID)
		e.clock.Add(400 * 24 * time.Hour)
		_, err = e.s.Redeem(e.ctx, e.member, redemption.RedeemInput{RewardID: once.ID})
		testutil.WantCode(t, err, domain.ELimitReached)
		e.clean()
	})
}

// The hold lasts what rule redemption.hold_hours says for the alliance on the day.
func TestHoldHoursRule(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.give(e.m1.ID, 10)
		err := e.f.DB.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, domain.RuleRedemptionHold, e.f.CommitteeA.ID, domain.RedemptionHoldRule{Hours: 24},
				domain.NewDate(2024, 6, 1), "test", "test")
		})
		e.must(err)
		r := e.redeem(e.member, e.reward("1", 1, redemption.RewardInput{}).ID)
		if want := start.Add(24 * time.Hour); !r.ExpiresAt.Equal(want) {
			t.Errorf("expires at %v, want %v", r.ExpiresAt, want)
		}
	})
}

func TestMerchantsAndRewardsManagement(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		name := "外省商家"
		_, err := e.s.CreateMerchant(e.ctx, e.mgrB, redemption.MerchantInput{OrgID: &e.f.CommitteeA.ID, Name: &name})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.CreateMerchant(e.ctx, e.op1, redemption.MerchantInput{OrgID: &e.f.CommitteeA.ID, Name: &name})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.CreateMerchant(e.ctx, e.manager, redemption.MerchantInput{OrgID: &e.f.CommitteeA.ID})
		testutil.WantField(t, err, domain.EInvalid, "name", "err.required")
		_, err = e.s.UpdateMerchant(e.ctx, e.mgrB, e.shop1.ID, redemption.MerchantInput{Name: &name})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.UpdateMerchant(e.ctx, e.op1, e.shop1.ID, redemption.MerchantInput{Name: &name})
		testutil.WantCode(t, err, domain.EForbidden)

		// Only users with the merchant role over the alliance can be linked as operators.
		err = e.s.AddOperator(e.ctx, e.manager, e.shop1.ID, e.member.UserID())
		testutil.WantField(t, err, domain.EInvalid, "user_id", "err.redemption.operator_role")
		ops, err := e.s.Operators(e.ctx, e.op1, e.shop1.ID)
		e.must(err)
		if len(ops) != 1 || ops[0].Username != "shop1" {
			t.Errorf("operators: %+v", ops)
		}
		mine, err := e.s.MyMerchants(e.ctx, e.op1)
		e.must(err)
		if len(mine) != 1 || mine[0].ID != e.shop1.ID {
			t.Errorf("op1 serves %+v", mine)
		}

		// Reward validation, and who may edit: managers and the merchant's own operators.
		_, err = e.s.CreateReward(e.ctx, e.manager, redemption.RewardInput{MerchantID: &e.shop1.ID, Name: ptr("x"),
			Cost: ptr(pts("0")), Stock: ptr(int64(-1)), LimitPeriod: ptr("fortnight"), ValidFrom: ptr("2024-07-01"),
			ValidTo: ptr("2024-06-01")})
		fields := map[string]string{"cost": "err.points.positive", "stock": "err.redemption.stock",
			"limit_period": "err.choice", "valid_to": "err.redemption.window"}
		for f, key := range fields {
			testutil.WantField(t, err, domain.EInvalid, f, key)
		}
		rw := e.reward("5", 10, redemption.RewardInput{})
		_, err = e.s.UpdateReward(e.ctx, e.op2, rw.ID, redemption.RewardInput{Stock: ptr(int64(50))})
		testutil.WantCode(t, err, domain.EForbidden)
		up, err := e.s.UpdateReward(e.ctx, e.op1, rw.ID, redemption.RewardInput{Stock: ptr(int64(50))})
		e.must(err)
		if up.Stock != 50 || up.Cost != pts("5") || up.Name != "咖啡一杯" {
			t.Errorf("updated reward: %+v", up)
		}

		// The catalogue: members of the alliance see available rewards, others nothing;
		// managers see withdrawn ones too.
		e.reward("1", 1, redemption.RewardInput{Status: ptr(domain.RewardInactive)})
		count := func(a *auth.Actor) int {
			list, err := e.s.Rewards(e.ctx, a, redemption.RewardFilter{})
			e.must(err)
			return len(list)
		}
		if got := count(e.member); got != 1 {
			t.Errorf("member sees %d rewards, want 1", got)
		}
		if got := count(e.memberB); got != 0 {
			t.Errorf("member outside the alliance sees %d rewards", got)
		}
		if got := count(e.manager); got != 2 {
			t.Errorf("manager sees %d rewards, want 2", got)
		}
		if got := count(e.op2); got != 0 {
			t.Errorf("shop2's operator sees %d rewards of shop1", got)
		}
		list, err := e.s.Merchants(e.ctx, e.member, redemption.MerchantFilter{})
		e.must(err)
		if len(list) != 2 {
			t.Errorf("member sees %d merchants, want 2", len(list))
		}
		if _, err := e.s.Merchant(e.ctx, e.memberB, e.shop1.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("member outside the alliance reads a merchant: %v", err)
		}
		if n := testutil.AuditCount(t, e.f.DB, "merchant.operator_add"); n != 2 {
			t.Errorf("%d operator_add audit entries", n)
		}
		if n := testutil.AuditCount(t, e.f.DB, "reward.update"); n != 1 {
			t.Errorf("%d reward.update audit entries", n)
		}
	})
}
