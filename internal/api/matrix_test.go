package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// The users of the matrix, in the order each row lists its statuses.
var matrixUsers = []string{"admin", "secA", "orgadm", "auditor", "plain"}

// matrixRow is one request tried as every user. want holds the statuses in matrixUsers
// order. body builds the body per user, so writes that succeed do not collide.
type matrixRow struct {
	method, path string
	body         func(e *env, user string) any
	want         [5]int
}

func patch(fields map[string]any) func(*env, string) any {
	return func(*env, string) any { return fields }
}

// newOrgBody creates a branch under parent, named after the user so each create is new.
func newOrgBody(parent string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"name": "新支部-" + user + "-" + parent, "type": "branch", "parent_id": e.replacer().Replace(parent)}
	}
}

// newMemberBody adds a member to org with a fresh ID number.
func newMemberBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"name": "新党员" + user, "id_number": e.idNumber("19900101"), "org_id": e.replacer().Replace(org),
			"category": "full", "joined_on": "2020-07-01"}
	}
}

func newUserBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		return map[string]any{"username": "new-" + user + "-" + strings.Trim(org, "{}"), "password": password,
			"grants": []map[string]any{{"role": "member", "org_id": e.replacer().Replace(org)}}}
	}
}

// admin secA orgadm auditor plain
var matrix = []matrixRow{
	{"GET", "/api/v1/me", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/openapi.json", nil, [5]int{200, 200, 200, 200, 200}},

	{"GET", "/api/v1/orgs", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/orgs?parent_id={C}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/orgs?q=%E7%94%B2", nil, [5]int{200, 200, 200, 200, 200}}, // q=甲
	{"GET", "/api/v1/orgs?type=branch", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/orgs/{A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/orgs/{B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/orgs/{XB}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/orgs/{A}/subtree", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/orgs/{C}/subtree", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/orgs/{B}/subtree", nil, [5]int{200, 404, 200, 200, 404}},
	// The names-only directory of receiving branches: any member writer, anywhere in the
	// tree; readers without write rights are refused.
	{"GET", "/api/v1/orgs/directory?q=%E7%94%B2%E4%B8%80", nil, [5]int{200, 200, 200, 403, 403}}, // q=甲一
	{"POST", "/api/v1/orgs", newOrgBody("{C}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/orgs", newOrgBody("{B}"), [5]int{422, 403, 422, 403, 403}}, // a branch cannot hold a branch
	{"POST", "/api/v1/orgs", newOrgBody("{X}"), [5]int{201, 403, 403, 403, 403}},
	{"PATCH", "/api/v1/orgs/{A}", patch(map[string]any{"code": "A-01"}), [5]int{200, 200, 200, 403, 403}},
	{"PATCH", "/api/v1/orgs/{B}", patch(map[string]any{"code": "B-01"}), [5]int{200, 403, 200, 403, 403}},
	{"PATCH", "/api/v1/orgs/{XB}", patch(map[string]any{"code": "XB-01"}), [5]int{200, 403, 403, 403, 403}},
	// Moving under the present parent is refused as invalid (422): it shows who got past
	// the permission check without changing the tree.
	{"POST", "/api/v1/orgs/{A}/move", patch(map[string]any{"parent_id": "{C}"}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/orgs/{B}/move", patch(map[string]any{"parent_id": "{C}"}), [5]int{422, 403, 422, 403, 403}},
	{"POST", "/api/v1/orgs/{B}/move", patch(map[string]any{"parent_id": "{X}"}), [5]int{200, 403, 403, 403, 403}},
	// (The admin moved B back first, so for the org admin it is under C already.)
	{"POST", "/api/v1/orgs/{B}/move", patch(map[string]any{"parent_id": "{C}"}), [5]int{200, 403, 422, 403, 403}},

	{"GET", "/api/v1/members", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/members?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	// A plain member's list is always filtered down to themself, so another org's filter
	// gives an empty list rather than 404.
	{"GET", "/api/v1/members?org_id={B}", nil, [5]int{200, 404, 200, 200, 200}},
	{"GET", "/api/v1/members?org_id={C}&subtree=1", nil, [5]int{200, 404, 200, 200, 200}},
	{"GET", "/api/v1/members?q=%E7%8E%8B%E4%BA%94", nil, [5]int{200, 200, 200, 200, 200}}, // q=王五
	{"GET", "/api/v1/members?q={id:b1}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/members?category=full&standing=normal", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/members/{a1}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/members/{a2}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/members/{b1}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/members/{x1}", nil, [5]int{200, 404, 404, 404, 404}},
	{"GET", "/api/v1/members/{a1}?reveal=1", nil, [5]int{200, 200, 200, 403, 404}},
	{"GET", "/api/v1/members/{a2}?reveal=1", nil, [5]int{200, 200, 200, 403, 200}}, // a member may see their own numbers
	{"GET", "/api/v1/members/{b1}?reveal=1", nil, [5]int{200, 404, 200, 403, 404}},
	{"GET", "/api/v1/members?org_id={A}&reveal=1", nil, [5]int{200, 200, 200, 403, 200}},
	{"GET", "/api/v1/members/{a1}/events", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/members/{b1}/events", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/members", newMemberBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/members", newMemberBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/members", newMemberBody("{XB}"), [5]int{201, 403, 403, 403, 403}},
	{"PATCH", "/api/v1/members/{a1}", patch(map[string]any{"job_title": "干部"}), [5]int{200, 200, 200, 403, 403}},
	{"PATCH", "/api/v1/members/{a2}", patch(map[string]any{"job_title": "教师"}), [5]int{200, 200, 200, 403, 403}},
	{"PATCH", "/api/v1/members/{b1}", patch(map[string]any{"job_title": "工人"}), [5]int{200, 403, 200, 403, 403}},
	{"PATCH", "/api/v1/members/{x1}", patch(map[string]any{"job_title": "农民"}), [5]int{200, 403, 403, 403, 403}},
	// Moving a member needs write rights over both branches.
	{"PATCH", "/api/v1/members/{a1}", patch(map[string]any{"org_id": "{XB}"}), [5]int{0, 403, 403, 403, 403}},
	{"PATCH", "/api/v1/members/{b1}", patch(map[string]any{"org_id": "{A}"}), [5]int{0, 403, 0, 403, 403}},

	{"GET", "/api/v1/users", nil, [5]int{200, 403, 200, 403, 403}},
	{"GET", "/api/v1/users/{u:secA}", nil, [5]int{200, 404, 200, 404, 404}},
	{"GET", "/api/v1/users/{u:admin}", nil, [5]int{200, 404, 404, 404, 404}},
	{"POST", "/api/v1/users", newUserBody("{A}"), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/users", newUserBody("{XB}"), [5]int{201, 403, 403, 403, 403}},
	{"PATCH", "/api/v1/users/{u:plain}", patch(map[string]any{"display_name": "普通党员"}), [5]int{200, 403, 200, 403, 403}},
	{"PATCH", "/api/v1/users/{u:admin}", patch(map[string]any{"display_name": "管理员"}), [5]int{200, 403, 403, 403, 403}},

	{"GET", "/api/v1/audit", nil, [5]int{200, 403, 200, 200, 403}},
	{"GET", "/api/v1/audit?entity_type=member", nil, [5]int{200, 403, 200, 200, 403}},
}

// TestAuthorizationMatrix tries every endpoint as every role. Beyond the statuses, a
// secretary of branch A never sees branch B (or committee X) in any body, a plain member
// sees only themself, and the auditor reads but never writes.
func TestAuthorizationMatrix(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		rep := e.replacer()
		// What each user must never see, in any response.
		hidden := map[string][]string{
			"secA":    {"王五", "赵六", "孙七", "甲二支部", "乙支部", "乙党委", "{mask:b1}", "{mask:b2}", "{id:b1}", `"org_id":"{B}"`},
			"orgadm":  {"孙七", "乙支部", "{mask:x1}"},
			"auditor": {"孙七", "乙支部", "{mask:x1}", "{id:a1}", "{id:a2}", "{id:b1}"},
			"plain":   {"张三", "王五", "赵六", "孙七", "甲二支部", "乙支部", "{mask:a1}", "{mask:b1}", "{id:a1}"},
		}
		for _, row := range matrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				if want == 0 {
					continue // not tried: it would change what later rows expect
				}
				name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
				var body any
				if row.body != nil {
					body = row.body(e, user)
					if m, ok := body.(map[string]any); ok {
						body = replaceAll(rep, m)
					}
				}
				r := e.do(t, row.method, row.path, user, body)
				if r.status != want {
					t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
					continue
				}
				for _, s := range hidden[user] {
					if s = rep.Replace(s); strings.Contains(string(r.body), s) && row.path != "/api/v1/openapi.json" {
						t.Errorf("%s: body shows %q, which %s must not see\n%s", name, s, user, r.body)
					}
				}
				if want >= 400 && r.errCode() == "" {
					t.Errorf("%s: status %d without an error envelope", name, r.status)
				}
			}
		}

		// The lists as the plain member: themself only.
		r := e.do(t, "GET", "/api/v1/members", "plain", nil)
		if ids := r.itemIDs(); len(ids) != 1 || ids[0] != fmt.Sprint(e.a2) {
			t.Errorf("plain member's list: %v, want only a2 (%d)", ids, e.a2)
		}
		if r := e.do(t, "GET", "/api/v1/orgs", "plain", nil); len(r.items()) != 0 {
			t.Errorf("plain member sees organisations: %s", r.body)
		}
		// The secretary's lists hold A's members, and only them.
		r = e.do(t, "GET", "/api/v1/members", "secA", nil)
		for _, it := range r.items() {
			if it["org_id"] != fmt.Sprint(e.A) {
				t.Errorf("secA's list holds a member of org %v: %v", it["org_id"], it["name"])
			}
		}
		if len(r.items()) < 2 {
			t.Errorf("secA's list lacks A's members: %s", r.body)
		}
		// The auditor's audit log stays inside committee C.
		r = e.do(t, "GET", "/api/v1/audit?limit=500", "auditor", nil)
		cPath := fmt.Sprintf("/%d/%d/", e.R, e.C)
		for _, it := range r.items() {
			if p, _ := it["org_path"].(string); !strings.HasPrefix(p, cPath) {
				t.Errorf("auditor sees an audit entry at %s", p)
			}
		}
		if len(r.items()) == 0 {
			t.Error("auditor's audit log is empty")
		}
	})
}

// replaceAll applies the placeholders to the string values of a body, one level deep and
// inside arrays of objects.
func replaceAll(rep *strings.Replacer, m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = rep.Replace(v)
		case []map[string]any:
			list := make([]map[string]any, len(v))
			for i, item := range v {
				list[i] = replaceAll(rep, item)
			}
			out[k] = list
		default:
			out[k] = v
		}
	}
	return out
}
