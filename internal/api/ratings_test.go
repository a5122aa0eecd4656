package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// Leaderboards, ranks and eligibility on a small fixture: a1 and b1 have 5 points, a2 has 3,
// all in committee C; ties share a rank (competition: 1, 1, 3).
func TestLeaderboardRankEligibility(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.indicator(t, "lb", e.C, points.IndicatorInput{})
		e.award(t, "orgadm", "lb", e.a1, "5")
		e.award(t, "orgadm", "lb", e.b1, "5")
		e.award(t, "orgadm", "lb", e.a2, "3")

		r := e.do(t, "GET", "/api/v1/leaderboards?org_id={C}", "orgadm", nil)
		expect(t, r, 200, "")
		if got := leaders(r); got != fmt.Sprintf("1:%d:5 1:%d:5 3:%d:3", e.a1, e.b1, e.a2) || num(r, "of") != "3" ||
			r.str("tie_rule") != "competition" || r.str("category") != "total" {
			t.Fatalf("leaderboard of C: %s", r.body)
		}
		if it := r.items()[0]; it["name"] != "张三" || it["org_name"] != "甲一支部" {
			t.Errorf("first line %v", it)
		}
		r = e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&limit=2", "orgadm", nil)
		next := r.str("next_cursor")
		if len(r.items()) != 2 || next == "" {
			t.Fatalf("first page: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&limit=2&cursor="+next, "orgadm", nil)
		if got := leaders(r); got != fmt.Sprintf("3:%d:3", e.a2) || r.str("next_cursor") != "" {
			t.Fatalf("second page: %s", r.body)
		}
		expect(t, e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&cursor=12", "orgadm", nil), 400, "bad_request")
		expect(t, e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&category=nonsense", "orgadm", nil), 422, "invalid")
		expect(t, e.do(t, "GET", "/api/v1/leaderboards", "orgadm", nil), 400, "bad_request")
		r = e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&category=composite", "orgadm", nil)
		if got := leaders(r); got != fmt.Sprintf("1:%d:5 1:%d:5 3:%d:3", e.a1, e.b1, e.a2) || r.str("category") != "composite" {
			t.Errorf("composite leaderboard: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/leaderboards?org_id={C}&subject_type=org", "orgadm", nil)
		if len(r.items()) != 0 || num(r, "of") != "0" {
			t.Errorf("organisations without points are not ranked: %s", r.body)
		}
		// A member sees their own branch's board, not another's.
		r = e.do(t, "GET", "/api/v1/leaderboards?org_id={A}", "plain", nil)
		if got := leaders(r); got != fmt.Sprintf("1:%d:5 2:%d:3", e.a1, e.a2) {
			t.Errorf("A as plain: %s", r.body)
		}
		expect(t, e.do(t, "GET", "/api/v1/leaderboards?org_id={B}", "plain", nil), 404, "not_found")

		// My rank: in my branch and in the committee; nobody else's.
		r = e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={A}", "plain", nil)
		if num(r, "rank") != "2" || num(r, "of") != "2" || num(r, "points") != "3" || r.str("subject_id") != fmt.Sprint(e.a2) {
			t.Errorf("rank in A: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={C}", "plain", nil)
		if num(r, "rank") != "3" || num(r, "of") != "3" {
			t.Errorf("rank in C: %s", r.body)
		}
		expect(t, e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={A}&subject_id={a1}", "plain", nil), 404, "not_found")
		r = e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={C}&subject_id={b1}", "orgadm", nil)
		if num(r, "rank") != "1" {
			t.Errorf("b1 in C: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={C}&subject_id={x1}", "admin", nil)
		expect(t, r, 404, "not_found") // x1 is not in C's subtree
		r = e.do(t, "GET", "/api/v1/leaderboards/rank?org_id={R}&subject_id={x1}", "admin", nil)
		if num(r, "rank") != "0" || num(r, "of") != "3" {
			t.Errorf("x1 without points: %s", r.body)
		}

		// Eligibility: one item per branch, the top N of each.
		r = e.do(t, "GET", "/api/v1/points/eligibility?org_id={C}&top=1", "orgadm", nil)
		expect(t, r, 200, "")
		if got := eligible(r); got != fmt.Sprintf("%d[%d:1] %d[%d:1]", e.A, e.a1, e.B, e.b1) || num(r, "top") != "1" {
			t.Errorf("top 1 of C: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/points/eligibility?org_id={C}", "orgadm", nil)
		if got := eligible(r); got != fmt.Sprintf("%d[%d:1 %d:2] %d[%d:1]", e.A, e.a1, e.a2, e.B, e.b1) || num(r, "top") != "5" {
			t.Errorf("top 5 of C: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/points/eligibility?org_id={A}", "secA", nil)
		if got := eligible(r); got != fmt.Sprintf("%d[%d:1 %d:2]", e.A, e.a1, e.a2) {
			t.Errorf("A as secA: %s", r.body)
		}
		expect(t, e.do(t, "GET", "/api/v1/points/eligibility?org_id={C}", "secA", nil), 404, "not_found")
		expect(t, e.do(t, "GET", "/api/v1/points/eligibility?org_id={A}", "plain", nil), 404, "not_found")
		expect(t, e.do(t, "GET", "/api/v1/points/eligibility?org_id={C}&top=0", "orgadm", nil), 400, "bad_request")
	})
}

// leaders writes a leaderboard page as "rank:subject:points …".
func leaders(r *response) string {
	s := ""
	for i, it := range r.items() {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%v:%v:%v", it["rank"], it["subject_id"], it["points"])
	}
	return s
}

// eligible writes an eligibility answer as "branch[member:rank …] …".
func eligible(r *response) string {
	s := ""
	for i, it := range r.items() {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprint(it["org_id"]) + "["
		members, _ := it["members"].([]any)
		for j, m := range members {
			m := m.(map[string]any)
			if j > 0 {
				s += " "
			}
			s += fmt.Sprintf("%v:%v", m["member_id"], m["rank"])
		}
		s += "]"
	}
	return s
}

// A year's rating of committee C: the run is started (202) and computes in the background,
// its results show computed and final values side by side, a calibration keeps the computed
// value beside the final one, publishing closes the year for C's subtree — a later award of
// that year there answers 409, while outside it points still post.
func TestRatingRunToPublication(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		year := thisYear() - 1
		lastYear := func(key string, orgID int64) {
			ind, err := e.set.Points.CreateIndicator(context.Background(), auth.SystemActor(), points.IndicatorInput{OrgID: orgID,
				Year: year, Code: key, Name: "去年" + key, Category: domain.CategoryActivity, Subject: domain.SubjectMember,
				Unit: domain.UnitCount, Points: domain.Whole(10)})
			if err != nil {
				t.Fatal(err)
			}
			e.extra[key] = fmt.Sprint(ind.ID)
		}
		lastYear("old", e.C)
		lastYear("oldR", e.R)
		award := func(user, indicator string, subject int64, qty int) *response {
			body := fmt.Sprintf(`{"indicator_id":"{%s}","subject_type":"member","subject_id":"%d","quantity":%d,"occurred_on":"%d-06-01"}`,
				indicator, subject, qty, year)
			return e.do(t, "POST", "/api/v1/points/awards", user, body, "Idempotency-Key", newKey())
		}
		expect(t, award("secA", "old", e.a1, 2), 201, "")
		expect(t, award("orgadm", "old", e.b1, 1), 201, "")
		path := fmt.Sprintf("/api/v1/ratings/%d", year)

		expect(t, e.do(t, "GET", path+"?org_id={C}", "orgadm", nil), 404, "not_found") // no run yet
		expect(t, e.do(t, "POST", path+"/runs", "secA", js(map[string]any{"org_id": "{A}"})), 403, "forbidden")
		r := e.do(t, "POST", path+"/runs", "orgadm", js(map[string]any{"org_id": "{C}"}))
		expect(t, r, 202, "")
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("%s?org_id=%d", path, e.C) {
			t.Errorf("Location %q", loc)
		}
		run := e.pollRun(t, path+"?org_id={C}", "orgadm")
		if run["status"] != "computed" || run["publish_by"] != fmt.Sprintf("%d-07-01", year+1) {
			t.Fatalf("run: %v", run)
		}
		r = e.do(t, "GET", path+"?org_id={C}&subject_type=member", "orgadm", nil)
		a1 := resultOf(r, e.a1)
		if a1 == nil || a1["total"] != 20.0 || a1["composite"] != a1["final_composite"] || a1["calibrated"] != false ||
			a1["stars"] != a1["final_stars"] {
			t.Fatalf("a1's result: %s", r.body)
		}
		if resultOf(r, e.b1) == nil || resultOf(r, e.x1) != nil {
			t.Errorf("results hold C's members only: %s", r.body)
		}
		r = e.do(t, "GET", path+"?org_id={C}&subject_type=member&limit=1", "orgadm", nil)
		if len(r.items()) != 1 || r.str("next_cursor") == "" {
			t.Errorf("paged results: %s", r.body)
		}

		// Calibration: the computed value stays beside the final one.
		r = e.do(t, "POST", path+"/calibrations", "orgadm", js(map[string]any{"org_id": "{C}", "subject_id": "{a1}", "stars": 5,
			"reason": "抗洪抢险表现突出"}))
		expect(t, r, 200, "")
		if r.json["final_stars"] != 5.0 || r.json["stars"] != a1["stars"] || r.json["calibrated"] != true ||
			r.str("calibration_reason") != "抗洪抢险表现突出" || r.str("calibrated_by") == "" || r.json["calibrated_at"] == nil {
			t.Errorf("calibrated: %s", r.body)
		}
		expect(t, e.do(t, "POST", path+"/calibrations", "orgadm", js(map[string]any{"org_id": "{C}", "subject_id": "{a1}", "stars": 5})),
			422, "invalid")
		expect(t, e.do(t, "POST", path+"/calibrations", "auditor", js(map[string]any{"org_id": "{C}", "subject_id": "{a1}", "stars": 4,
			"reason": "x"})), 403, "forbidden")
		r = e.do(t, "GET", path+"?org_id={C}&calibrated=1", "auditor", nil)
		if len(r.items()) != 1 || resultOf(r, e.a1)["final_stars"] != 5.0 {
			t.Errorf("calibrated results: %s", r.body)
		}

		// Publication: after the deadline (1 July) only with a reason.
		late := !chinaNow().Before(time.Date(thisYear(), time.July, 1, 0, 0, 0, 0, chinaNow().Location()))
		if late {
			expect(t, e.do(t, "POST", path+"/publish", "orgadm", js(map[string]any{"org_id": "{C}"})), 409, "conflict")
		}
		expect(t, e.do(t, "POST", path+"/publish", "auditor", js(map[string]any{"org_id": "{C}", "late_reason": "x"})), 403, "forbidden")
		r = e.do(t, "POST", path+"/publish", "orgadm", js(map[string]any{"org_id": "{C}", "late_reason": "换届延误"}))
		expect(t, r, 200, "")
		if r.str("status") != "published" || r.json["published_at"] == nil || r.json["published_late"] != late {
			t.Fatalf("published: %s", r.body)
		}

		// The year is closed for C's subtree, and only there.
		expect(t, award("secA", "old", e.a1, 1), 409, "conflict")
		expect(t, award("admin", "oldR", e.b1, 1), 409, "conflict")
		expect(t, award("admin", "oldR", e.x1, 1), 201, "")
		expect(t, e.do(t, "POST", path+"/runs", "orgadm", js(map[string]any{"org_id": "{C}"})), 409, "conflict")
		expect(t, e.do(t, "POST", path+"/calibrations", "orgadm", js(map[string]any{"org_id": "{C}", "subject_id": "{b1}", "stars": 1,
			"reason": "x"})), 409, "conflict")
		expect(t, e.do(t, "POST", path+"/publish", "orgadm", js(map[string]any{"org_id": "{C}", "late_reason": "x"})), 409, "conflict")
		r = e.do(t, "GET", path+"?org_id={C}", "auditor", nil)
		if run := r.json["run"].(map[string]any); run["status"] != "published" {
			t.Errorf("run after publication: %s", r.body)
		}
		// A year that has not ended cannot be published.
		expect(t, e.do(t, "POST", fmt.Sprintf("/api/v1/ratings/%d/publish", thisYear()), "orgadm", js(map[string]any{"org_id": "{C}"})),
			409, "conflict")
		expect(t, e.do(t, "GET", "/api/v1/ratings/20x5?org_id={C}", "orgadm", nil), 404, "not_found")
		e.noBreach(t)
	})
}

// pollRun reads a run until its computation ends and returns the run.
func (e *env) pollRun(t *testing.T, path, user string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := e.do(t, "GET", path, user, nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		run, _ := r.json["run"].(map[string]any)
		if s := run["status"]; s != "queued" && s != "running" {
			return run
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still %v after a minute", path, run["status"])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// resultOf finds a member's result in a ratings page.
func resultOf(r *response, memberID int64) map[string]any {
	for _, it := range r.items() {
		if it["subject_type"] == "member" && it["subject_id"] == fmt.Sprint(memberID) {
			return it
		}
	}
	return nil
}
