package api_test

import (
	"fmt"
	"net/url"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// Direct awards with Idempotency-Key, caps, reversal, the entries' pages, the year-end bonus.
func TestPointsAwards(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		capDay := domain.Whole(12)
		e.indicator(t, "AWD", e.A, points.IndicatorInput{Points: domain.Whole(5), Caps: domain.Caps{Day: &capDay}})
		body := func(qty string) string {
			return fmt.Sprintf(`{"indicator_id":"{AWD}","subject_type":"member","subject_id":"{a1}","quantity":%s,"occurred_on":"%s","note":"先锋岗"}`, qty, today())
		}
		var first *response
		e.runScenarios(t, []scenario{
			{name: "the key is required", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1"),
				status: 400, code: "bad_request", fields: []string{"Idempotency-Key"}},
			{name: "a key with spaces", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1"),
				header: []string{"Idempotency-Key", "a b"}, status: 400, fields: []string{"Idempotency-Key"}},
			{name: "award", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1"),
				header: []string{"Idempotency-Key", "k1"}, status: 201,
				has: []string{`"points_requested":5`, `"points_awarded":5`, `"capped":false`},
				check: func(t *testing.T, e *env, r *response) {
					first = r
					e.extra["e1"] = r.str("entry_id")
					if r.header.Get("Location") != "/api/v1/points/entries/"+r.str("entry_id") || r.header.Get("Idempotent-Replayed") != "" {
						t.Errorf("headers: %v", r.header)
					}
				}},
			{name: "the same key and body: the first response", method: "POST", path: "/api/v1/points/awards", user: "secA",
				body: body("1"), header: []string{"Idempotency-Key", "k1"}, status: 201,
				check: func(t *testing.T, e *env, r *response) {
					if string(r.body) != string(first.body) || r.header.Get("Idempotent-Replayed") != "true" {
						t.Errorf("replay %s %v, first %s", r.body, r.header, first.body)
					}
				}},
			{name: "the same key, another body", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("2"),
				header: []string{"Idempotency-Key", "k1"}, status: 409, code: "conflict"},
			{name: "keys are per user", method: "POST", path: "/api/v1/points/awards", user: "orgadm", body: body("1"),
				header: []string{"Idempotency-Key", "k1"}, status: 201, has: []string{`"points_awarded":5`}},
			{name: "the cap of the day cuts the third", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1"),
				header: []string{"Idempotency-Key", "k2"}, status: 201,
				has: []string{`"points_requested":5`, `"points_awarded":2`, `"capped":true`}},
			{name: "and gives nothing more", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("3"),
				header: []string{"Idempotency-Key", "k3"}, status: 201,
				has: []string{`"points_requested":15`, `"points_awarded":0`, `"capped":true`}},
			{name: "a quantity beyond 0.1", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1.25"),
				header: []string{"Idempotency-Key", "k4"}, status: 422, fields: []string{"quantity"}},
			{name: "a fractional count", method: "POST", path: "/api/v1/points/awards", user: "secA", body: body("1.5"),
				header: []string{"Idempotency-Key", "k5"}, status: 422, fields: []string{"quantity"}},
			{name: "missing subject", method: "POST", path: "/api/v1/points/awards", user: "secA",
				body: `{"indicator_id":"{AWD}","occurred_on":"2024-01-01"}`, header: []string{"Idempotency-Key", "k6"},
				status: 422, fields: []string{"subject_id", "subject_type"}},
			{name: "the account", method: "GET", path: "/api/v1/points/accounts?subject_id={a1}", user: "secA", status: 200,
				has: []string{`"total":12`, `"reward_balance":12`}},
			{name: "reverse needs a reason", method: "POST", path: "/api/v1/points/entries/{e1}/reverse", user: "secA", body: `{"reason":""}`,
				status: 422, fields: []string{"reason"}},
			{name: "reverse", method: "POST", path: "/api/v1/points/entries/{e1}/reverse", user: "secA", body: `{"reason":"误录"}`, status: 201,
				has:   []string{`"source":"reversal"`, `"reverses_id":"{e1}"`, `"points":-5`, `"appraisal_after":7`, `"reward_after":7`, `"note":"误录"`},
				check: func(t *testing.T, e *env, r *response) { e.extra["rev1"] = r.str("id") }},
			{name: "the reversed entry names its reversal", method: "GET", path: "/api/v1/points/entries/{e1}", user: "secA", status: 200,
				has: []string{`"reversed_by_id":"{rev1}"`}},
			{name: "reverse twice", method: "POST", path: "/api/v1/points/entries/{e1}/reverse", user: "secA", body: `{"reason":"x"}`,
				status: 409, code: "conflict"},
			{name: "a reversal is not reversed", method: "POST", path: "/api/v1/points/entries/{rev1}/reverse", user: "secA", body: `{"reason":"x"}`,
				status: 409},
			{name: "the account after the reversal", method: "GET", path: "/api/v1/points/accounts?subject_id={a1}", user: "secA", status: 200,
				has: []string{`"total":7`, `"activity":7`}},
			{name: "a year-end bonus for the branch", method: "POST", path: "/api/v1/points/bonuses", user: "orgadm",
				body: fmt.Sprintf(`{"org_id":"{A}","year":%d,"points":12.5}`, thisYear()), header: []string{"Idempotency-Key", "b1"},
				status: 201, has: []string{`"points_awarded":12.5`}},
			{name: "once a year", method: "POST", path: "/api/v1/points/bonuses", user: "orgadm",
				body: fmt.Sprintf(`{"org_id":"{A}","year":%d,"points":3}`, thisYear()), header: []string{"Idempotency-Key", "b2"}, status: 409},
			{name: "not by the branch itself", method: "POST", path: "/api/v1/points/bonuses", user: "secA",
				body: fmt.Sprintf(`{"org_id":"{A}","year":%d,"points":3}`, thisYear()), header: []string{"Idempotency-Key", "b3"}, status: 403},
			{name: "the branch's account", method: "GET", path: "/api/v1/points/accounts?subject_type=org&subject_id={A}", user: "secA", status: 200,
				has: []string{`"subject_type":"org"`, `"contribution":12.5`, `"total":12.5`}},
			{name: "a subject is needed without a member record", method: "GET", path: "/api/v1/points/accounts", user: "secA", status: 400,
				fields: []string{"subject_id"}},
		})

		// Entries come newest first, page by page with the cursor.
		all := e.collect(t, "/api/v1/points/entries?subject_id="+fmt.Sprint(e.a1), "secA", 2)
		full := e.do(t, "GET", "/api/v1/points/entries?limit=500&subject_id="+fmt.Sprint(e.a1), "secA", nil)
		// 5, 5 (orgadm's own key k1), 2 capped, 0 capped, and the reversal.
		if fmt.Sprint(full.itemIDs()) != fmt.Sprint(all) || len(all) != 5 {
			t.Errorf("paged %v, whole %v", all, full.itemIDs())
		}
		for i := 1; i < len(all); i++ {
			if len(all[i]) > len(all[i-1]) || (len(all[i]) == len(all[i-1]) && all[i] > all[i-1]) {
				t.Errorf("not newest first: %v", all)
			}
		}
		year := e.do(t, "GET", fmt.Sprintf("/api/v1/points/entries?subject_id=%d&year=%d", e.a1, thisYear()+1), "secA", nil)
		if year.status != 200 || len(year.items()) != 0 {
			t.Errorf("next year's entries: %s", year.body)
		}
		if r := e.do(t, "GET", "/api/v1/points/entries?subject_id={a1}&cursor="+url.QueryEscape("!!"), "secA", nil); r.status != 400 {
			t.Errorf("bad cursor: %d", r.status)
		}
	})
}

