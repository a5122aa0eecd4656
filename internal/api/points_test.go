package api_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// The catalogue: "1 + X" inheritance, exact points, versioning of used items, retirement and
// copying to another year.
func TestPointsCatalogue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		y := thisYear()
		ind := func(org, code, category, pts string) string {
			return fmt.Sprintf(`{"org_id":"%s","year":%d,"code":"%s","name":"指标%s","category":"%s","subject":"member","points":%s,"unit":"count","needs_approval":true}`,
				org, y, code, code, category, pts)
		}
		var conV1 string
		e.runScenarios(t, []scenario{
			{name: "the region sets an item", method: "POST", path: "/api/v1/indicators", user: "admin", body: ind("{R}", "R-ACT", "activity", "10"),
				status: 201, has: []string{`"code":"R-ACT"`, `"points":10`, `"version":1`, `"valid_from":"` + fmt.Sprint(y) + `-01-01"`,
					`"valid_to":null`, `"caps":{"day":null,"week":null,"month":null,"quarter":null,"year":null}`, `"used":false`},
				check: func(t *testing.T, e *env, r *response) {
					e.extra["R-ACT"] = r.str("id")
					if r.header.Get("Location") != "/api/v1/indicators/"+r.str("id") {
						t.Errorf("Location %q", r.header.Get("Location"))
					}
				}},
			{name: "the committee adds one with caps", method: "POST", path: "/api/v1/indicators", user: "orgadm",
				body:   fmt.Sprintf(`{"org_id":"{C}","year":%d,"code":"C-EXP","name":"志愿服务","category":"experience","subject":"member","points":2.5,"unit":"hour","caps":{"day":8,"month":20.5},"welfare":true}`, y),
				status: 201, has: []string{`"points":2.5`, `"caps":{"day":8,"week":null,"month":20.5,"quarter":null,"year":null}`, `"welfare":true`}},
			{name: "the branch adds its own", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "A-CON", "contribution", "3"),
				status: 201, check: func(t *testing.T, e *env, r *response) { conV1 = r.str("id"); e.extra["A-CON"] = conV1 }},
			{name: "not in another branch", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{B}", "B-X", "activity", "1"),
				status: 403, code: "forbidden"},
			{name: "nor by the auditor", method: "POST", path: "/api/v1/indicators", user: "auditor", body: ind("{A}", "A-Y", "activity", "1"),
				status: 403},
			{name: "a code taken above", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "R-ACT", "activity", "1"),
				status: 409, code: "conflict"},
			{name: "points beyond 0.1", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "A-Z", "activity", "1.25"),
				status: 422, code: "invalid", fields: []string{"points"}},
			{name: "points with an exponent", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "A-Z", "activity", "1e1"),
				status: 422, fields: []string{"points"}},
			{name: "points as a string", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "A-Z", "activity", `"1"`),
				status: 400, code: "bad_request", fields: []string{"points"}},
			{name: "a cap beyond 0.1", method: "POST", path: "/api/v1/indicators", user: "secA",
				body:   fmt.Sprintf(`{"org_id":"{A}","year":%d,"code":"A-Z","name":"x","category":"activity","subject":"member","points":1,"unit":"count","caps":{"week":0.05}}`, y),
				status: 422, fields: []string{"caps"}},
			{name: "unknown category", method: "POST", path: "/api/v1/indicators", user: "secA", body: ind("{A}", "A-Z", "fun", "1"),
				status: 422, fields: []string{"category"}},
			{name: "the branch's effective catalogue: 1 + X", method: "GET", path: "/api/v1/indicators?org_id={A}", user: "plain", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					got := map[string]bool{}
					for _, it := range r.items() {
						got[it["code"].(string)] = it["inherited"].(bool)
					}
					if len(got) != 3 || !got["R-ACT"] || !got["C-EXP"] || got["A-CON"] {
						t.Errorf("catalogue of A (code → inherited): %v", got)
					}
				}},
			{name: "filtered by category", method: "GET", path: "/api/v1/indicators?org_id={A}&category=contribution", user: "secA", status: 200,
				has: []string{"A-CON"}, hasNot: []string{"R-ACT", "C-EXP"}},
			{name: "only its own", method: "GET", path: "/api/v1/indicators?org_id={A}&own=1", user: "secA", status: 200,
				has: []string{"A-CON"}, hasNot: []string{"R-ACT"}},
			{name: "branch B inherits the 1 only", method: "GET", path: "/api/v1/indicators?org_id={B}&year=" + fmt.Sprint(y), user: "orgadm", status: 200,
				has: []string{"R-ACT", "C-EXP"}, hasNot: []string{"A-CON"}},
			{name: "another branch's catalogue is not found", method: "GET", path: "/api/v1/indicators?org_id={B}", user: "secA", status: 404},
			{name: "an inherited item reads by id", method: "GET", path: "/api/v1/indicators/{R-ACT}", user: "secA", status: 200,
				has: []string{`"code":"R-ACT"`}},
			{name: "org_id is required", method: "GET", path: "/api/v1/indicators", user: "secA", status: 400, fields: []string{"org_id"}},
			{name: "a bad year", method: "GET", path: "/api/v1/indicators?org_id={A}&year=12", user: "secA", status: 400, fields: []string{"year"}},
			{name: "an unused item changes in place", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA",
				body: `{"name":"党费按时交纳","caps":{"year":30}}`, status: 200,
				has: []string{`"id":"{A-CON}"`, `"version":1`, `"name":"党费按时交纳"`, `"year":30`, `"points":3`}},
			{name: "the code is fixed", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA", body: `{"code":"OTHER"}`,
				status: 422, fields: []string{"code"}},
			{name: "its own code may be sent back", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA",
				body: `{"code":"A-CON","needs_evidence":true}`, status: 200,
				has: []string{`"needs_evidence":true`, `"name":"党费按时交纳"`, `"year":30`, `"points":3`}},
			{name: "the year is fixed", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA", body: `{"year":2000}`,
				status: 422, fields: []string{"year"}},
		})

		// Once points were awarded under it, a change makes a new version.
		e.award(t, "secA", "A-CON", e.a1, "1")
		var v2 string
		e.runScenarios(t, []scenario{
			{name: "the used item is marked", method: "GET", path: "/api/v1/indicators/{A-CON}", user: "secA", status: 200, has: []string{`"used":true`}},
			{name: "a change makes version 2", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA", body: `{"points":4.5}`, status: 201,
				has: []string{`"version":2`, `"points":4.5`, `"valid_from":"` + today() + `"`, `"series_id":"{A-CON}"`, `"name":"党费按时交纳"`},
				check: func(t *testing.T, e *env, r *response) {
					v2 = r.str("id")
					if v2 == conV1 || r.header.Get("Location") != "/api/v1/indicators/"+v2 {
						t.Errorf("new version %s (old %s), Location %q", v2, conV1, r.header.Get("Location"))
					}
					e.extra["A-CON2"] = v2
				}},
			{name: "the old version is closed and kept", method: "GET", path: "/api/v1/indicators/{A-CON}/versions", user: "plain", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					items := r.items()
					if len(items) != 2 || items[0]["id"] != conV1 || items[0]["points"] != 3.0 || items[0]["valid_to"] != today() ||
						items[1]["id"] != v2 || items[1]["valid_to"] != nil {
						t.Errorf("versions: %s", r.body)
					}
				}},
			{name: "the catalogue shows the new version", method: "GET", path: "/api/v1/indicators?org_id={A}&own=1", user: "secA", status: 200,
				has: []string{`"id":"{A-CON2}"`}, hasNot: []string{`"id":"{A-CON}"`}},
			{name: "an ended version cannot change", method: "PATCH", path: "/api/v1/indicators/{A-CON}", user: "secA", body: `{"points":5}`,
				status: 409, code: "conflict"},
			{name: "retire", method: "POST", path: "/api/v1/indicators/{A-CON2}/retire", user: "secA", body: fmt.Sprintf(`{"valid_to":"%d-12-31"}`, y),
				status: 200, has: []string{fmt.Sprintf(`"valid_to":"%d-12-31"`, y)}},
			{name: "retire twice", method: "POST", path: "/api/v1/indicators/{A-CON2}/retire", user: "secA", status: 409},
			{name: "copy the region's items to next year", method: "POST", path: "/api/v1/indicators/copy", user: "admin",
				body: fmt.Sprintf(`{"org_id":"{R}","from_year":%d,"to_year":%d}`, y, y+1), status: 200, has: []string{`"copied":1`}},
			{name: "copying again skips what exists", method: "POST", path: "/api/v1/indicators/copy", user: "admin",
				body: fmt.Sprintf(`{"org_id":"{R}","from_year":%d,"to_year":%d}`, y, y+1), status: 200, has: []string{`"copied":0`}},
			{name: "next year's catalogue of A inherits it", method: "GET", path: fmt.Sprintf("/api/v1/indicators?org_id={A}&year=%d", y+1),
				user: "secA", status: 200, has: []string{`"code":"R-ACT"`, `"inherited":true`, fmt.Sprintf(`"valid_from":"%d-01-01"`, y+1)}},
			{name: "copying is for catalogue editors", method: "POST", path: "/api/v1/indicators/copy", user: "auditor",
				body: fmt.Sprintf(`{"org_id":"{A}","from_year":%d,"to_year":%d}`, y, y+1), status: 403},
		})
	})
}

