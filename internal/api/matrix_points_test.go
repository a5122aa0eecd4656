package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// pointsFixture adds, as the system: an item of branch A ({indA}) and of branch B ({indB}),
// unused ones ({freeA}, {freeB}), one of committee C that A and B inherit ({indC}),
// pending claims for a1 ({clA}, {clA2}, with an evidence file {evA}) and for b1 ({clB},
// {clB2}), and an awarded entry each for a1 ({enA}) and b1 ({enB}).
func (e *env) pointsFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	e.indicator(t, "indA", e.A, points.IndicatorInput{NeedsApproval: true})
	e.indicator(t, "indB", e.B, points.IndicatorInput{NeedsApproval: true})
	// Items nothing scores under, so a PATCH changes them in place.
	e.indicator(t, "freeA", e.A, points.IndicatorInput{})
	e.indicator(t, "freeB", e.B, points.IndicatorInput{})
	e.indicator(t, "indC", e.C, points.IndicatorInput{})
	claim := func(key, ind string, subject int64, files ...points.EvidenceFile) *domain.Claim {
		id := int64(mustAtoi(e.extra[ind]))
		c, err := e.set.Points.Claim(ctx, sys, points.ClaimInput{IndicatorID: id, SubjectID: subject, OccurredOn: today(), Evidence: files})
		if err != nil {
			t.Fatalf("fixture claim %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(c.ID)
		return c
	}
	c := claim("clA", "indA", e.a1, points.EvidenceFile{FileName: "a.png", ContentType: "image/png", Content: []byte("\x89PNG\r\n\x1a\n")})
	e.extra["evA"] = fmt.Sprint(c.Evidence[0].ID)
	claim("clA2", "indA", e.a1)
	claim("clB", "indB", e.b1)
	claim("clB2", "indB", e.b1)
	award := func(key, ind string, subject int64) {
		r, err := e.set.Points.Award(ctx, sys, points.AwardInput{IndicatorID: int64(mustAtoi(e.extra[ind])), SubjectType: "member",
			SubjectID: subject, OccurredOn: today()})
		if err != nil {
			t.Fatalf("fixture award %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(r.EntryID)
	}
	award("enA", "indA", e.a1)
	award("enB", "indB", e.b1)
}

// pointsRow is a matrix row; idem rows send a fresh Idempotency-Key per request.
type pointsRow struct {
	matrixRow
	idem bool
}

func row(method, path string, body func(*env, string) any, want [5]int) pointsRow {
	return pointsRow{matrixRow: matrixRow{method, path, body, want}}
}

func idemRow(method, path string, body func(*env, string) any, want [5]int) pointsRow {
	return pointsRow{matrixRow: matrixRow{method, path, body, want}, idem: true}
}

func newIndicatorBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"org_id": org, "year": thisYear(), "code": "M-" + user + "-" + strings.Trim(org, "{}"), "name": "新指标",
			"category": "activity", "subject": "member", "points": 1.5, "unit": "count"}
	}
}

func claimBody(ind, subject string) func(*env, string) any {
	return func(*env, string) any {
		b := map[string]any{"indicator_id": ind, "occurred_on": today()}
		if subject != "" {
			b["subject_id"] = subject
		}
		return b
	}
}

func awardBody(ind, subject string) func(*env, string) any {
	return body(map[string]any{"indicator_id": ind, "subject_type": "member", "subject_id": subject, "occurred_on": today()})
}

func bonusBody(org string) func(*env, string) any {
	return func(*env, string) any { return map[string]any{"org_id": org, "year": thisYear(), "points": 1} }
}