// Seed 003: activity 50, experience 10, contribution 30 → composite 30 + 10 + 30 = 70 out of
// 100 under the default 30/40/30 rule, total 90, two stars (70).
func TestPointsCompositeSeed003(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.indicator(t, "ACT10", e.R, points.IndicatorInput{Points: domain.Whole(10), Category: domain.CategoryActivity})
		e.indicator(t, "EXP10", e.R, points.IndicatorInput{Points: domain.Whole(10), Category: domain.CategoryExperience})
		e.indicator(t, "CON10", e.R, points.IndicatorInput{Points: domain.Whole(10), Category: domain.CategoryContribution})
		e.award(t, "secA", "ACT10", e.a2, "5")
		e.award(t, "secA", "EXP10", e.a2, "1")
		e.award(t, "secA", "CON10", e.a2, "3")
		r := e.do(t, "GET", fmt.Sprintf("/api/v1/points/accounts?year=%d", thisYear()), "plain", nil)
		if r.status != 200 {
			t.Fatalf("account: %d %s", r.status, r.body)
		}
		app := r.json["appraisal"].(map[string]any)
		by := app["by_category"].(map[string]any)
		if app["total"] != 90.0 || app["composite"] != 70.0 || by["activity"] != 50.0 || by["experience"] != 10.0 ||
			by["contribution"] != 30.0 || r.json["stars"] != 2.0 || r.json["reward_balance"] != 90.0 {
			t.Errorf("seed 003 account: %s", r.body)
		}
	})
}
