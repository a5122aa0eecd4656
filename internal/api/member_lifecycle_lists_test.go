package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestOrgDirectoryForTransfers: secretary A cannot read committee X, yet finds its branch
// by name in the directory (names only) and starts a transfer to it, which the receiving
// side then holds; readers without write rights are refused the directory.
func TestOrgDirectoryForTransfers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		if r := e.do(t, "GET", "/api/v1/orgs/{XB}", "secA", nil); r.status != 404 {
			t.Fatalf("secA reads XB: %d", r.status)
		}
		r := e.do(t, "GET", "/api/v1/orgs/directory?q=%E4%B9%99", "secA", nil) // q=乙
		items := r.items()
		if r.status != 200 || len(items) != 1 || items[0]["id"] != fmt.Sprint(e.XB) || items[0]["name"] != "乙支部" {
			t.Fatalf("directory 乙: %d %s", r.status, r.body)
		}
		if path := fmt.Sprint(items[0]["path"]); path != "[测试区委 乙党委]" || len(items[0]) != 3 {
			t.Fatalf("entry %v: want id, name and the names above only", items[0])
		}
		if strings.Contains(string(r.body), "孙七") || strings.Contains(string(r.body), "count") {
			t.Fatalf("directory shows more than names: %s", r.body)
		}
		if r := e.do(t, "GET", "/api/v1/orgs/directory", "secA", nil); r.status != 200 || len(r.items()) != 0 {
			t.Fatalf("empty query: %d %s", r.status, r.body)
		}
		for _, user := range []string{"auditor", "plain"} {
			if r := e.do(t, "GET", "/api/v1/orgs/directory?q=%E4%B9%99", user, nil); r.status != 403 || strings.Contains(string(r.body), "乙支部") {
				t.Fatalf("%s: %d %s", user, r.status, r.body)
			}
		}
		// The transfer to a branch outside the sender's scope: a letter, pending at XB.
		r = e.do(t, "POST", "/api/v1/transfers", "secA", map[string]any{"member_id": fmt.Sprint(e.a1), "to_org_id": fmt.Sprint(e.XB),
			"reason": "工作调动", "dues_paid_through": "2026-10"})
		if r.status != 201 || r.json["kind"] != "system" || r.json["status"] != "pending" || r.json["to_org_id"] != fmt.Sprint(e.XB) {
			t.Fatalf("transfer to XB: %d %s", r.status, r.body)
		}
		tr := "/api/v1/transfers/" + r.str("id")
		if r := e.do(t, "GET", tr, "secA", nil); r.status != 200 {
			t.Fatalf("sender reads the transfer: %d", r.status)
		}
		if r := e.do(t, "POST", tr+"/accept", "secA", map[string]any{}); r.status != 403 {
			t.Fatalf("sender accepts: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", tr+"/accept", "admin", map[string]any{}); r.status != 200 || r.json["status"] != "accepted" {
			t.Fatalf("receiver accepts: %d %s", r.status, r.body)
		}
	})
}

// TestMemberStandingChangesList: a member's changes, newest first, in pages; nobody else's.
func TestMemberStandingChangesList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ path, change string }{{"{a1}", "suspend"}, {"{a2}", "retain"}, {"{a1}", "restore"}} {
			r := e.do(t, "POST", "/api/v1/members/"+c.path+"/standing", "secA", map[string]any{"change": c.change, "on": "2026-03-01", "reason": "支部大会决定"})
			if r.status != 200 {
				t.Fatalf("%s %s: %d %s", c.path, c.change, r.status, r.body)
			}
		}
		r := e.do(t, "GET", "/api/v1/members/{a1}/standing_changes", "secA", nil)
		items := r.items()
		if r.status != 200 || len(items) != 2 || items[0]["change"] != "restore" || items[1]["change"] != "suspend" ||
			items[0]["member_id"] != fmt.Sprint(e.a1) || items[0]["from_standing"] != "suspended" || items[0]["on"] != "2026-03-01" {
			t.Fatalf("a1's changes: %d %s", r.status, r.body)
		}
		r = e.do(t, "GET", "/api/v1/members/{a1}/standing_changes?limit=1", "secA", nil)
		next := r.str("next_cursor")
		if len(r.items()) != 1 || next == "" {
			t.Fatalf("first page: %s", r.body)
		}
		r = e.do(t, "GET", "/api/v1/members/{a1}/standing_changes?limit=1&cursor="+next, "secA", nil)
		if items := r.items(); len(items) != 1 || items[0]["change"] != "suspend" || r.str("next_cursor") != "" {
			t.Fatalf("second page: %s", r.body)
		}
		// The plain member reads their own (a2), not a1's.
		if r := e.do(t, "GET", "/api/v1/members/{a2}/standing_changes", "plain", nil); len(r.items()) != 1 || r.items()[0]["change"] != "retain" {
			t.Fatalf("plain's own: %d %s", r.status, r.body)
		}
		if r := e.do(t, "GET", "/api/v1/members/{a1}/standing_changes", "plain", nil); r.status != 404 {
			t.Fatalf("plain reads a1's: %d", r.status)
		}
		if r := e.do(t, "GET", "/api/v1/members/{a1}/standing_changes?cursor=x", "secA", nil); r.status != 400 {
			t.Fatalf("bad cursor: %d", r.status)
		}
	})
}

// TestFloatingOfOneMember: ?member_id= lists that member's register entries only.
func TestFloatingOfOneMember(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ member, place string }{{"{a1}", "深圳"}, {"{a2}", "广州"}} {
			r := e.do(t, "POST", "/api/v1/floating", "secA", map[string]any{"direction": "out", "member_id": e.replacer().Replace(c.member),
				"place": c.place, "since": "2026-01-01"})
			if r.status != 201 {
				t.Fatalf("register %s: %d %s", c.member, r.status, r.body)
			}
		}
		r := e.do(t, "GET", "/api/v1/floating?member_id={a1}", "secA", nil)
		if items := r.items(); r.status != 200 || len(items) != 1 || items[0]["member_id"] != fmt.Sprint(e.a1) || items[0]["place"] != "深圳" {
			t.Fatalf("a1's entries: %d %s", r.status, r.body)
		}
		if r := e.do(t, "GET", "/api/v1/floating?member_id=abc", "secA", nil); r.status != 400 {
			t.Fatalf("bad member_id: %d", r.status)
		}
	})
}
