package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/points"
)

func merchantBody(org string) func(*env, string) any {
	return func(_ *env, user string) any { return map[string]any{"org_id": org, "name": "新商家-" + user + org} }
}

func rewardBody(merchant string) func(*env, string) any {
	return func(_ *env, user string) any {
		return map[string]any{"merchant_id": merchant, "name": "新奖品-" + user, "cost": 1.5, "stock": 3}
	}
}

// rankingMatrix covers leaderboards, ranks, eligibility and the rating run of last year
// ({Y}) computed for committee C. admin secA orgadm auditor plain.
var rankingMatrix = []pointsRow{
	row("GET", "/api/v1/leaderboards?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/leaderboards?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/leaderboards?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/leaderboards/rank?org_id={A}&subject_id={a2}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/leaderboards/rank?org_id={A}&subject_id={a1}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/leaderboards/rank?org_id={B}&subject_id={b1}", nil, [5]int{200, 404, 200, 200, 404}),
	// Without subject_id: the caller's own member record, which only plain has.
	row("GET", "/api/v1/leaderboards/rank?org_id={A}", nil, [5]int{400, 400, 400, 400, 200}),
	row("GET", "/api/v1/points/eligibility?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/eligibility?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/ratings/{Y}?org_id={C}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/ratings/{Y}?org_id={A}", nil, [5]int{404, 404, 404, 404, 404}), // no run
	row("POST", "/api/v1/ratings/{Y}/runs", body(map[string]any{"org_id": "{XB}"}), [5]int{202, 403, 403, 403, 403}),
	row("POST", "/api/v1/ratings/{Y}/runs", body(map[string]any{"org_id": "999999"}), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/ratings/{Y}/calibrations", body(map[string]any{"org_id": "{C}", "subject_id": "{a1}", "stars": 4, "reason": "x"}),
		[5]int{200, 403, 200, 403, 403}),
	row("POST", "/api/v1/ratings/{Y}/publish", body(map[string]any{"org_id": "{C}", "late_reason": "x"}), [5]int{200, 403, 409, 403, 403}),
}

