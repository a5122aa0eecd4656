package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestOrgs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		code := creditCode("91110105MA0ABCDEF")
		// A term that started four years ago has ended for a branch (three-year terms).
		started := time.Now().AddDate(-4, 0, 0).Format("2006-01-02")
		e.runScenarios(t, []scenario{
			{name: "create with every field", method: "POST", path: "/api/v1/orgs", user: "orgadm",
				body: map[string]any{"name": " 丙支部 ", "type": "branch", "parent_id": e.C, // a number id: accepted
					"code": "BR-3", "unit_name": "某某科技有限公司", "unit_credit_code": strings.ToLower(code),
					"established_on": "2019-05-04", "term_started_on": started, "demonstration_level": "district"},
				status: 201,
				has: []string{`"name":"丙支部"`, `"type":"branch"`, `"parent_id":"{C}"`, `"code":"BR-3"`, `"unit_credit_code":"` + code + `"`,
					`"established_on":"2019-05-04"`, `"term_started_on":"` + started + `"`, `"demonstration_level":"district"`,
					`"term_expired"`, `"too_few_full_members"`, `"member_count":0`},
				check: func(t *testing.T, e *env, r *response) {
					if loc := r.header.Get("Location"); loc != "/api/v1/orgs/"+r.str("id") {
						t.Errorf("Location %q", loc)
					}
					if !strings.HasPrefix(r.str("path"), fmt.Sprintf("/%d/%d/", e.R, e.C)) {
						t.Errorf("path %q", r.str("path"))
					}
				}},
			{name: "read it back", method: "GET", path: "/api/v1/orgs/{A}", user: "secA", status: 200,
				has: []string{`"id":"{A}"`, `"name":"甲一支部"`, `"member_count":2`, `"child_count":1`}},
			{name: "patch changes only what is given", method: "PATCH", path: "/api/v1/orgs/{A}", user: "secA",
				body: map[string]any{"code": "A-7", "established_on": "2001-07-01"}, status: 200,
				has: []string{`"name":"甲一支部"`, `"code":"A-7"`, `"established_on":"2001-07-01"`}},
			{name: "empty string clears a date, null leaves it", method: "PATCH", path: "/api/v1/orgs/{A}", user: "secA",
				body: `{"established_on":"","code":null}`, status: 200, has: []string{`"established_on":null`, `"code":"A-7"`}},
			{name: "future founding date", method: "PATCH", path: "/api/v1/orgs/{A}", user: "secA",
				body: map[string]any{"established_on": time.Now().AddDate(1, 0, 0).Format("2006-01-02")}, status: 422, fields: []string{"established_on"}},
			{name: "list children of C", method: "GET", path: "/api/v1/orgs?parent_id={C}", user: "orgadm", status: 200,
				has: []string{"甲一支部", "甲二支部", "丙支部"}, hasNot: []string{"甲党委", "第一党小组"}},
			{name: "list by type", method: "GET", path: "/api/v1/orgs?type=group", user: "admin", status: 200,
				has: []string{"第一党小组"}, hasNot: []string{"甲一支部"}},
			{name: "search by name", method: "GET", path: "/api/v1/orgs?q=%E4%B9%99", user: "admin", status: 200, // 乙
				has: []string{"乙党委", "乙支部"}, hasNot: []string{"甲一支部"}},
			{name: "subtree in path order", method: "GET", path: "/api/v1/orgs/{C}/subtree", user: "auditor", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					var paths []string
					for _, it := range r.items() {
						paths = append(paths, it["path"].(string))
					}
					if len(paths) != 5 || paths[0] != fmt.Sprintf("/%d/%d/", e.R, e.C) {
						t.Fatalf("subtree %v", paths)
					}
					for i := 1; i < len(paths); i++ {
						if paths[i] < paths[i-1] {
							t.Errorf("not in path order: %v", paths)
						}
					}
					if _, ok := r.json["next_cursor"]; ok {
						t.Error("a subtree has no further pages")
					}
				}},
			{name: "move B under X", method: "POST", path: "/api/v1/orgs/{B}/move", user: "admin", body: `{"parent_id":"{X}"}`,
				status: 200, has: []string{`"parent_id":"{X}"`, fmt.Sprintf(`"path":"/%d/%d/%d/"`, e.R, e.X, e.B)}},
			{name: "B's members follow", method: "GET", path: "/api/v1/members?org_id={X}", user: "admin", status: 200,
				has: []string{"王五", "赵六", "孙七"}, hasNot: []string{"张三"}},
			{name: "the move is audited", method: "GET", path: "/api/v1/audit?action=org.move&entity_id={B}", user: "admin", status: 200,
				has: []string{`"action":"org.move"`, `"entity_type":"org"`, `"username":"admin"`}},
		})
	})
}

func TestMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		id := e.idNumber("19920304")
		masked := id[:6] + "********" + id[14:]
		e.runScenarios(t, []scenario{
			{name: "create", method: "POST", path: "/api/v1/members", user: "secA",
				body: map[string]any{"name": "周八", "id_number": strings.ToLower(id), "org_id": e.A, "group_id": fmt.Sprint(e.GA),
					"category": "probationary", "joined_on": "2024-07-01", "phone": "+86 139-1234-5678", "ethnicity": "汉族",
					"education": "bachelor", "positions": []string{"group_leader"}, "floating": true},
				status: 201,
				has: []string{`"name":"周八"`, `"id_number":"` + masked + `"`, `"phone":"139****5678"`, `"revealed":false`,
					`"birth_date":"1992-03-04"`, `"gender":"male"`, `"org_id":"{A}"`, `"group_id":"{GA}"`, `"group_name":"第一党小组"`,
					`"category":"probationary"`, `"standing":"normal"`, `"floating":true`, `"positions":["group_leader"]`},
				hasNot: []string{id, "13912345678"}},
			{name: "reveal", method: "GET", path: "/api/v1/members?q=%E5%91%A8%E5%85%AB&reveal=1", user: "secA", status: 200, // q=周八
				has: []string{`"id_number":"` + id + `"`, `"phone":"13912345678"`, `"revealed":true`}},
			{name: "the reveal is audited", method: "GET", path: "/api/v1/audit?action=member.reveal", user: "orgadm", status: 200,
				has: []string{`"action":"member.reveal"`, `"username":"secA"`}},
			{name: "find by exact ID number", method: "GET", path: "/api/v1/members?q=" + id, user: "secA", status: 200,
				has: []string{"周八"}, hasNot: []string{"张三"}},
			{name: "filter by category", method: "GET", path: "/api/v1/members?category=probationary", user: "admin", status: 200,
				has: []string{"周八"}, hasNot: []string{"张三"}},
			{name: "patch", method: "PATCH", path: "/api/v1/members/{a1}", user: "secA",
				body: `{"floating":true,"lost_contact":true,"job_title":"会计","group_id":"{GA}"}`, status: 200,
				has: []string{`"name":"张三"`, `"floating":true`, `"lost_contact":true`, `"job_title":"会计"`, `"group_id":"{GA}"`}},
			{name: "null group_id leaves the group", method: "PATCH", path: "/api/v1/members/{a1}", user: "secA",
				body: `{"group_id":null}`, status: 200, has: []string{`"group_id":null`, `"job_title":"会计"`}},
			{name: "patch with reveal", method: "PATCH", path: "/api/v1/members/{a1}?reveal=1", user: "secA",
				body: `{"phone":"13700001111"}`, status: 200, has: []string{`"phone":"13700001111"`, `"revealed":true`}},
			{name: "history, newest first", method: "GET", path: "/api/v1/members/{a1}/events", user: "auditor", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					items := r.items()
					if len(items) != 4 || items[0]["kind"] != "updated" || items[3]["kind"] != "created" {
						t.Fatalf("events: %s", r.body)
					}
					if strings.Contains(string(r.body), "13700001111") {
						t.Error("the history holds a number in clear")
					}
				}},
			{name: "move to a branch the secretary does not hold", method: "PATCH", path: "/api/v1/members/{a1}", user: "secA",
				body: `{"org_id":"{B}"}`, status: 403, code: "forbidden"},
			{name: "the org admin moves b2 to A", method: "PATCH", path: "/api/v1/members/{b2}", user: "orgadm",
				body: `{"org_id":"{A}"}`, status: 200, has: []string{`"org_id":"{A}"`, `"org_name":"甲一支部"`}},
			{name: "now the secretary of A sees b2", method: "GET", path: "/api/v1/members/{b2}", user: "secA", status: 200},
			{name: "member to a committee", method: "PATCH", path: "/api/v1/members/{b2}", user: "admin",
				body: `{"org_id":"{C}"}`, status: 422, fields: []string{"org_id"}},
			{name: "full member date for a probationary member", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin",
				body: `{"category":"probationary","full_member_on":"2015-01-01"}`, status: 422, fields: []string{"full_member_on"}},
			{name: "gender that contradicts the ID number", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin",
				body: `{"gender":"female"}`, status: 422, fields: []string{"gender"}},
		})
	})
}