// pointsMatrix tries every points endpoint as admin, secA, orgadm, auditor, plain (a2 in A).
// Rows that change state are ordered so the first allowed user changes it and the later ones
// see the state (409). A write to something that exists outside the writer's scope answers
// 403, whether or not the writer can read it (API.md); only a missing target answers 404.
var pointsMatrix = []pointsRow{
	row("GET", "/api/v1/indicators?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/indicators?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/indicators/{indA}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/indicators/{indB}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/indicators/{indA}/versions", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/indicators/{indB}/versions", nil, [5]int{200, 404, 200, 200, 404}),
	// An item A inherits from its committee reads by id as it shows in A's catalogue.
	row("GET", "/api/v1/indicators/{indC}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/indicators/{indC}/versions", nil, [5]int{200, 200, 200, 200, 200}),
	row("POST", "/api/v1/indicators", newIndicatorBody("{A}"), [5]int{201, 201, 201, 403, 403}),
	row("POST", "/api/v1/indicators", newIndicatorBody("{B}"), [5]int{201, 403, 201, 403, 403}),
	row("PATCH", "/api/v1/indicators/{freeA}", body(map[string]any{"name": "改名"}), [5]int{200, 200, 200, 403, 403}),
	row("PATCH", "/api/v1/indicators/{freeB}", body(map[string]any{"name": "改名"}), [5]int{200, 403, 200, 403, 403}),
	// A day that is not one: the allowed get past the permission check to the 422.
	row("POST", "/api/v1/indicators/{freeA}/retire", body(map[string]any{"valid_to": "x"}), [5]int{422, 422, 422, 403, 403}),
	row("POST", "/api/v1/indicators/{freeB}/retire", body(map[string]any{"valid_to": "x"}), [5]int{422, 403, 422, 403, 403}),
	row("POST", "/api/v1/indicators/copy", body(map[string]any{"org_id": "{A}", "from_year": thisYear(), "to_year": thisYear() + 1}), [5]int{200, 200, 200, 403, 403}),
	row("POST", "/api/v1/indicators/copy", body(map[string]any{"org_id": "{B}", "from_year": thisYear(), "to_year": thisYear() + 1}), [5]int{200, 403, 200, 403, 403}),

	row("GET", "/api/v1/points/claims", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/points/claims?status=pending&org_id={A}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/claims?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/points/claims?mine=1", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/points/claims/{clA}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/claims/{clB}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/points/claims/{clA}/evidence/{evA}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/claims/{clB}/evidence/{evA}", nil, [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/points/claims", claimBody("{indA}", "{a1}"), [5]int{201, 201, 201, 403, 403}),
	row("POST", "/api/v1/points/claims", claimBody("{indB}", "{b1}"), [5]int{201, 403, 201, 403, 403}),
	// For oneself: only plain has a member record (the others name no member: 404).
	row("POST", "/api/v1/points/claims", claimBody("{indA}", ""), [5]int{404, 404, 404, 404, 201}),
	row("POST", "/api/v1/points/claims/{clA}/approve", nil, [5]int{200, 409, 409, 403, 403}),
	row("POST", "/api/v1/points/claims/{clB}/approve", nil, [5]int{200, 403, 409, 403, 403}),
	row("POST", "/api/v1/points/claims/{clA2}/reject", body(map[string]any{"reason": "x"}), [5]int{200, 409, 409, 403, 403}),
	row("POST", "/api/v1/points/claims/{clB2}/reject", body(map[string]any{"reason": "x"}), [5]int{200, 403, 409, 403, 403}),
	// Bulk decisions answer 200 with each claim's own outcome.
	row("POST", "/api/v1/points/claims/approve", body(map[string]any{"ids": []string{"{clA}", "{clB}"}}), [5]int{200, 200, 200, 200, 200}),
	row("POST", "/api/v1/points/claims/reject", body(map[string]any{"ids": []string{"{clA}", "{clB}"}, "reason": "x"}), [5]int{200, 200, 200, 200, 200}),

	idemRow("POST", "/api/v1/points/awards", awardBody("{indA}", "{a1}"), [5]int{201, 201, 201, 403, 403}),
	idemRow("POST", "/api/v1/points/awards", awardBody("{indB}", "{b1}"), [5]int{201, 403, 201, 403, 403}),
	idemRow("POST", "/api/v1/points/awards", awardBody("{indA}", "{a2}"), [5]int{201, 201, 201, 403, 403}),
	idemRow("POST", "/api/v1/points/bonuses", bonusBody("{A}"), [5]int{201, 403, 409, 403, 403}),
	idemRow("POST", "/api/v1/points/bonuses", bonusBody("{B}"), [5]int{201, 403, 409, 403, 403}),
	row("POST", "/api/v1/points/entries/{enA}/reverse", body(map[string]any{"reason": "x"}), [5]int{201, 409, 409, 403, 403}),
	row("POST", "/api/v1/points/entries/{enB}/reverse", body(map[string]any{"reason": "x"}), [5]int{201, 403, 409, 403, 403}),

	// Writes to what does not exist answer 404 whoever asks.
	row("PATCH", "/api/v1/indicators/999999", body(map[string]any{"name": "改名"}), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/points/claims", claimBody("{indA}", "999999"), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/points/claims/999999/approve", nil, [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/points/claims/999999/reject", body(map[string]any{"reason": "x"}), [5]int{404, 404, 404, 404, 404}),
	row("POST", "/api/v1/points/entries/999999/reverse", body(map[string]any{"reason": "x"}), [5]int{404, 404, 404, 404, 404}),

	row("GET", "/api/v1/points/accounts?subject_id={a1}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/accounts?subject_id={a2}", nil, [5]int{200, 200, 200, 200, 200}),
	row("GET", "/api/v1/points/accounts?subject_id={b1}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/points/accounts?subject_id={x1}", nil, [5]int{200, 404, 404, 404, 404}),
	row("GET", "/api/v1/points/accounts?subject_type=org&subject_id={A}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/accounts?subject_type=org&subject_id={B}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/points/accounts", nil, [5]int{400, 400, 400, 400, 200}),
	row("GET", "/api/v1/points/entries?subject_id={a1}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/entries?subject_id={b1}", nil, [5]int{200, 404, 200, 200, 404}),
	row("GET", "/api/v1/points/entries", nil, [5]int{400, 400, 400, 400, 200}),
	row("GET", "/api/v1/points/entries/{enA}", nil, [5]int{200, 200, 200, 200, 404}),
	row("GET", "/api/v1/points/entries/{enB}", nil, [5]int{200, 404, 200, 200, 404}),
}

// TestAuthorizationMatrixPoints tries every points endpoint as every role: the secretary of
// branch A gets 404 reading branch B's catalogue, claims, accounts and entries and 403 writing
// them, and reads the items its committee sets; the auditor reads and never writes; a plain member
// sees their own account and claims and claims for themself only.
func TestAuthorizationMatrixPoints(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.pointsFixture(t)
		rep := e.replacer()
		hidden := map[string][]string{
			"secA":    {"王五", "赵六", "孙七", "甲二支部", "乙支部"},
			"orgadm":  {"孙七", "乙支部"},
			"auditor": {"孙七", "乙支部"},
			"plain":   {"张三", "王五", "赵六", "孙七", "甲二支部", "乙支部"},
		}
		for _, row := range pointsMatrix {
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
				for _, s := range hidden[user] {
					if s = rep.Replace(s); strings.Contains(string(r.body), s) {
						t.Errorf("%s: body shows %q, which %s must not see\n%s", name, s, user, r.body)
					}
				}
				if want >= 400 && r.errCode() == "" {
					t.Errorf("%s: status %d without an error envelope", name, r.status)
				}
			}
		}
		// The lists hold what each may see, and only it.
		r := e.do(t, "GET", "/api/v1/points/claims", "plain", nil)
		for _, it := range r.items() {
			if it["subject_id"] != fmt.Sprint(e.a2) {
				t.Errorf("plain member's claims list holds %v", it)
			}
		}
		r = e.do(t, "GET", "/api/v1/points/claims", "secA", nil)
		if len(r.items()) == 0 {
			t.Error("secA's claims list is empty")
		}
		for _, it := range r.items() {
			if it["org_id"] != fmt.Sprint(e.A) {
				t.Errorf("secA's claims list holds %v", it)
			}
		}
	})
}
