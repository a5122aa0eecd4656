package api_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/domain"
)

// validMember is a create body for branch A; change fields to break it.
func validMember(e *env, changes map[string]any) map[string]any {
	m := map[string]any{"name": "测试党员", "id_number": e.idNumber("19900101"), "org_id": fmt.Sprint(e.A),
		"category": "full", "joined_on": "2020-07-01"}
	for k, v := range changes {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

// creditCode returns a valid unified social credit code built on a 17-character stem.
func creditCode(stem string) string { return stem + string(domain.CreditCodeCheckChar(stem)) }

func TestBadInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		good := creditCode("91110105MA0123456")
		badCheck := good[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", good[17])+1)%31])
		idOK := e.idNumber("19900101")
		idBadCheck := idOK[:17] + map[bool]string{true: "1", false: "0"}[idOK[17] == '0']
		idBadBirth := "11010519901399" + "123"
		idBadBirth += string(domain.IDNumberCheckChar(idBadBirth)) // right check char, impossible date
		long := strings.Repeat("党", 101)

		e.runScenarios(t, []scenario{
			// Malformed bodies: 400, naming the field where there is one.
			{name: "malformed JSON", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name" "x"}`, status: 400, code: "bad_request"},
			{name: "truncated JSON", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name":`, status: 400, code: "bad_request"},
			{name: "empty body", method: "POST", path: "/api/v1/members", user: "admin", body: "", status: 400, code: "bad_request"},
			{name: "array body", method: "POST", path: "/api/v1/members", user: "admin", body: `[]`, status: 400, code: "bad_request"},
			{name: "null body", method: "POST", path: "/api/v1/members", user: "admin", body: `null`, status: 400, code: "bad_request"},
			{name: "trailing data", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name":"x","type":"branch"} {}`, status: 400, code: "bad_request"},
			{name: "unknown field", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"nmae":"x"}`, status: 400, code: "bad_request",
				fields: []string{"nmae"}, has: []string{"nmae"}},
			{name: "read-only field in a patch", method: "PATCH", path: "/api/v1/orgs/{A}", user: "admin", body: `{"member_count":3}`,
				status: 400, code: "bad_request", fields: []string{"member_count"}},
			{name: "name of the wrong type", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name":5,"type":"branch"}`,
				status: 400, code: "bad_request", fields: []string{"name"}, has: []string{"字段 name 的类型不正确", "应为字符串"}},
			{name: "boolean of the wrong type", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin", body: `{"floating":"yes"}`,
				status: 400, code: "bad_request", fields: []string{"floating"}},
			{name: "positions not an array", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin", body: `{"positions":"secretary"}`,
				status: 400, code: "bad_request", fields: []string{"positions"}},
			{name: "id of the wrong type", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin", body: `{"org_id":true}`,
				status: 400, code: "bad_request", fields: []string{"org_id"}},
			{name: "nested grant of the wrong type", method: "POST", path: "/api/v1/users", user: "admin",
				body: `{"username":"g1","password":"Dangjian-2024","grants":[{"role":1}]}`, status: 400, code: "bad_request", fields: []string{"grants.role"}},
			{name: "NUL in a string", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name":"a\u0000b","type":"branch"}`,
				status: 400, code: "bad_request"},
			{name: "body over 1 MiB", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, status: 400, code: "bad_request"},
			{name: "English message", method: "POST", path: "/api/v1/orgs", user: "admin", body: `{"name":5}`,
				header: []string{"Accept-Language", "en-US"}, status: 400, has: []string{"The field name has the wrong type", "Must be a string"}},

			// Well-formed but invalid: 422 with fields.
			{name: "over-long org name", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: map[string]any{"name": long, "type": "branch", "parent_id": fmt.Sprint(e.C)}, status: 422, code: "invalid", fields: []string{"name"}},
			{name: "over-long member name", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"name": strings.Repeat("名", 51)}), status: 422, code: "invalid", fields: []string{"name"}},
			{name: "ID number with a wrong check character", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"id_number": idBadCheck}), status: 422, code: "invalid", fields: []string{"id_number"},
				has: []string{"身份证号校验位不正确"}},
			{name: "ID number with an impossible birth date", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"id_number": idBadBirth}), status: 422, code: "invalid", fields: []string{"id_number"},
				has: []string{"出生日期无效"}},
			{name: "bad date", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"joined_on": "2020-13-01"}), status: 422, code: "invalid", fields: []string{"joined_on"}},
			{name: "missing required fields", method: "POST", path: "/api/v1/members", user: "admin", body: map[string]any{},
				status: 422, code: "invalid", fields: []string{"name", "id_number", "org_id", "category", "joined_on"}},
			{name: "org_id null is missing", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"org_id": ""}), status: 422, code: "invalid", fields: []string{"org_id"}},
			{name: "bad phone", method: "PATCH", path: "/api/v1/members/{a1}", user: "admin", body: map[string]any{"phone": "12345"},
				status: 422, code: "invalid", fields: []string{"phone"}},
			{name: "bad credit code", method: "POST", path: "/api/v1/orgs", user: "admin",
				body:   map[string]any{"name": "信用代码支部", "type": "branch", "parent_id": fmt.Sprint(e.C), "unit_credit_code": badCheck},
				status: 422, code: "invalid", fields: []string{"unit_credit_code"}},
			{name: "good credit code", method: "POST", path: "/api/v1/orgs", user: "admin",
				body:   map[string]any{"name": "信用代码支部", "type": "branch", "parent_id": fmt.Sprint(e.C), "unit_credit_code": good},
				status: 201, has: []string{good}},
			{name: "non-numeric id in a body", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: map[string]any{"name": "x", "type": "branch", "parent_id": "abc"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "negative id in a body", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: `{"name":"x","type":"branch","parent_id":-3}`, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "unknown parent", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: map[string]any{"name": "x", "type": "branch", "parent_id": "999999"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "move into own subtree", method: "POST", path: "/api/v1/orgs/{C}/move", user: "admin",
				body: map[string]any{"parent_id": "{A}"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "move under itself", method: "POST", path: "/api/v1/orgs/{C}/move", user: "admin",
				body: map[string]any{"parent_id": "{C}"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "move under an unknown parent", method: "POST", path: "/api/v1/orgs/{A}/move", user: "admin",
				body: map[string]any{"parent_id": "999999"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "move without a parent", method: "POST", path: "/api/v1/orgs/{A}/move", user: "admin",
				body: map[string]any{}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "parent changes only through move", method: "PATCH", path: "/api/v1/orgs/{A}", user: "admin",
				body: map[string]any{"parent_id": "{X}"}, status: 422, code: "invalid", fields: []string{"parent_id"}},
			{name: "duplicate ID number", method: "POST", path: "/api/v1/members", user: "admin",
				body: validMember(e, map[string]any{"id_number": e.idNumbers["b1"]}), status: 409, code: "conflict", fields: []string{"id_number"}},
			{name: "duplicate sibling name", method: "POST", path: "/api/v1/orgs", user: "admin",
				body: map[string]any{"name": "甲一支部", "type": "branch", "parent_id": fmt.Sprint(e.C)}, status: 409, code: "conflict"},
			{name: "taken username", method: "POST", path: "/api/v1/users", user: "admin",
				body: map[string]any{"username": "secA", "password": password}, status: 409, code: "conflict", fields: []string{"username"}},
			{name: "weak password", method: "POST", path: "/api/v1/users", user: "admin",
				body: map[string]any{"username": "weak1", "password": "short"}, status: 422, code: "invalid", fields: []string{"password"}},
			{name: "reveal without the right", method: "GET", path: "/api/v1/members/{a1}?reveal=1", user: "auditor", status: 403, code: "forbidden",
				hasNot: []string{"{id:a1}"}},

			// Paths and query parameters.
			{name: "non-numeric id in the path", method: "GET", path: "/api/v1/orgs/abc", user: "admin", status: 404, code: "not_found"},
			{name: "negative id in the path", method: "GET", path: "/api/v1/members/-1", user: "admin", status: 404, code: "not_found"},
			{name: "fractional id in the path", method: "PATCH", path: "/api/v1/members/1.5", user: "admin", body: map[string]any{}, status: 404, code: "not_found"},
			{name: "huge id in the path", method: "GET", path: "/api/v1/users/99999999999999999999", user: "admin", status: 404, code: "not_found"},
			{name: "unknown id", method: "GET", path: "/api/v1/orgs/999999", user: "admin", status: 404, code: "not_found"},
			{name: "unknown id on write", method: "PATCH", path: "/api/v1/orgs/999999", user: "admin", body: map[string]any{"code": "x"}, status: 404, code: "not_found"},
			{name: "limit 0", method: "GET", path: "/api/v1/orgs?limit=0", user: "admin", status: 400, code: "bad_request", fields: []string{"limit"}},
			{name: "limit over 500", method: "GET", path: "/api/v1/members?limit=501", user: "admin", status: 400, code: "bad_request", fields: []string{"limit"}},
			{name: "damaged cursor", method: "GET", path: "/api/v1/members?cursor=!!!", user: "admin", status: 400, code: "bad_request", fields: []string{"cursor"}},
			{name: "forged cursor", method: "GET", path: "/api/v1/audit?cursor=MTI", user: "admin", status: 400, code: "bad_request", fields: []string{"cursor"}},
			{name: "bad parent_id", method: "GET", path: "/api/v1/orgs?parent_id=abc&type=planet", user: "admin", status: 400, code: "bad_request",
				fields: []string{"parent_id", "type"}},
			{name: "bad flags", method: "GET", path: "/api/v1/members?subtree=maybe&category=honorary", user: "admin", status: 400, code: "bad_request",
				fields: []string{"subtree", "category"}},
			{name: "bad reveal flag", method: "GET", path: "/api/v1/members/{a1}?reveal=yes", user: "admin", status: 400, code: "bad_request", fields: []string{"reveal"}},
			{name: "NUL in a query", method: "GET", path: "/api/v1/members?q=%00", user: "admin", status: 400, code: "bad_request", fields: []string{"q"}},
			{name: "unknown endpoint", method: "GET", path: "/api/v1/nothing", user: "admin", status: 404, code: "not_found"},
			{name: "unknown version", method: "GET", path: "/api/v2/orgs", user: "admin", status: 404, code: "not_found"},
			{name: "method not allowed", method: "DELETE", path: "/api/v1/orgs/{A}", user: "admin", status: 405, code: "method_not_allowed",
				check: func(t *testing.T, e *env, r *response) {
					if got := r.header.Get("Allow"); got != "GET, PATCH" {
						t.Errorf("Allow %q", got)
					}
				}},
		})
		// Nothing of the refused writes reached the database.
		r := e.do(t, "GET", "/api/v1/orgs?q=x", "admin", nil)
		for _, it := range r.items() {
			if it["name"] == "x" {
				t.Errorf("a refused create left an organisation: %v", it)
			}
		}
	})
}
