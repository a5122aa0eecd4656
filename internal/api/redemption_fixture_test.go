package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/redemption"
)

// allianceFixture adds the service alliance of committee C (merchant {mC}, reward {rC}: 2
// points, 100 in stock) and of committee X ({mX}, {rX}), their operators shop (merchant over
// C) and shopX (over X), member users mb1 (b1) and mx1 (x1), 10 reward points each for a2,
// b1 and x1 (item {indR} of the region), and a held redemption of a2 at mC ({rdA}, code
// {codeA}), of b1 at mC ({rdB}) and of x1 at mX ({rdX}, code {codeX}).
func (e *env) allianceFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	e.indicator(t, "indR", e.R, points.IndicatorInput{Points: domain.Whole(10)})
	for _, m := range []int64{e.a2, e.b1, e.x1} {
		e.systemAward(t, "indR", m)
	}
	e.addUser(t, "shop", 0, domain.Grant{Role: domain.RoleMerchant, OrgID: e.C})
	e.addUser(t, "shopX", 0, domain.Grant{Role: domain.RoleMerchant, OrgID: e.X})
	e.addUser(t, "mb1", e.b1, domain.Grant{Role: domain.RoleMember, OrgID: e.B})
	e.addUser(t, "mx1", e.x1, domain.Grant{Role: domain.RoleMember, OrgID: e.XB})
	merchant := func(key string, orgID int64, operator string) {
		name := "商家" + key
		m, err := e.set.Redemption.CreateMerchant(ctx, sys, redemption.MerchantInput{OrgID: &orgID, Name: &name})
		if err != nil {
			t.Fatalf("fixture merchant %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(m.ID)
		if err := e.set.Redemption.AddOperator(ctx, sys, m.ID, e.users[operator]); err != nil {
			t.Fatalf("fixture operator %s: %v", operator, err)
		}
	}
	merchant("mC", e.C, "shop")
	merchant("mX", e.X, "shopX")
	e.reward(t, "rC", "mC", 2, 100, 0)
	e.reward(t, "rX", "mX", 2, 100, 0)
	e.extra["codeA"] = e.redeem(t, "rdA", "plain", "rC")
	e.redeem(t, "rdB", "mb1", "rC")
	e.extra["codeX"] = e.redeem(t, "rdX", "mx1", "rX")
}

// systemAward credits one award of an item to a member as the system (today).
func (e *env) systemAward(t *testing.T, indicator string, memberID int64) {
	t.Helper()
	_, err := e.set.Points.Award(context.Background(), auth.SystemActor(), points.AwardInput{
		IndicatorID: int64(mustAtoi(e.extra[indicator])), SubjectType: domain.SubjectMember, SubjectID: memberID, OccurredOn: today()})
	if err != nil {
		t.Fatalf("fixture award %s to %d: %v", indicator, memberID, err)
	}
}

// addUser adds a fixture user after the build and signs them in.
func (e *env) addUser(t *testing.T, username string, memberID int64, grants ...domain.Grant) {
	t.Helper()
	e.user(t, username, memberID, grants...)
	e.tokens[username] = e.login(t, username)
}

// reward adds a reward of a merchant as the system and names it {key}.
func (e *env) reward(t *testing.T, key, merchant string, cost int64, stock int64, perMember int) {
	t.Helper()
	id := int64(mustAtoi(e.extra[merchant]))
	name, c := "奖品"+key, domain.Whole(cost)
	rw, err := e.set.Redemption.CreateReward(context.Background(), auth.SystemActor(), redemption.RewardInput{MerchantID: &id,
		Name: &name, Cost: &c, Stock: &stock, PerMemberLimit: &perMember})
	if err != nil {
		t.Fatalf("fixture reward %s: %v", key, err)
	}
	e.extra[key] = fmt.Sprint(rw.ID)
}

// redeem redeems a reward through the API as user with a fresh key, names the redemption
// {key} and returns its code; anything but 201 fails the test.
func (e *env) redeem(t *testing.T, key, user, reward string) string {
	t.Helper()
	r := e.do(t, "POST", "/api/v1/redemptions", user, map[string]any{"reward_id": e.extra[reward]}, "Idempotency-Key", newKey())
	if r.status != 201 || r.str("status") != "held" || r.str("code") == "" {
		t.Fatalf("redeem %s as %s: %d %s", reward, user, r.status, r.body)
	}
	if key != "" {
		e.extra[key] = r.str("id")
	}
	return r.str("code")
}

// balance reads a member's reward balance as the system.
func (e *env) balance(t *testing.T, memberID int64) string {
	t.Helper()
	acc, err := e.set.Points.Account(context.Background(), auth.SystemActor(), domain.SubjectMember, memberID, thisYear())
	if err != nil {
		t.Fatal(err)
	}
	return acc.RewardBalance.String()
}

// js encodes a body as JSON text, so that e.do replaces its placeholders ({A}, {u:shop}).
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
