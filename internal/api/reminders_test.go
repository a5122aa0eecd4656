package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/domain"
)

// A group meeting planned by 甲一支部 for its party group must name the group and reports it;
// GET /orgs/{id}/reminders lists the branch's open reminders (the group's with its name) and
// leaves out one met since the daily job ran.
func TestOrgRemindersAndGroupMeetings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		// Six days before Q1 2026 ends, Beijing time.
		e.set.Compliance.Now = func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, domain.Shanghai) }
		today := domain.NewDate(2026, 3, 25)
		if _, err := e.set.Compliance.Remind(ctx, today); err != nil {
			t.Fatal(err)
		}

		r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/reminders", e.A), "secA", nil)
		if r.status != 200 {
			t.Fatalf("reminders of A: %d %s", r.status, r.body)
		}
		var group map[string]any
		for _, it := range r.items() {
			if it["org_id"] != fmt.Sprint(e.A) {
				t.Errorf("reminder of another organisation: %v", it)
			}
			if it["kind"] == "group" {
				group = it
			}
		}
		if group == nil || group["group_id"] != fmt.Sprint(e.GA) || group["group_name"] != "第一党小组" ||
			group["period"] != "2026-03" || group["held"] != float64(0) || group["ends_on"] != "2026-03-31" {
			t.Fatalf("group reminder: %v in %s", group, r.body)
		}
		// The committee sees both of its branches.
		r = e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/reminders", e.C), "orgadm", nil)
		orgs := map[string]bool{}
		for _, it := range r.items() {
			orgs[it["org_id"].(string)] = true
		}
		if r.status != 200 || !orgs[fmt.Sprint(e.A)] || !orgs[fmt.Sprint(e.B)] || orgs[fmt.Sprint(e.XB)] {
			t.Errorf("reminders of 甲党委: %d %v", r.status, orgs)
		}

		// A group meeting at the branch without a group is refused: it would count for none.
		start := time.Date(2026, 3, 20, 19, 0, 0, 0, domain.Shanghai)
		body := map[string]any{"org_id": fmt.Sprint(e.A), "kind": "group", "title": "三月党小组会",
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339)}
		if r := e.do(t, "POST", "/api/v1/meetings", "secA", body); r.status != 422 || r.errFields()["group_id"] == nil {
			t.Errorf("group meeting without a group: %d %s", r.status, r.body)
		}
		body["group_id"] = fmt.Sprint(e.B) // not a group
		if r := e.do(t, "POST", "/api/v1/meetings", "secA", body); r.status != 422 || r.errFields()["group_id"] == nil {
			t.Errorf("group meeting for a branch: %d %s", r.status, r.body)
		}
		body["group_id"] = fmt.Sprint(e.GA)
		created := e.do(t, "POST", "/api/v1/meetings", "secA", body)
		if created.status != 201 || created.str("group_id") != fmt.Sprint(e.GA) || created.str("group_name") != "第一党小组" ||
			created.str("org_id") != fmt.Sprint(e.A) {
			t.Fatalf("group meeting: %d %s", created.status, created.body)
		}
		id := created.str("id")
		if r := e.do(t, "GET", "/api/v1/meetings/"+id, "secA", nil); r.str("group_id") != fmt.Sprint(e.GA) {
			t.Errorf("read back: %s", r.body)
		}
		// Other meetings carry no group.
		if r := e.do(t, "POST", "/api/v1/meetings", "secA", newMeetingBody(fmt.Sprint(e.A))(e, "secA")); r.status != 201 || r.json["group_id"] != nil {
			t.Errorf("party day: %d %s", r.status, r.body)
		}

		// Minutes approved: the group's March is met and its reminder is gone at once.
		steps := []struct {
			method, path, user string
			body               any
		}{
			{"PUT", "/api/v1/meetings/" + id + "/minutes", "secA", map[string]any{"content": "学习党章"}},
			{"POST", "/api/v1/meetings/" + id + "/minutes/submit", "secA", nil},
			{"POST", "/api/v1/meetings/" + id + "/minutes/approve", "orgadm", nil},
		}
		for _, s := range steps {
			if r := e.do(t, s.method, s.path, s.user, s.body); r.status != 200 {
				t.Fatalf("%s %s: %d %s", s.method, s.path, r.status, r.body)
			}
		}
		r = e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/reminders", e.A), "secA", nil)
		for _, it := range r.items() {
			if it["kind"] == "group" {
				t.Errorf("the group's reminder after its meeting: %v", it)
			}
		}
		r = e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance?year=2026", e.A), "secA", nil)
		for _, it := range r.items() {
			if it["kind"] == "group" && it["period"] == "2026-03" && (it["status"] != "ok" || it["held"] != float64(1)) {
				t.Errorf("group March: %v", it)
			}
		}
		if r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/reminders", e.A), "", nil); r.status != 401 {
			t.Errorf("anonymous: %d", r.status)
		}
	})
}