// Claims: filed by a member, approved into the ledger, rejected with a reason, never decided
// by oneself; bulk decisions; evidence files.
func TestPointsClaims(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.indicator(t, "ACT", e.R, points.IndicatorInput{Points: domain.Whole(10), NeedsApproval: true})
		e.indicator(t, "AUTO", e.R, points.IndicatorInput{Points: pts(t, "2.5"), Category: domain.CategoryContribution})
		e.indicator(t, "PHOTO", e.A, points.IndicatorInput{NeedsApproval: true, NeedsEvidence: true, Category: domain.CategoryExperience})
		// secA1 is a secretary of A who is also the member a1.
		e.user(t, "secA1", e.a1, domain.Grant{Role: domain.RoleSecretary, OrgID: e.A})
		e.tokens["secA1"] = e.login(t, "secA1")
		claim := func(extra string) string {
			return fmt.Sprintf(`{"indicator_id":"{ACT}","occurred_on":"%s"%s}`, today(), extra)
		}
		save := func(key string) func(*testing.T, *env, *response) {
			return func(t *testing.T, e *env, r *response) { e.extra[key] = r.str("id") }
		}
		e.runScenarios(t, []scenario{
			{name: "a member claims for themself", method: "POST", path: "/api/v1/points/claims", user: "plain",
				body: claim(`,"quantity":2,"note":"参加志愿活动"`), status: 201,
				has: []string{`"status":"pending"`, `"subject_id":"{a2}"`, `"subject_name":"李四"`, `"quantity":2`,
					`"points_expected":20`, `"entry_id":null`, `"claimed_by":"{u:plain}"`, `"evidence":[]`},
				check: save("c1")},
			{name: "but not for another member", method: "POST", path: "/api/v1/points/claims", user: "plain",
				body: claim(`,"subject_id":"{a1}"`), status: 403, code: "forbidden"},
			{name: "a quantity beyond 0.1", method: "POST", path: "/api/v1/points/claims", user: "plain", body: claim(`,"quantity":1.25`),
				status: 422, fields: []string{"quantity"}},
			{name: "evidence in JSON", method: "POST", path: "/api/v1/points/claims", user: "plain", body: claim(`,"evidence":["x"]`),
				status: 422, fields: []string{"evidence"}},
			{name: "an item that needs evidence", method: "POST", path: "/api/v1/points/claims", user: "plain",
				body: fmt.Sprintf(`{"indicator_id":"{PHOTO}","occurred_on":"%s"}`, today()), status: 422, fields: []string{"evidence"}},
			{name: "a day in the future", method: "POST", path: "/api/v1/points/claims", user: "plain",
				body: `{"indicator_id":"{ACT}","occurred_on":"2999-01-01"}`, status: 422, fields: []string{"occurred_on"}},
			{name: "my claims", method: "GET", path: "/api/v1/points/claims?mine=1", user: "plain", status: 200, has: []string{`"id":"{c1}"`}},
			{name: "the approval queue", method: "GET", path: "/api/v1/points/claims?status=pending&org_id={A}", user: "secA", status: 200,
				has: []string{`"id":"{c1}"`, `"points_expected":20`}},
			{name: "B's queue is not the secretary's", method: "GET", path: "/api/v1/points/claims?org_id={B}", user: "secA", status: 404},
			{name: "the member cannot approve", method: "POST", path: "/api/v1/points/claims/{c1}/approve", user: "plain", status: 403},
			{name: "the auditor cannot approve", method: "POST", path: "/api/v1/points/claims/{c1}/approve", user: "auditor", status: 403},
			{name: "the secretary approves", method: "POST", path: "/api/v1/points/claims/{c1}/approve", user: "secA", body: `{}`, status: 200,
				has: []string{`"status":"approved"`, `"decided_by":"{u:secA}"`, `"decided_by_name":"secA"`},
				check: func(t *testing.T, e *env, r *response) {
					if r.json["entry_id"] == nil || r.json["decided_at"] == nil {
						t.Errorf("approved claim without entry or time: %s", r.body)
					}
					e.extra["c1e"] = r.str("entry_id")
				}},
			{name: "approve twice", method: "POST", path: "/api/v1/points/claims/{c1}/approve", user: "orgadm", status: 409, code: "conflict"},
			{name: "the account shows the points", method: "GET", path: "/api/v1/points/accounts", user: "plain", status: 200,
				has: []string{`"subject_id":"{a2}"`, `"total":20`, `"activity":20`, `"reward_balance":20`, `"composite":20`}},
			{name: "the entry names the claim", method: "GET", path: "/api/v1/points/entries/{c1e}", user: "plain", status: 200,
				has: []string{`"source":"claim"`, `"claim_id":"{c1}"`, `"points":20`, `"indicator_code":"ACT"`, `"approved_by_name":"secA"`}},
			{name: "a claim to reject", method: "POST", path: "/api/v1/points/claims", user: "plain", body: claim(""), status: 201, check: save("c2")},
			{name: "rejecting needs a reason", method: "POST", path: "/api/v1/points/claims/{c2}/reject", user: "secA", body: `{}`,
				status: 422, fields: []string{"reason"}},
			{name: "rejected", method: "POST", path: "/api/v1/points/claims/{c2}/reject", user: "secA", body: `{"reason":"无活动记录"}`,
				status: 200, has: []string{`"status":"rejected"`, `"reason":"无活动记录"`, `"entry_id":null`}},
			{name: "the reject left the account alone", method: "GET", path: "/api/v1/points/accounts?subject_id={a2}", user: "secA", status: 200,
				has: []string{`"total":20`}},
			{name: "the secretary files one for a1", method: "POST", path: "/api/v1/points/claims", user: "secA", body: claim(`,"subject_id":"{a1}"`),
				status: 201, check: save("c3")},
			{name: "and may not approve what they filed", method: "POST", path: "/api/v1/points/claims/{c3}/approve", user: "secA",
				status: 403, code: "forbidden"},
			{name: "a secretary's own claim", method: "POST", path: "/api/v1/points/claims", user: "secA1", body: claim(""), status: 201,
				has: []string{`"subject_id":"{a1}"`}, check: save("c4")},
			{name: "is not theirs to approve", method: "POST", path: "/api/v1/points/claims/{c4}/approve", user: "secA1", status: 403},
			{name: "even in bulk", method: "POST", path: "/api/v1/points/claims/approve", user: "secA1", body: `{"ids":["{c4}"]}`, status: 200,
				has: []string{`"ok":false`, `"code":"forbidden"`}},
			{name: "an item without approval is approved at once", method: "POST", path: "/api/v1/points/claims", user: "plain",
				body: fmt.Sprintf(`{"indicator_id":"{AUTO}","occurred_on":"%s","quantity":3}`, today()), status: 201,
				has: []string{`"status":"approved"`},
				check: func(t *testing.T, e *env, r *response) {
					if r.json["entry_id"] == nil {
						t.Errorf("no entry: %s", r.body)
					}
				}},
			{name: "7.5 exactly", method: "GET", path: "/api/v1/points/accounts", user: "plain", status: 200,
				has: []string{`"total":27.5`, `"contribution":7.5`, `"reward_balance":27.5`}},
			{name: "bulk: empty", method: "POST", path: "/api/v1/points/claims/approve", user: "secA", body: `{"ids":[]}`, status: 422, fields: []string{"ids"}},
			{name: "bulk reject needs a reason", method: "POST", path: "/api/v1/points/claims/reject", user: "secA", body: `{"ids":["{c3}"]}`,
				status: 422, fields: []string{"reason"}},
			{name: "bulk approval reports each claim", method: "POST", path: "/api/v1/points/claims/approve", user: "orgadm",
				body: `{"ids":["{c3}","{c4}","{c1}","999999"]}`, status: 200,
				check: func(t *testing.T, e *env, r *response) {
					items := r.items()
					want := []string{"", "", "conflict", "not_found"}
					if len(items) != 4 {
						t.Fatalf("outcomes: %s", r.body)
					}
					for i, it := range items {
						code := ""
						if errBody, ok := it["error"].(map[string]any); ok {
							code = errBody["code"].(string)
						}
						if code != want[i] || (code == "") != it["ok"].(bool) {
							t.Errorf("outcome %d: %v, want error %q", i, it, want[i])
						}
					}
					if c, _ := items[0]["claim"].(map[string]any); c["status"] != "approved" {
						t.Errorf("first claim: %v", items[0])
					}
				}},
			{name: "a1 has both claims' points", method: "GET", path: "/api/v1/points/accounts?subject_id={a1}", user: "secA1", status: 200,
				has: []string{`"total":20`}},
			{name: "decisions are audited", method: "GET", path: "/api/v1/audit?action=points.claim.decide", user: "admin", status: 200,
				has: []string{`"before":"pending"`, `"after":"approved"`, `"username":"secA"`}},
		})

		// Evidence travels as multipart parts and comes back as downloads.
		png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 100))
		r := e.upload(t, "/api/v1/points/claims", "plain",
			part{"body", "", "application/json", []byte(e.replacer().Replace(fmt.Sprintf(`{"indicator_id":"{PHOTO}","occurred_on":"%s","note":"照片"}`, today())))},
			part{"evidence", "现场.png", "application/octet-stream", png},
			part{"evidence", "说明.txt", "text/plain; charset=utf-8", []byte("说明")})
		if r.status != 201 {
			t.Fatalf("claim with evidence: %d %s", r.status, r.body)
		}
		ev, _ := r.json["evidence"].([]any)
		if len(ev) != 2 {
			t.Fatalf("evidence: %s", r.body)
		}
		first := ev[0].(map[string]any)
		if first["file_name"] != "现场.png" || first["content_type"] != "image/png" || first["size"] != float64(len(png)) {
			t.Errorf("evidence item: %v", first)
		}
		url := first["url"].(string)
		if got := e.download(t, url, "plain", "image/png"); string(got) != string(png) {
			t.Error("the downloaded evidence differs")
		}
		e.download(t, url, "secA", "image/png")
		if r := e.raw(t, "GET", url, "orgadm", nil, ""); r.status != 200 {
			t.Errorf("orgadm evidence: %d", r.status)
		}
		e.user(t, "secB", 0, domain.Grant{Role: domain.RoleSecretary, OrgID: e.B})
		e.tokens["secB"] = e.login(t, "secB")
		if r := e.raw(t, "GET", url, "secB", nil, ""); r.status != 404 {
			t.Errorf("another branch's secretary downloads evidence: %d", r.status)
		}
		if r := e.raw(t, "GET", strings.Replace(url, "/evidence/", "/evidence/9", 1), "plain", nil, ""); r.status != 404 {
			t.Errorf("unknown evidence: %d", r.status)
		}
		// Without the body part the form is incomplete.
		if r := e.upload(t, "/api/v1/points/claims", "plain", part{"evidence", "a.png", "image/png", png}); r.status != 422 || r.errFields()["body"] == nil {
			t.Errorf("form without body: %d %s", r.status, r.body)
		}
	})
}

// pts parses points for a fixture.
func pts(t *testing.T, s string) domain.Points {
	t.Helper()
	p, err := domain.ParsePoints(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
