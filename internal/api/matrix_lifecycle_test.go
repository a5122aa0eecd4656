package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// lifecycleFixture adds, through the services as the system, an applicant, a pending
// transfer and a floating member in branch A ({appA}, {trA}, {flA}) and in branch B ({appB},
// {trB}, {flB}), and through the API an import and an export started by secA ({impA},
// {expA}).
func (e *env) lifecycleFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	set := func(key string, id int64, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(id)
	}
	app, err := e.set.Development.Create(ctx, sys, development.CreateInput{Name: "申请人甲", IDNumber: e.idNumber("20000101"),
		OrgID: e.A, AppliedOn: "2025-01-01"})
	set("appA", app.ID, err)
	app, err = e.set.Development.Create(ctx, sys, development.CreateInput{Name: "申请人乙", IDNumber: e.idNumber("20000202"),
		OrgID: e.B, AppliedOn: "2025-01-01"})
	set("appB", app.ID, err)
	tr, err := e.set.Transfers.Create(ctx, sys, transfer.CreateInput{MemberID: e.a2, ToExternalName: "外省某党委", Reason: "调动",
		DuesPaidThrough: "2026-10"})
	set("trA", tr.ID, err)
	tr, err = e.set.Transfers.Create(ctx, sys, transfer.CreateInput{MemberID: e.b2, ToOrgID: e.XB, Reason: "调动",
		DuesPaidThrough: "2026-10"})
	set("trB", tr.ID, err)
	fl, err := e.set.Transfers.RegisterFloating(ctx, sys, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: e.a1,
		Place: "深圳", Since: "2025-01-01"})
	set("flA", fl.ID, err)
	fl, err = e.set.Transfers.RegisterFloating(ctx, sys, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: e.b1,
		Place: "广州", Since: "2025-01-01"})
	set("flB", fl.ID, err)

	r := e.upload(t, "/api/v1/imports/members?org_id={A}&dry_run=1", "secA", part{"file", "a.csv", "", csvFile(csvHeader, e.rosterRows())})
	if r.status != 202 {
		t.Fatalf("fixture import: %d %s", r.status, r.body)
	}
	e.extra["impA"] = r.str("id")
	e.poll(t, "/api/v1/imports/{impA}", "secA")
	r = e.raw(t, "GET", "/api/v1/exports/members.xlsx?org_id={A}&async=1", "secA", nil, "")
	if r.status != 202 {
		t.Fatalf("fixture export: %d %s", r.status, r.body)
	}
	e.extra["expA"] = r.str("id")
	e.poll(t, "/api/v1/exports/{expA}", "secA")
}

func body(fields map[string]any) func(*env, string) any { return patch(fields) }

func newApplicantBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"name": "申请人" + user, "id_number": e.idNumber("19950505"), "org_id": org, "applied_on": "2025-06-01"}
	}
}

func incomingBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"from_external_name": "外省某党委", "issued_on": "2026-10-01", "dues_paid_through": "2026-09",
			"member": map[string]any{"name": "转入" + user, "id_number": e.idNumber("19870707"), "org_id": e.replacer().Replace(org),
				"category": "full", "joined_on": "2012-07-01"}}
	}
}

func importBody(e *env, _ string) any {
	return part{"file", "a.csv", "", csvFile(csvHeader, e.rosterRows())}
}

// future is a day no step may have: writes with it pass the permission checks and then
// fail validation (422) without changing anything, so every user can try them.
const future = "2999-01-01"