func TestUsersAndMe(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		var newID string
		e.runScenarios(t, []scenario{
			{name: "me as a plain member", method: "GET", path: "/api/v1/me", user: "plain", status: 200,
				has: []string{`"username":"plain"`, `"member":{"id":"{a2}"`, `"name":"李四"`, `"grants":[{"role":"member","org_id":"{A}","org_name":"甲一支部"}]`}},
			{name: "me without a member", method: "GET", path: "/api/v1/me", user: "admin", status: 200,
				has: []string{`"member":null`, `"role":"admin","org_id":null`}},
			{name: "create a user", method: "POST", path: "/api/v1/users", user: "orgadm",
				body: map[string]any{"username": "wangwu", "password": password, "display_name": "王五", "member_id": fmt.Sprint(e.b1),
					"locale": "zh-CN", "grants": []map[string]any{{"role": "secretary", "org_id": fmt.Sprint(e.B)}, {"role": "auditor", "org_id": e.C}}},
				status: 201,
				has: []string{`"username":"wangwu"`, `"member_id":"{b1}"`, `"role":"secretary","org_id":"{B}","org_name":"甲二支部"`,
					`"role":"auditor","org_id":"{C}"`},
				hasNot: []string{password, "argon2"},
				check:  func(t *testing.T, e *env, r *response) { newID = r.str("id") }},
			{name: "the org admin may not grant admin", method: "POST", path: "/api/v1/users", user: "orgadm",
				body: map[string]any{"username": "boss", "password": password, "grants": []map[string]any{{"role": "admin"}}}, status: 403},
			{name: "unknown role", method: "POST", path: "/api/v1/users", user: "admin",
				body:   map[string]any{"username": "r1", "password": password, "grants": []map[string]any{{"role": "king", "org_id": "{A}"}}},
				status: 422, fields: []string{"grants"}},
			{name: "bad grant org id", method: "POST", path: "/api/v1/users", user: "admin",
				body: `{"username":"r2","password":"Dangjian-2024","grants":[{"role":"member","org_id":"x"}]}`, status: 422, fields: []string{"grants"}},
			{name: "list users", method: "GET", path: "/api/v1/users?q=wang", user: "orgadm", status: 200,
				has: []string{`"username":"wangwu"`}, hasNot: []string{`"username":"admin"`}},
			{name: "the new user signs in", method: "POST", path: "/api/v1/auth/tokens",
				body: map[string]string{"username": "wangwu", "password": password}, status: 201},
			{name: "patch grants", method: "PATCH", path: "/api/v1/users/{u:secA}", user: "orgadm",
				body: `{"grants":[{"role":"committee_member","org_id":"{A}"}],"display_name":"甲一书记"}`, status: 200,
				has: []string{`"display_name":"甲一书记"`, `"grants":[{"role":"committee_member","org_id":"{A}","org_name":"甲一支部"}]`}},
			{name: "username is fixed", method: "PATCH", path: "/api/v1/users/{u:plain}", user: "admin",
				body: `{"username":"other"}`, status: 422, fields: []string{"username"}},
			{name: "disable", method: "PATCH", path: "/api/v1/users/{u:plain}", user: "admin", body: `{"disabled":true}`, status: 200,
				has: []string{`"disabled":true`}},
			{name: "a disabled user's token stops working", method: "GET", path: "/api/v1/me", user: "plain", status: 401},
			{name: "user changes are audited", method: "GET", path: "/api/v1/audit?entity_type=user", user: "admin", status: 200,
				has: []string{`"action":"user.update"`, `"action":"user.create"`}, hasNot: []string{password}},
		})
		if r := e.do(t, "GET", "/api/v1/users/"+newID, "orgadm", nil); r.status != 200 {
			t.Errorf("get the new user: %d %s", r.status, r.body)
		}
	})
}
