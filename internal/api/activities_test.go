package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/points"
)

// activityClock sets the points service's clock to a day of this year (10:00 in Beijing).
func (e *env) activityClock(t *testing.T, monthDay string) {
	t.Helper()
	day, err := time.Parse("2006-01-02", fmt.Sprintf("%d-%s", thisYear(), monthDay))
	if err != nil {
		t.Fatal(err)
	}
	e.set.Points.Now = func() time.Time { return day.Add(2 * time.Hour) }
}

// activityFixture adds, as the system on 1 February: plans {planP} and {planQ} of committee
// C, and claims of {planQ} by branches A and B.
func (e *env) activityFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	e.activityClock(t, "02-01")
	for _, key := range []string{"planP", "planQ"} {
		p, err := e.set.Points.CreatePlan(ctx, sys, points.PlanInput{OrgID: e.C, Year: thisYear(), Name: "活动" + key, Complexity: 1})
		if err != nil {
			t.Fatalf("fixture plan %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(p.ID)
	}
	for _, org := range []int64{e.A, e.B} {
		if _, err := e.set.Points.ClaimActivity(ctx, sys, mustID(e.extra["planQ"]), org); err != nil {
			t.Fatalf("fixture claim: %v", err)
		}
	}
}

func mustID(s string) int64 { return int64(mustAtoi(s)) }

func planBody(org string) func(*env, string) any {
	return body(map[string]any{"org_id": org, "year": thisYear(), "name": "主题党日", "complexity": 2})
}

// activityMatrix: admin secA orgadm auditor plain. The secretary of A claims for A only
// (B → 403); the committee's org_admin plans, claims and completes for its branches; the
// auditor reads and never writes; the plain member reads the plans of their committee.
var activityMatrix = []matrixRow{
	{"GET", "/api/v1/activity-plans?org_id={C}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/activity-plans?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/activity-plans?org_id={XB}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/activity-plans", nil, [5]int{400, 400, 400, 400, 400}},
	{"GET", "/api/v1/activity-plans/{planQ}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/activity-plans/999999", nil, [5]int{404, 404, 404, 404, 404}},
	{"POST", "/api/v1/activity-plans", planBody("{C}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/activity-plans", planBody("{X}"), [5]int{201, 403, 403, 403, 403}},
	{"POST", "/api/v1/activity-plans/{planP}/claims", body(map[string]any{"org_id": "{B}"}), [5]int{201, 403, 409, 403, 403}},
	{"POST", "/api/v1/activity-plans/{planP}/claims", body(map[string]any{"org_id": "{A}"}), [5]int{201, 409, 409, 403, 403}},
	{"POST", "/api/v1/activity-plans/{planP}/claims", body(map[string]any{"org_id": "{XB}"}), [5]int{422, 403, 403, 403, 403}},
	{"POST", "/api/v1/activity-plans/999999/claims", body(map[string]any{"org_id": "{A}"}), [5]int{404, 404, 404, 404, 404}},
	{"POST", "/api/v1/activity-plans/{planQ}/claims/{A}/complete", body(map[string]any{"participants": 1, "members": 2}), [5]int{200, 403, 409, 403, 403}},
	{"POST", "/api/v1/activity-plans/{planQ}/claims/{B}/complete", body(map[string]any{"participants": 2}), [5]int{200, 403, 409, 403, 403}},
	{"POST", "/api/v1/activity-plans/{planQ}/claims/{XB}/complete", body(map[string]any{"participants": 1}), [5]int{404, 403, 404, 403, 403}},
	{"POST", "/api/v1/activity-plans/999999/claims/{A}/complete", body(map[string]any{"participants": 1}), [5]int{404, 404, 404, 404, 404}},
}

func TestAuthorizationMatrixActivities(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.activityFixture(t)
		rep := e.replacer()
		hidden := map[string][]string{"secA": {"甲二支部"}, "plain": {"甲二支部"}}
		for _, row := range activityMatrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
				var r *response
				if b := bodyFor(e, row, user); b == nil {
					r = e.raw(t, row.method, row.path, user, nil, "")
				} else {
					raw, _ := json.Marshal(b)
					r = e.raw(t, row.method, row.path, user, []byte(rep.Replace(string(raw))), "application/json")
				}
				if r.status != want {
					t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
					continue
				}
				for _, s := range hidden[user] {
					if strings.Contains(string(r.body), s) {
						t.Errorf("%s: body shows %q\n%s", name, s, r.body)
					}
				}
			}
		}
	})
}