// redemptionMatrix covers the service alliance: merchants {mC} (alliance of C) and {mX} (of
// X), their rewards {rC} and {rX}, held redemptions of a2 ({rdA}) and b1 ({rdB}) at mC and of
// x1 ({rdX}) at mX. Only admins and organisation admins run alliances; auditors read them;
// members see their alliance's catalogue and their own redemptions.
var redemptionMatrix = []pointsRow{
	row("GET", "/api/v1/merchants", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/merchants/{mC}", nil, [5]int{200, 404, 200, 200, 200}),
	row("GET", "/api/v1/merchants/{mX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("POST", "/api/v1/merchants", merchantBody("{C}"), [5]int{201, 403, 201, 403, 403}),
	row("POST", "/api/v1/merchants", merchantBody("{X}"), [5]int{201, 403, 403, 403, 403}),
	row("PATCH", "/api/v1/merchants/{mC}", body(map[string]any{"phone": "010-1"}), [5]int{200, 403, 200, 403, 403}),
	row("PATCH", "/api/v1/merchants/{mX}", body(map[string]any{"phone": "010-1"}), [5]int{200, 403, 403, 403, 403}),
	row("GET", "/api/v1/merchants/{mC}/operators", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/merchants/{mX}/operators", nil, [5]int{200, 404, 404, 404, 404}),
	row("POST", "/api/v1/merchants/{mC}/operators", body(map[string]any{"user_id": "{u:shop}"}), [5]int{200, 403, 200, 403, 403}),
	row("POST", "/api/v1/merchants/{mX}/operators", body(map[string]any{"user_id": "{u:shopX}"}), [5]int{200, 403, 403, 403, 403}),
	row("DELETE", "/api/v1/merchants/{mC}/operators/{u:secA}", nil, [5]int{200, 403, 200, 403, 403}),
	row("DELETE", "/api/v1/merchants/{mX}/operators/{u:secA}", nil, [5]int{200, 403, 403, 403, 403}),

	row("GET", "/api/v1/rewards", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/rewards/{rC}", nil, [5]int{200, 404, 200, 200, 200}),
	row("GET", "/api/v1/rewards/{rX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("POST", "/api/v1/rewards", rewardBody("{mC}"), [5]int{201, 403, 201, 403, 403}),
	row("POST", "/api/v1/rewards", rewardBody("{mX}"), [5]int{201, 403, 403, 403, 403}),
	row("PATCH", "/api/v1/rewards/{rC}", body(map[string]any{"stock": 50}), [5]int{200, 403, 200, 403, 403}),
	row("PATCH", "/api/v1/rewards/{rX}", body(map[string]any{"stock": 50}), [5]int{200, 403, 403, 403, 403}),

	// Only a member redeems, for themself, in their own alliance.
	idemRow("POST", "/api/v1/redemptions", body(map[string]any{"reward_id": "{rC}"}), [5]int{403, 403, 403, 403, 201}),
	idemRow("POST", "/api/v1/redemptions", body(map[string]any{"reward_id": "{rX}"}), [5]int{403, 403, 403, 403, 404}),
	row("GET", "/api/v1/redemptions", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/redemptions?merchant_id={mC}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/redemptions?merchant_id={mX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/redemptions/{rdA}", nil, [5]int{200, 404, 200, 200, 200}),
	row("GET", "/api/v1/redemptions/{rdB}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/redemptions/{rdX}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/redemptions/{rdA}/qr.png", nil, [5]int{200, 404, 200, 200, 200}),
	row("GET", "/api/v1/redemptions/{rdX}/qr.png", nil, [5]int{200, 404, 404, 404, 404}),
	// Confirming is the merchant's operators' alone; by code, a stranger learns nothing.
	row("POST", "/api/v1/redemptions/{rdA}/confirm", nil, [5]int{403, 403, 403, 403, 403}),
	row("POST", "/api/v1/redemptions/confirm", body(map[string]any{"code": "{codeA}"}), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/redemptions/{rdB}/cancel", nil, [5]int{200, 403, 200, 403, 403}),
	row("POST", "/api/v1/redemptions/{rdX}/cancel", nil, [5]int{200, 403, 403, 403, 403}),
	row("POST", "/api/v1/redemptions/{rdA}/cancel", nil, [5]int{200, 403, 200, 403, 200}),

	row("GET", "/api/v1/merchants/999999", nil, [5]int{404, 404, 404, 404, 404}),
	row("PATCH", "/api/v1/rewards/999999", body(map[string]any{"stock": 1}), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/redemptions/999999/confirm", nil, [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/redemptions/999999/cancel", nil, [5]int{404, 404, 404, 404, 404}),
}

// TestAuthorizationMatrixRankingsAndRedemption tries every ranking, rating and redemption
// endpoint as every role, then the merchant operators: an operator sees and confirms only
// their own merchant's redemptions.
func TestAuthorizationMatrixRankingsAndRedemption(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.allianceFixture(t)
		e.ratingFixture(t)

		// The operators first, while every redemption is held.
		expect(t, e.do(t, "GET", "/api/v1/redemptions?merchant_id={mC}", "shop", nil), 200, "")
		expect(t, e.do(t, "GET", "/api/v1/redemptions?merchant_id={mX}", "shop", nil), 404, "not_found")
		expect(t, e.do(t, "GET", "/api/v1/redemptions/{rdA}", "shop", nil), 200, "")
		expect(t, e.do(t, "GET", "/api/v1/redemptions/{rdX}", "shop", nil), 404, "not_found")
		expect(t, e.do(t, "POST", "/api/v1/redemptions/{rdX}/confirm", "shop", nil), 403, "forbidden")
		expect(t, e.do(t, "POST", "/api/v1/redemptions/confirm", "shop", js(map[string]any{"code": "{codeX}"})), 404, "not_found")
		expect(t, e.do(t, "PATCH", "/api/v1/merchants/{mC}", "shop", map[string]any{"phone": "1"}), 403, "forbidden")
		expect(t, e.do(t, "POST", "/api/v1/rewards", "shop", js(map[string]any{"merchant_id": "{mC}", "name": "柜台补货", "cost": 1})), 201, "")
		expect(t, e.do(t, "PATCH", "/api/v1/rewards/{rX}", "shop", map[string]any{"stock": 1}), 403, "forbidden")
		expect(t, e.do(t, "GET", "/api/v1/leaderboards?org_id={A}", "shop", nil), 404, "not_found")
		r := e.do(t, "GET", "/api/v1/redemptions?merchant_id={mC}", "shop", nil)
		for _, it := range r.items() {
			if it["merchant_id"] != e.extra["mC"] {
				t.Errorf("shop's list holds %v", it)
			}
		}

		e.runMatrix(t, rankingMatrix)
		e.runMatrix(t, redemptionMatrix)

		// A member's list holds their own redemptions only.
		r = e.do(t, "GET", "/api/v1/redemptions", "plain", nil)
		if len(r.items()) != 2 {
			t.Errorf("plain's redemptions: %s", r.body)
		}
		for _, it := range r.items() {
			if it["member_id"] != fmt.Sprint(e.a2) {
				t.Errorf("plain's list holds %v", it)
			}
		}
		e.noBreach(t)
	})
}

// ratingFixture computes last year's rating of committee C ({Y} is last year) with a point
// for a1, as the system, and waits until it is computed.
func (e *env) ratingFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	year := thisYear() - 1
	e.extra["Y"] = fmt.Sprint(year)
	ind, err := e.set.Points.CreateIndicator(ctx, sys, points.IndicatorInput{OrgID: e.C, Year: year, Code: "Y1", Name: "去年",
		Category: "activity", Subject: "member", Unit: "count", Points: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.set.Points.Award(ctx, sys, points.AwardInput{IndicatorID: ind.ID, SubjectType: "member", SubjectID: e.a1,
		OccurredOn: fmt.Sprintf("%d-05-04", year)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.set.Ratings.StartRun(ctx, sys, year, e.C); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		run, err := e.set.Ratings.RunStatus(ctx, sys, year, e.C)
		if err != nil {
			t.Fatal(err)
		}
		if run.Status == "computed" {
			return
		}
		if run.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("rating run: %+v", run)
		}
	}
}

// runMatrix sends every row as every matrix user and checks the statuses; errors must come in
// the error envelope.
func (e *env) runMatrix(t *testing.T, rows []pointsRow) {
	t.Helper()
	rep := e.replacer()
	for _, row := range rows {
		for i, user := range matrixUsers {
			want := row.want[i]
			name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
			var headers []string
			if row.idem {
				headers = []string{"Idempotency-Key", newKey()}
			}
			var r *response
			if b := bodyFor(e, row.matrixRow, user); b == nil {
				r = e.raw(t, row.method, row.path, user, nil, "", headers...)
			} else {
				raw, _ := json.Marshal(b)
				r = e.raw(t, row.method, row.path, user, []byte(rep.Replace(string(raw))), "application/json", headers...)
			}
			if r.status != want {
				t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
				continue
			}
			if want >= 400 && r.errCode() == "" {
				t.Errorf("%s: status %d without an error envelope", name, r.status)
			}
		}
	}
}
