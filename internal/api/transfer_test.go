package api_test

import (
	"bytes"
	"fmt"
	"testing"
)

func TestTransfers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		id := func(n int64) string { return fmt.Sprint(n) }
		memberOrg := func(m int64) any {
			return e.do(t, "GET", "/api/v1/members/"+id(m), "admin", nil).json["org_id"]
		}

		// Inside one grassroots committee: an internal move, done at once.
		if r := e.do(t, "POST", "/api/v1/transfers", "secA", map[string]any{"member_id": id(e.a2), "to_org_id": id(e.B), "reason": "工作调动"}); r.status != 403 {
			t.Errorf("secA moves a member into B: %d %s", r.status, r.body)
		}
		r := e.do(t, "POST", "/api/v1/transfers", "orgadm", map[string]any{"member_id": id(e.a1), "to_org_id": id(e.B), "reason": "工作调动"})
		if r.status != 201 || r.json["kind"] != "internal" || r.json["status"] != "completed" || memberOrg(e.a1) != id(e.B) {
			t.Fatalf("internal transfer: %d %s", r.status, r.body)
		}
		if r := e.raw(t, "GET", "/api/v1/transfers/"+r.str("id")+"/letter.pdf", "orgadm", nil, ""); r.status != 409 {
			t.Errorf("letter of an internal transfer: %d %s", r.status, r.body)
		}

		// To another committee in the system: a letter, accepted by the receiver, receipt back.
		e.runScenarios(t, []scenario{
			{name: "two destinations", method: "POST", path: "/api/v1/transfers", user: "orgadm",
				body:   map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB), "to_external_name": "某地", "reason": "x", "dues_paid_through": "2026-10"},
				status: 422, fields: []string{"to_org_id"}},
			{name: "no dues month", method: "POST", path: "/api/v1/transfers", user: "orgadm",
				body:   map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB), "reason": "x"},
				status: 422, fields: []string{"dues_paid_through"}},
			{name: "valid too long", method: "POST", path: "/api/v1/transfers", user: "orgadm",
				body:   map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB), "reason": "x", "dues_paid_through": "2026-10", "valid_days": 100},
				status: 422, fields: []string{"valid_days"}},
			{name: "no member", method: "POST", path: "/api/v1/transfers", user: "orgadm",
				body: map[string]any{"to_org_id": id(e.XB), "reason": "x"}, status: 422, fields: []string{"member_id"}},
			{name: "member out of scope", method: "POST", path: "/api/v1/transfers", user: "secA",
				body:   map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB), "reason": "x", "dues_paid_through": "2026-10"},
				status: 403, code: "forbidden"},
			{name: "no such member", method: "POST", path: "/api/v1/transfers", user: "admin",
				body:   map[string]any{"member_id": "999999", "to_org_id": id(e.XB), "reason": "x", "dues_paid_through": "2026-10"},
				status: 404},
		})
		r = e.do(t, "POST", "/api/v1/transfers", "orgadm", map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB),
			"reason": "随配偶迁居", "dues_paid_through": "2026-10"})
		if r.status != 201 || r.json["kind"] != "system" || r.json["status"] != "pending" || r.str("letter_no") == "" || r.num("valid_days") != 30 {
			t.Fatalf("system transfer: %d %s", r.status, r.body)
		}
		sys := "/api/v1/transfers/" + r.str("id")
		if r := e.do(t, "POST", "/api/v1/transfers", "orgadm", map[string]any{"member_id": id(e.b1), "to_org_id": id(e.XB),
			"reason": "again", "dues_paid_through": "2026-10"}); r.status != 409 {
			t.Errorf("a second pending transfer: %d %s", r.status, r.body)
		}
		letter := e.download(t, sys+"/letter.pdf", "orgadm", "application/pdf")
		if !bytes.HasPrefix(letter, []byte("%PDF")) {
			t.Errorf("letter is not a PDF: %q", letter[:min(len(letter), 16)])
		}
		if r := e.do(t, "GET", "/api/v1/audit?action=transfer.letter", "admin", nil); len(r.items()) != 1 {
			t.Errorf("the letter (a reveal) was not audited: %s", r.body)
		}
		e.runScenarios(t, []scenario{
			{name: "auditor letter", method: "GET", path: sys + "/letter.pdf", user: "auditor", status: 403},
			{name: "secA reads it not", method: "GET", path: sys, user: "secA", status: 404},
			{name: "sender cannot accept", method: "POST", path: sys + "/accept", user: "orgadm", status: 403},
			{name: "no receipt before acceptance", method: "POST", path: sys + "/receipt", user: "orgadm", status: 409},
			{name: "accept in the future", method: "POST", path: sys + "/accept", user: "admin", body: map[string]any{"on": "2999-01-01"},
				status: 422, fields: []string{"on"}},
			{name: "receiver accepts", method: "POST", path: sys + "/accept", user: "admin", status: 200,
				has: []string{`"status":"accepted"`}},
			{name: "accept twice", method: "POST", path: sys + "/accept", user: "admin", body: map[string]any{}, status: 409},
			{name: "sender records the receipt", method: "POST", path: sys + "/receipt", user: "orgadm", body: map[string]any{},
				status: 200, has: []string{`"status":"completed"`}},
			{name: "list completed", method: "GET", path: "/api/v1/transfers?status=completed&member_id={b1}", user: "orgadm", status: 200,
				has: []string{`"kind":"system"`}},
		})
		if memberOrg(e.b1) != id(e.XB) {
			t.Errorf("accepted member is in %v", memberOrg(e.b1))
		}
		events := e.do(t, "GET", "/api/v1/members/{b1}/events", "admin", nil)
		kinds := map[any]bool{}
		for _, it := range events.items() {
			kinds[it["kind"]] = true
		}
		if !kinds["transfer_out"] || !kinds["transfer_accepted"] || !kinds["transfer_receipt"] {
			t.Errorf("every step is a member event: %v", kinds)
		}

		// Rejected by the receiver.
		r = e.do(t, "POST", "/api/v1/transfers", "orgadm", map[string]any{"member_id": id(e.b2), "to_org_id": id(e.XB),
			"reason": "x", "dues_paid_through": "2026-10"})
		rej := "/api/v1/transfers/" + r.str("id")
		if r := e.do(t, "POST", rej+"/reject", "admin", map[string]any{}); r.status != 422 || r.errFields()["reason"] == nil {
			t.Errorf("reject without a reason: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", rej+"/reject", "admin", map[string]any{"reason": "不属本单位"}); r.status != 200 || r.json["status"] != "rejected" {
			t.Errorf("reject: %d %s", r.status, r.body)
		}
		if memberOrg(e.b2) != id(e.B) {
			t.Errorf("a rejected member moved: %v", memberOrg(e.b2))
		}

		// Outside the system, issued long ago: overdue and no receipt, until the receipt comes.
		r = e.do(t, "POST", "/api/v1/transfers", "secA", map[string]any{"member_id": id(e.a2), "to_external_name": "某省某市某党委",
			"reason": "调离", "dues_paid_through": "2025-12", "issued_on": "2026-01-05"})
		if r.status != 201 || r.json["kind"] != "outside" || r.json["expires_on"] != "2026-02-04" || r.json["letter_overdue"] != true || r.json["receipt_missing"] != true {
			t.Fatalf("outside transfer: %d %s", r.status, r.body)
		}
		out := "/api/v1/transfers/" + r.str("id")
		flagged := e.do(t, "GET", "/api/v1/transfers?flag=1", "secA", nil)
		if ids := flagged.itemIDs(); len(ids) != 1 || "/api/v1/transfers/"+ids[0] != out {
			t.Errorf("flagged transfers: %v", ids)
		}
		if !bytes.HasPrefix(e.download(t, out+"/letter.pdf", "secA", "application/pdf"), []byte("%PDF")) {
			t.Error("outside letter is not a PDF")
		}
		// Nobody in the system receives it: accepting is a conflict of its state, even for the admin.
		for _, user := range []string{"secA", "admin"} {
			if r := e.do(t, "POST", out+"/accept", user, nil); r.status != 409 || r.errCode() != "conflict" {
				t.Errorf("%s accepts a letter sent outside: %d %s", user, r.status, r.body)
			}
		}
		if r := e.do(t, "POST", out+"/receipt", "secA", nil); r.status != 200 || r.json["status"] != "completed" || r.json["receipt_missing"] != false {
			t.Errorf("receipt: %d %s", r.status, r.body)
		}
		if r := e.do(t, "GET", "/api/v1/transfers?flag=1", "secA", nil); len(r.items()) != 0 {
			t.Errorf("still flagged: %s", r.body)
		}

		// In from outside.
		newID := e.idNumber("19880808")
		bad := map[string]any{"member": map[string]any{"name": "冯十", "id_number": "123", "org_id": id(e.A), "category": "full", "joined_on": "2012-07-01"},
			"from_external_name": "外省某党委", "issued_on": "2026-10-01", "dues_paid_through": "2026-09"}
		if r := e.do(t, "POST", "/api/v1/transfers/incoming", "secA", bad); r.status != 422 || r.errFields()["member.id_number"] == nil {
			t.Errorf("incoming with a bad ID number: %d %s", r.status, r.body)
		}
		good := map[string]any{"member": map[string]any{"name": "冯十", "id_number": newID, "org_id": id(e.A), "category": "full", "joined_on": "2012-07-01"},
			"from_external_name": "外省某党委", "issued_on": "2026-10-01", "dues_paid_through": "2026-09", "reported_on": "2026-10-08"}
		r = e.do(t, "POST", "/api/v1/transfers/incoming", "secA", good)
		if r.status != 201 || r.json["kind"] != "in" || r.json["status"] != "accepted" || r.json["to_org_id"] != id(e.A) {
			t.Fatalf("incoming: %d %s", r.status, r.body)
		}
		in := "/api/v1/transfers/" + r.str("id")
		if m := e.do(t, "GET", "/api/v1/members?q="+newID, "secA", nil); len(m.items()) != 1 {
			t.Errorf("the incoming member is not on the roster: %s", m.body)
		}
		// Received from outside: there is no letter of ours to print, whoever asks.
		if r := e.raw(t, "GET", in+"/letter.pdf", "secA", nil, ""); r.status != 409 {
			t.Errorf("letter of an incoming transfer: %d", r.status)
		}
		if r := e.do(t, "POST", in+"/receipt", "secA", map[string]any{"on": "2026-10-09"}); r.status != 200 || r.json["status"] != "completed" {
			t.Errorf("receipt sent back: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/api/v1/transfers/incoming", "auditor", good); r.status != 403 {
			t.Errorf("auditor incoming: %d", r.status)
		}
	})
}
