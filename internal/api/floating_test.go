package api_test

import (
	"fmt"
	"testing"
)

func TestFloatingMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a1 := fmt.Sprint(e.a1)
		e.runScenarios(t, []scenario{
			{name: "no place", method: "POST", path: "/api/v1/floating", user: "secA",
				body: map[string]any{"direction": "out", "member_id": a1, "since": "2024-03-01"}, status: 422, fields: []string{"place"}},
			{name: "no member", method: "POST", path: "/api/v1/floating", user: "secA",
				body: map[string]any{"direction": "out", "place": "深圳", "since": "2024-03-01"}, status: 422, fields: []string{"member_id"}},
			{name: "bad direction", method: "POST", path: "/api/v1/floating", user: "secA",
				body: map[string]any{"direction": "up", "place": "深圳", "since": "2024-03-01"}, status: 422, fields: []string{"direction"}},
			{name: "another branch's member", method: "POST", path: "/api/v1/floating", user: "secA",
				body:   map[string]any{"direction": "out", "member_id": fmt.Sprint(e.b1), "place": "深圳", "since": "2024-03-01"},
				status: 403},
			{name: "auditor", method: "POST", path: "/api/v1/floating", user: "auditor",
				body: map[string]any{"direction": "out", "member_id": a1, "place": "深圳", "since": "2024-03-01"}, status: 403},
		})
		r := e.do(t, "POST", "/api/v1/floating", "secA", map[string]any{"direction": "out", "member_id": a1, "place": "广东省深圳市",
			"since": "2024-03-01", "contact": "13800009999", "reason": "务工", "card_no": "LD2024001"})
		if r.status != 201 || r.json["report_due_on"] != "2025-03-01" || r.json["report_overdue"] != true || r.json["name"] != "张三" {
			t.Fatalf("out-flow: %d %s", r.status, r.body)
		}
		out := "/api/v1/floating/" + r.str("id")
		if m := e.do(t, "GET", "/api/v1/members/{a1}", "secA", nil); m.json["floating"] != true {
			t.Errorf("member not marked floating: %s", m.body)
		}
		r = e.do(t, "POST", "/api/v1/floating", "secA", map[string]any{"direction": "in", "org_id": fmt.Sprint(e.A), "name": "外来党员",
			"home_org_name": "湖南某县委", "place": "湖南", "since": "2026-06-01"})
		if r.status != 201 || r.json["member_id"] != nil || r.json["report_overdue"] != false {
			t.Fatalf("in-flow: %d %s", r.status, r.body)
		}
		in := "/api/v1/floating/" + r.str("id")
		e.runScenarios(t, []scenario{
			{name: "twice out", method: "POST", path: "/api/v1/floating", user: "secA",
				body: map[string]any{"direction": "out", "member_id": a1, "place": "深圳", "since": "2024-03-01"}, status: 409},
			{name: "overdue list", method: "GET", path: "/api/v1/floating?overdue=1", user: "secA", status: 200,
				has: []string{`"place":"广东省深圳市"`}, hasNot: []string{"外来党员"}},
			{name: "in-flow list", method: "GET", path: "/api/v1/floating?direction=in&org_id={A}", user: "secA", status: 200,
				has: []string{"外来党员"}, hasNot: []string{"广东省深圳市"}},
			{name: "other branch", method: "GET", path: out, user: "orgadm", status: 200},
			{name: "plain member", method: "GET", path: out, user: "plain", status: 404},
			{name: "yearly report", method: "POST", path: out + "/reports", user: "secA", body: map[string]any{"on": "2026-10-01", "note": "电话汇报"},
				status: 200, has: []string{`"last_report_on":"2026-10-01"`, `"report_overdue":false`, `"report_due_on":"2027-10-01"`}},
			{name: "report before since", method: "POST", path: out + "/reports", user: "secA", body: map[string]any{"on": "2020-01-01"},
				status: 422, fields: []string{"on"}},
			{name: "no longer overdue", method: "GET", path: "/api/v1/floating?overdue=1", user: "secA", status: 200, hasNot: []string{"广东省深圳市"}},
			{name: "lost contact needs a reason", method: "POST", path: out + "/lost_contact", user: "secA", body: map[string]any{"on": "2026-11-01"},
				status: 422, fields: []string{"note"}},
			{name: "lost contact", method: "POST", path: out + "/lost_contact", user: "secA",
				body: map[string]any{"on": "2026-11-01", "note": "多次联系未果"}, status: 200},
			{name: "lost contact of an in-flow member", method: "POST", path: in + "/lost_contact", user: "secA",
				body: map[string]any{"note": "x"}, status: 409},
			{name: "auditor reports", method: "POST", path: out + "/reports", user: "auditor", status: 403},
			{name: "end", method: "POST", path: out + "/end", user: "secA", status: 200},
			{name: "end twice", method: "POST", path: out + "/end", user: "secA", status: 409},
			{name: "active only", method: "GET", path: "/api/v1/floating?active=1", user: "secA", status: 200, hasNot: []string{"广东省深圳市"}},
			{name: "bad direction filter", method: "GET", path: "/api/v1/floating?direction=up", user: "secA", status: 400, fields: []string{"direction"}},
		})
		m := e.do(t, "GET", "/api/v1/members/{a1}", "secA", nil)
		if m.json["floating"] != false || m.json["lost_contact"] != true {
			t.Errorf("member after the end: %s", m.body)
		}
	})
}