// The seed 001 flow through the API: plan, claims before the deadline (after: 409),
// completion by coverage band (once), the branch ranking and the year-end bonus.
func TestActivityPointsThroughAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		y := thisYear()
		e.activityClock(t, "03-01")
		r := e.do(t, "POST", "/api/v1/activity-plans", "orgadm", map[string]any{"org_id": fmt.Sprint(e.C), "year": y,
			"name": "走访困难党员", "complexity": 2, "expected": fmt.Sprintf("%d-Q2", y)})
		if r.status != 201 || r.json["claim_deadline"] != fmt.Sprintf("%d-03-31", y) || fmt.Sprint(r.json["base_points"]) != "10" {
			t.Fatalf("create plan: %d %s", r.status, r.body)
		}
		plan := r.str("id")
		if r = e.do(t, "POST", "/api/v1/activity-plans/"+plan+"/claims", "secA", `{"org_id":"{A}"}`); r.status != 201 || r.str("status") != "claimed" {
			t.Fatalf("secA claims for A: %d %s", r.status, r.body)
		}
		if r = e.do(t, "POST", "/api/v1/activity-plans/"+plan+"/claims", "orgadm", `{"org_id":"{B}"}`); r.status != 201 {
			t.Fatalf("orgadm claims for B: %d %s", r.status, r.body)
		}
		e.activityClock(t, "04-01")
		r = e.do(t, "POST", "/api/v1/activity-plans", "orgadm", map[string]any{"org_id": fmt.Sprint(e.C), "year": y, "name": "迟到的计划", "complexity": 1})
		late := r.str("id")
		if r = e.do(t, "POST", "/api/v1/activity-plans/"+late+"/claims", "secA", `{"org_id":"{A}"}`); r.status != 409 || r.errCode() != "conflict" {
			t.Fatalf("claim after the deadline: %d %s", r.status, r.body)
		}

		// 8 of 10 → 0.8 × 10 = 8 for A; 5 of 10 → 0.6 × 10 = 6 for B.
		r = e.do(t, "POST", "/api/v1/activity-plans/"+plan+"/claims/{A}/complete", "orgadm", map[string]any{"participants": 8, "members": 10})
		if r.status != 200 || fmt.Sprint(r.json["points"]) != "8" || fmt.Sprint(r.json["factor"]) != "0.8" || r.json["entry_id"] == nil {
			t.Fatalf("complete A: %d %s", r.status, r.body)
		}
		r = e.do(t, "POST", "/api/v1/activity-plans/"+plan+"/claims/{B}/complete", "orgadm", map[string]any{"participants": 5, "members": 10})
		if r.status != 200 || fmt.Sprint(r.json["points"]) != "6" {
			t.Fatalf("complete B: %d %s", r.status, r.body)
		}
		if r = e.do(t, "POST", "/api/v1/activity-plans/"+plan+"/claims/{A}/complete", "orgadm", map[string]any{"participants": 10, "members": 10}); r.status != 409 {
			t.Fatalf("complete A twice: %d %s", r.status, r.body)
		}
		r = e.do(t, "GET", fmt.Sprintf("/api/v1/points/entries?subject_type=org&subject_id={A}&year=%d", y), "orgadm", nil)
		if n := len(r.items()); r.status != 200 || n != 1 {
			t.Fatalf("A's entries: %d items, %s", n, r.body)
		}

		board := func() []map[string]any {
			r := e.do(t, "GET", fmt.Sprintf("/api/v1/leaderboards?org_id={C}&year=%d&subject_type=org", y), "orgadm", nil)
			if r.status != 200 {
				t.Fatalf("leaderboard: %d %s", r.status, r.body)
			}
			return r.items()
		}
		items := board()
		if len(items) < 2 || items[0]["name"] != "甲一支部" || fmt.Sprint(items[0]["points"]) != "8" ||
			items[1]["name"] != "甲二支部" || fmt.Sprint(items[1]["points"]) != "6" {
			t.Fatalf("branch ranking: %v", items)
		}
		// The year-end evaluation bonus adds: B 6 + 5 = 11 overtakes A.
		r = e.do(t, "POST", "/api/v1/points/bonuses", "orgadm", map[string]any{"org_id": fmt.Sprint(e.B), "year": y, "points": 5},
			"Idempotency-Key", newKey())
		if r.status != 201 {
			t.Fatalf("bonus: %d %s", r.status, r.body)
		}
		items = board()
		if items[0]["name"] != "甲二支部" || fmt.Sprint(items[0]["points"]) != "11" {
			t.Fatalf("ranking after the bonus: %v", items)
		}

		r = e.do(t, "GET", "/api/v1/activity-plans/"+plan, "secA", nil)
		if claims, _ := r.json["claims"].([]any); r.status != 200 || len(claims) != 1 || fmt.Sprint(r.json["claim_count"]) != "2" {
			t.Fatalf("secA's view of the plan: %s", r.body)
		}
		breaches, err := e.set.Points.Verify(context.Background())
		if err != nil || len(breaches) != 0 {
			t.Fatalf("verify: %v %+v", err, breaches)
		}
	})
}