// admin secA orgadm auditor plain
var lifecycleMatrix = []matrixRow{
	{"GET", "/api/v1/imports/members/template.xlsx", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/imports/members?org_id={A}&dry_run=1", importBody, [5]int{202, 202, 202, 403, 403}},
	{"POST", "/api/v1/imports/members?org_id={B}&dry_run=1", importBody, [5]int{202, 403, 202, 403, 403}},
	{"GET", "/api/v1/imports/{impA}", nil, [5]int{200, 200, 404, 404, 404}},
	{"GET", "/api/v1/imports/{impA}/errors.xlsx", nil, [5]int{200, 200, 404, 404, 404}},
	{"GET", "/api/v1/exports/members.xlsx?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/exports/members.xlsx?org_id={B}", nil, [5]int{200, 404, 200, 200, 200}},
	{"GET", "/api/v1/exports/members.xlsx?org_id={A}&reveal=1", nil, [5]int{200, 200, 200, 403, 200}},
	{"GET", "/api/v1/exports/members.xlsx?org_id={B}&reveal=1", nil, [5]int{200, 404, 200, 403, 200}},
	{"GET", "/api/v1/exports/{expA}", nil, [5]int{200, 200, 404, 404, 404}},
	{"GET", "/api/v1/exports/{expA}/file", nil, [5]int{200, 200, 404, 404, 404}},

	{"GET", "/api/v1/applicants", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/applicants?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/applicants?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/applicants/{appA}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/applicants/{appB}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/applicants/due?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/applicants/due?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/applicants", newApplicantBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/applicants", newApplicantBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/applicants/{appA}/steps", body(map[string]any{"step": "talk", "done_on": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/applicants/{appB}/steps", body(map[string]any{"step": "talk", "done_on": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/applicants/{appA}/extension", body(map[string]any{"months": 6, "decided_on": "2026-01-01", "reason": "x"}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/applicants/{appB}/extension", body(map[string]any{"months": 6, "decided_on": "2026-01-01", "reason": "x"}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/applicants/{appA}/close", body(map[string]any{"on": future, "reason": "x"}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/applicants/{appB}/close", body(map[string]any{"on": future, "reason": "x"}), [5]int{422, 403, 422, 403, 403}},

	{"GET", "/api/v1/transfers", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/transfers?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/transfers/{trA}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/transfers/{trB}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/transfers/{trA}/letter.pdf", nil, [5]int{200, 200, 200, 403, 404}},
	{"GET", "/api/v1/transfers/{trB}/letter.pdf", nil, [5]int{200, 404, 200, 403, 404}},
	// Each member has a pending transfer already: the writers get past the permission check
	// to the conflict.
	{"POST", "/api/v1/transfers", body(map[string]any{"member_id": "{a2}", "to_external_name": "某地", "reason": "x", "dues_paid_through": "2026-10"}), [5]int{409, 409, 409, 403, 403}},
	{"POST", "/api/v1/transfers", body(map[string]any{"member_id": "{b2}", "to_external_name": "某地", "reason": "x", "dues_paid_through": "2026-10"}), [5]int{409, 403, 409, 403, 403}},
	{"POST", "/api/v1/transfers/incoming", incomingBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/transfers/incoming", incomingBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	// Only the receiving branch (XB: the admin alone) accepts or rejects.
	{"POST", "/api/v1/transfers/{trB}/accept", body(map[string]any{"on": future}), [5]int{422, 403, 403, 403, 403}},
	{"POST", "/api/v1/transfers/{trB}/reject", body(map[string]any{"on": future, "reason": "x"}), [5]int{422, 403, 403, 403, 403}},
	// A letter sent outside has no receiver here: a conflict of its state for the writers of
	// its sending branch, forbidden for the rest.
	{"POST", "/api/v1/transfers/{trA}/accept", body(map[string]any{"on": future}), [5]int{409, 409, 409, 403, 403}},
	{"POST", "/api/v1/transfers/{trA}/reject", body(map[string]any{"on": future, "reason": "x"}), [5]int{409, 409, 409, 403, 403}},
	{"POST", "/api/v1/transfers/{trA}/receipt", body(map[string]any{"on": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/transfers/{trB}/receipt", body(map[string]any{"on": future}), [5]int{409, 403, 409, 403, 403}},

	{"GET", "/api/v1/floating", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/floating?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	// A member's entries: the filter keeps to the caller's scope (an empty list outside it).
	{"GET", "/api/v1/floating?member_id={a1}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/floating?member_id={b1}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/floating/{flA}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/floating/{flB}", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/floating", body(map[string]any{"direction": "out", "member_id": "{a2}", "place": "x", "since": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/floating", body(map[string]any{"direction": "out", "member_id": "{b2}", "place": "x", "since": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/floating", body(map[string]any{"direction": "in", "org_id": "{B}", "name": "x", "home_org_name": "x", "place": "x", "since": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flA}/reports", body(map[string]any{"on": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flB}/reports", body(map[string]any{"on": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flA}/end", body(map[string]any{"on": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flB}/end", body(map[string]any{"on": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flA}/lost_contact", body(map[string]any{"on": future, "note": "x"}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/floating/{flB}/lost_contact", body(map[string]any{"on": future, "note": "x"}), [5]int{422, 403, 422, 403, 403}},

	{"GET", "/api/v1/members/birthdays?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/members/birthdays?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/members/standing_changes?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/members/standing_changes?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/members/{a1}/standing_changes", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/members/{a2}/standing_changes", nil, [5]int{200, 200, 200, 200, 200}}, // the plain member's own
	{"GET", "/api/v1/members/{b1}/standing_changes", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/members/{a1}/standing", body(map[string]any{"change": "suspend", "on": future, "reason": "x"}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/members/{b1}/standing", body(map[string]any{"change": "suspend", "on": future, "reason": "x"}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/members/{x1}/standing", body(map[string]any{"change": "suspend", "on": future, "reason": "x"}), [5]int{422, 403, 403, 403, 403}},

	// Leaving the roster: the member writers record it; only admins and org admins take a
	// departure back (nobody here has left: past the permission check, a conflict).
	{"GET", "/api/v1/members?left=only", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/members?left=include&org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/members/{a1}/departure", body(map[string]any{"reason": "deceased", "on": future}), [5]int{422, 422, 422, 403, 403}},
	{"POST", "/api/v1/members/{b1}/departure", body(map[string]any{"reason": "deceased", "on": future}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/members/{x1}/departure", body(map[string]any{"reason": "deceased", "on": future}), [5]int{422, 403, 403, 403, 403}},
	{"POST", "/api/v1/members/{a1}/departure/undo", body(map[string]any{"note": "误录"}), [5]int{409, 403, 409, 403, 403}},
	{"POST", "/api/v1/members/{b1}/departure/undo", body(map[string]any{"note": "误录"}), [5]int{409, 403, 409, 403, 403}},
	{"POST", "/api/v1/members/{x1}/departure/undo", body(map[string]any{"note": "误录"}), [5]int{409, 403, 403, 403, 403}},
}

// TestAuthorizationMatrixLifecycle tries every endpoint of issue 3 as every role: a
// secretary of branch A gets 404 reading branch B's applicants, transfers, registers and
// lists and 403 writing them; the auditor reads and gets 403 on every write; the jobs are
// their starter's (and the admin's).
func TestAuthorizationMatrixLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.lifecycleFixture(t)
		rep := e.replacer()
		hidden := map[string][]string{
			"secA":    {"王五", "赵六", "孙七", "甲二支部", "乙支部", "申请人乙", "广州", "{mask:b1}", "{id:b1}"},
			"orgadm":  {"孙七", "{mask:x1}"},
			"auditor": {"孙七", "{id:a1}", "{id:a2}", "{id:b1}"},
			"plain":   {"张三", "王五", "赵六", "孙七", "申请人甲", "申请人乙", "深圳", "广州", "外省某党委", "{mask:a1}"},
		}
		for _, row := range lifecycleMatrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
				var r *response
				switch b := bodyFor(e, row, user).(type) {
				case nil:
					r = e.raw(t, row.method, row.path, user, nil, "")
				case part:
					r = e.upload(t, row.path, user, b)
				default:
					raw, _ := json.Marshal(b)
					r = e.raw(t, row.method, row.path, user, []byte(rep.Replace(string(raw))), "application/json")
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
		// The lists of the secretary and the plain member hold what they may see, and only it.
		if r := e.do(t, "GET", "/api/v1/transfers", "secA", nil); len(r.items()) == 0 || strings.Contains(string(r.body), rep.Replace(`"id":"{trB}"`)) {
			t.Errorf("secA's transfers: %s", r.body)
		}
		for _, path := range []string{"/api/v1/transfers", "/api/v1/floating", "/api/v1/applicants"} {
			if r := e.do(t, "GET", path, "plain", nil); len(r.items()) != 0 {
				t.Errorf("plain member's %s: %s", path, r.body)
			}
		}
	})
}

func bodyFor(e *env, row matrixRow, user string) any {
	if row.body == nil {
		return nil
	}
	return row.body(e, user)
}