func TestStandingAndBirthdays(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		b2 := "/api/v1/members/{b2}/standing"
		e.runScenarios(t, []scenario{
			{name: "suspend", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "suspend", "on": "2026-01-10", "reason": "连续六个月未交纳党费"},
				status: 200, has: []string{`"standing":"suspended"`}},
			{name: "suspend twice", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "suspend", "on": "2026-01-10", "reason": "x"},
				status: 409, fields: []string{"change"}},
			{name: "restore", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "restore", "on": "2026-03-01", "reason": "补交党费"},
				status: 200, has: []string{`"standing":"normal"`}},
			{name: "unknown change", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "promote", "on": "2026-03-01", "reason": "x"},
				status: 422, fields: []string{"change"}},
			{name: "development's own action", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "cancel_probation", "on": "2026-03-01", "reason": "x"},
				status: 422, fields: []string{"change"}},
			{name: "future day", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "retain", "on": "2999-01-01", "reason": "x"},
				status: 422, fields: []string{"on"}},
			{name: "no reason", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "retain", "on": "2026-03-01"},
				status: 422, fields: []string{"reason"}},
			{name: "unknown field", method: "POST", path: b2, user: "orgadm", body: map[string]any{"action": "retain"}, status: 400},
			{name: "secretary of another branch", method: "POST", path: b2, user: "secA", body: map[string]any{"change": "retain", "on": "2026-03-01", "reason": "x"},
				status: 403},
			{name: "no such member", method: "POST", path: "/api/v1/members/999999/standing", user: "admin",
				body: map[string]any{"change": "retain", "on": "2026-03-01", "reason": "x"}, status: 404},
			{name: "lost contact", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "lost_contact", "on": "2026-04-01", "reason": "失联"},
				status: 200, has: []string{`"lost_contact":true`}},
			{name: "lost contact twice", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "lost_contact", "on": "2026-04-01", "reason": "失联"},
				status: 409},
			{name: "contact restored", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "contact_restored", "on": "2026-05-01", "reason": "已联系上"},
				status: 200, has: []string{`"lost_contact":false`}},
			{name: "expel", method: "POST", path: b2, user: "orgadm", body: map[string]any{"change": "expel", "on": "2026-06-01", "reason": "严重违纪"},
				status: 200, has: []string{`"standing":"expelled"`}},
			{name: "changes of January", method: "GET", path: "/api/v1/members/standing_changes?org_id={C}&month=2026-01", user: "auditor",
				status: 200, has: []string{`"change":"suspend"`, `"from_standing":"normal"`, `"to_standing":"suspended"`, "赵六"}, hasNot: []string{`"change":"restore"`}},
			{name: "changes out of scope", method: "GET", path: "/api/v1/members/standing_changes?org_id={B}&month=2026-01", user: "secA", status: 404},

			// Fixture members joined on 1 July, at 30: a1 in 2010, a2 in 2011.
			{name: "birthdays of July", method: "GET", path: "/api/v1/members/birthdays?org_id={A}&month=2026-07", user: "secA", status: 200,
				has:    []string{`"name":"张三","org_id":"{A}","org_name":"甲一支部","joined_on":"2010-07-01","on":"2026-07-01","years":16`, `"years":15`},
				hasNot: []string{"王五"}},
			{name: "no birthdays in June", method: "GET", path: "/api/v1/members/birthdays?org_id={A}&month=2026-06", user: "secA", status: 200,
				has: []string{`{"items":[]}`}},
			{name: "expelled members have none", method: "GET", path: "/api/v1/members/birthdays?org_id={B}&month=2026-07", user: "orgadm", status: 200,
				has: []string{"王五"}, hasNot: []string{"赵六"}},
			{name: "bad month", method: "GET", path: "/api/v1/members/birthdays?org_id={A}&month=2026-7", user: "secA", status: 400, fields: []string{"month"}},
			{name: "no org", method: "GET", path: "/api/v1/members/birthdays", user: "secA", status: 400, fields: []string{"org_id"}},
			{name: "org out of scope", method: "GET", path: "/api/v1/members/birthdays?org_id={B}", user: "secA", status: 404},
		})
	})
}
