package web_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/redemption"
)

// pointsWorld adds to the fixture what the points and redemption pages show: the region's
// "1" catalogue of this year and last year, a claim of member B, users for branch B and
// for the merchant's counter, and a merchant of the region's alliance with one reward.
type pointsWorld struct {
	Year, LastYear int
	Ind, IndLast   *domain.Indicator // region items, member subject, 5 points a time
	ClaimB         *domain.Claim     // 李四's pending claim
	SecretaryB     *domain.User
	PlainB         *domain.User
	Operator       *domain.User
	Shop           *domain.Merchant
	Book           *domain.Reward // costs 5, stock 3
}

func addPoints(t testing.TB, f *fixture) *pointsWorld {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	w := &pointsWorld{Year: time.Now().In(shanghai).Year()}
	w.LastYear = w.Year - 1
	mkInd := func(code string, year int) *domain.Indicator {
		ind, err := f.Set.Points.CreateIndicator(ctx, sys, points.IndicatorInput{OrgID: f.Region.ID, Year: year, Code: code,
			Name: "参加主题党日", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: domain.Whole(5),
			Unit: domain.UnitCount, NeedsApproval: true})
		if err != nil {
			t.Fatalf("indicator %s: %v", code, err)
		}
		return ind
	}
	w.Ind, w.IndLast = mkInd("A01", w.Year), mkInd("A01", w.LastYear)
	mkUser := func(username, role string, orgID, memberID int64) *domain.User {
		in := account.Input{Username: ptr(username), Password: ptr(testPassword), DisplayName: ptr(username),
			Grants: &[]account.GrantInput{{Role: role, OrgID: orgID}}}
		if memberID != 0 {
			in.MemberID = ptr(memberID)
		}
		u, err := f.Set.Accounts.Create(ctx, sys, in)
		if err != nil {
			t.Fatalf("user %s: %v", username, err)
		}
		return u
	}
	w.SecretaryB = mkUser("secretary_b", domain.RoleSecretary, f.BranchB.ID, 0)
	w.PlainB = mkUser("lisi", domain.RoleMember, f.BranchB.ID, f.MemberB.ID)
	w.Operator = mkUser("shop_op", domain.RoleMerchant, f.Region.ID, 0)

	lisi := actorOf(t, f, "lisi")
	var err error
	if w.ClaimB, err = f.Set.Points.Claim(ctx, lisi, points.ClaimInput{IndicatorID: w.Ind.ID, Quantity: domain.Whole(1),
		OccurredOn: time.Now().In(shanghai).Format("2006-01-02"), Note: "乙支部主题党日"}); err != nil {
		t.Fatalf("claim of 李四: %v", err)
	}

	if w.Shop, err = f.Set.Redemption.CreateMerchant(ctx, sys, redemption.MerchantInput{OrgID: ptr(f.Region.ID),
		Name: ptr("红色书店"), Address: ptr("示范区人民路1号")}); err != nil {
		t.Fatal(err)
	}
	if err := f.Set.Redemption.AddOperator(ctx, sys, w.Shop.ID, w.Operator.ID); err != nil {
		t.Fatal(err)
	}
	if w.Book, err = f.Set.Redemption.CreateReward(ctx, sys, redemption.RewardInput{MerchantID: ptr(w.Shop.ID),
		Name: ptr("党史读本"), Cost: ptr(domain.Whole(5)), Stock: ptr(int64(3))}); err != nil {
		t.Fatal(err)
	}
	return w
}

// actorOf signs a fixture user in and returns their Actor, for setting up through services.
func actorOf(t testing.TB, f *fixture, username string) *auth.Actor {
	t.Helper()
	ctx := context.Background()
	secret, _, err := f.Set.Auth.Login(ctx, username, testPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	a, err := f.Set.Auth.SessionActor(ctx, secret, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}
