package api_test

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/transfer"
)

// A secretary records a death; the member leaves the list and the org's count, shows under
// ?left=only, and an org admin takes the departure back. A departure by a transfer out of
// the system shows in the member's fields and cannot be undone.
func TestMemberDepartureAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		r := e.do(t, "POST", "/api/v1/members/{a1}/departure", "secA", map[string]any{"reason": "transferred_out", "on": "2024-05-01"})
		if r.status != 422 || r.errFields()["reason"] == nil {
			t.Fatalf("process reason: %d %s", r.status, r.body)
		}
		r = e.do(t, "POST", "/api/v1/members/{a1}/departure", "secA", map[string]any{"reason": "other", "on": "2024-05-01"})
		if r.status != 422 || r.errFields()["note"] == nil {
			t.Fatalf("other without a note: %d %s", r.status, r.body)
		}
		r = e.do(t, "POST", "/api/v1/members/{a1}/departure", "secA", map[string]any{"reason": "deceased", "on": "2024-05-01", "note": "病故"})
		if r.status != 200 || r.str("left_on") != "2024-05-01" || r.str("left_reason") != "deceased" {
			t.Fatalf("record: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/api/v1/members/{a1}/departure", "secA", map[string]any{"reason": "deceased", "on": "2024-05-01"}); r.status != 409 {
			t.Fatalf("twice: %d", r.status)
		}
		if r := e.do(t, "PATCH", "/api/v1/members/{a1}", "secA", map[string]any{"job_title": "x"}); r.status != 409 {
			t.Fatalf("edit of a member who left: %d %s", r.status, r.body)
		}
		has := func(path, id string) bool {
			for _, got := range e.do(t, "GET", path, "secA", nil).itemIDs() {
				if got == id {
					return true
				}
			}
			return false
		}
		a1 := e.replacer().Replace("{a1}")
		if has("/api/v1/members?org_id={A}", a1) || !has("/api/v1/members?org_id={A}&left=only", a1) ||
			!has("/api/v1/members?org_id={A}&left=include", a1) || has("/api/v1/members?left=only", e.replacer().Replace("{a2}")) {
			t.Fatal("left filter")
		}
		if r := e.do(t, "GET", "/api/v1/members?left=all", "secA", nil); r.status != 400 {
			t.Fatalf("left=all: %d", r.status)
		}
		if r := e.do(t, "GET", "/api/v1/orgs/{A}", "secA", nil); r.json["member_count"] != float64(1) {
			t.Fatalf("branch count after the departure: %s", r.body)
		}
		if r := e.do(t, "GET", "/api/v1/members/{a1}", "secA", nil); r.status != 200 || r.str("left_reason") != "deceased" {
			t.Fatalf("member who left: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/api/v1/members/{a1}/departure/undo", "secA", map[string]any{"note": "误录"}); r.status != 403 {
			t.Fatalf("secretary undoes: %d", r.status)
		}
		if r := e.do(t, "POST", "/api/v1/members/{a1}/departure/undo", "orgadm", map[string]any{"note": ""}); r.status != 422 {
			t.Fatalf("undo without a note: %d", r.status)
		}
		r = e.do(t, "POST", "/api/v1/members/{a1}/departure/undo", "orgadm", map[string]any{"note": "误录"})
		if r.status != 200 || r.json["left_on"] != nil || r.json["left_reason"] != nil {
			t.Fatalf("undo: %d %s", r.status, r.body)
		}
		if !has("/api/v1/members?org_id={A}", a1) {
			t.Fatal("not back on the list")
		}

		// A transfer out of the system leaves the roster on its receipt.
		ctx, sys := context.Background(), auth.SystemActor()
		tr, err := e.set.Transfers.Create(ctx, sys, transfer.CreateInput{MemberID: e.a2, ToExternalName: "外省某党委", Reason: "调动",
			DuesPaidThrough: "2024-10"})
		if err != nil {
			t.Fatal(err)
		}
		e.extra["tr"] = fmt.Sprint(tr.ID)
		if r := e.do(t, "POST", "/api/v1/transfers/{tr}/receipt", "secA", map[string]any{}); r.status != 200 {
			t.Fatalf("receipt: %d %s", r.status, r.body)
		}
		r = e.do(t, "GET", "/api/v1/members/{a2}", "secA", nil)
		if r.str("left_reason") != "transferred_out" || r.str("left_on") == "" {
			t.Fatalf("after the receipt: %s", r.body)
		}
		if r := e.do(t, "POST", "/api/v1/members/{a2}/departure/undo", "admin", map[string]any{"note": "误录"}); r.status != 409 ||
			r.errFields()["reason"] == nil {
			t.Fatalf("undo of a transfer's departure: %d %s", r.status, r.body)
		}
		// The plain member (linked to a2) still reads their own record.
		if r := e.do(t, "GET", "/api/v1/members/{a2}", "plain", nil); r.status != 200 {
			t.Fatalf("own record after leaving: %d", r.status)
		}
		if r := e.do(t, "GET", "/api/v1/members", "plain", nil); len(r.items()) != 1 {
			t.Fatalf("own list after leaving: %s", r.body)
		}
	})
}
