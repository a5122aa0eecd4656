package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// A branch-general meeting of 甲一支部 in February 2025 with approved minutes makes its Q1 ok;
// 甲二支部 held nothing and shows up as missing in the committee's roll-up.
func TestCompliance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		err := e.set.DB.WriteTx(ctx, func(q *store.Q) error {
			a, err := q.Org(ctx, e.A)
			if err != nil {
				return err
			}
			start := time.Date(2025, 2, 10, 9, 0, 0, 0, domain.Shanghai)
			m := &domain.Meeting{OrgID: a.ID, OrgPath: a.Path, Kind: domain.MeetingBranchGeneral, Title: "大会",
				StartsAt: start, EndsAt: start.Add(time.Hour), Status: domain.MeetingPlanned, CheckinCode: "1", QRKey: "k"}
			if err := q.InsertMeeting(ctx, m); err != nil {
				return err
			}
			return q.SaveMinutes(ctx, &domain.Minutes{MeetingID: m.ID, Content: "c", Status: domain.MinutesApproved})
		})
		if err != nil {
			t.Fatal(err)
		}
		r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance?year=2025", e.A), "secA", nil)
		if r.status != 200 {
			t.Fatalf("own branch: %d %s", r.status, r.body)
		}
		found := false
		for _, it := range r.items() {
			if it["kind"] == "branch_general" && it["period"] == "2025-Q1" {
				found = true
				if it["status"] != "ok" || it["held"] != float64(1) || it["required"] != float64(1) {
					t.Errorf("Q1 branch general: %v", it)
				}
			}
			if it["kind"] == "branch_general" && it["period"] == "2025-Q2" && it["status"] != "missing" {
				t.Errorf("Q2 branch general: %v", it)
			}
		}
		if !found {
			t.Errorf("no Q1 branch general item: %s", r.body)
		}
		if r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance?year=2025", e.B), "secA", nil); r.status != 404 {
			t.Errorf("secretary of A on B: %d, want 404", r.status)
		}
		if r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance/rollup?year=2025", e.C), "secA", nil); r.status != 404 {
			t.Errorf("secretary of A on the committee roll-up: %d, want 404", r.status)
		}
		if r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance?year=abc", e.A), "secA", nil); r.status != 400 {
			t.Errorf("bad year: %d, want 400", r.status)
		}
		if r := e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance", e.A), "", nil); r.status != 401 {
			t.Errorf("anonymous: %d, want 401", r.status)
		}

		r = e.do(t, "GET", fmt.Sprintf("/api/v1/orgs/%d/compliance/rollup?year=2025", e.C), "orgadm", nil)
		if r.status != 200 {
			t.Fatalf("roll-up: %d %s", r.status, r.body)
		}
		if orgs, _ := r.json["orgs"].([]any); len(orgs) != 2 {
			t.Errorf("roll-up of 甲党委 covers %d branches, want 2", len(orgs))
		}
		missedQ1 := []string{}
		for _, v := range r.json["missing"].([]any) {
			m := v.(map[string]any)
			if m["kind"] == "branch_general" && m["period"] == "2025-Q1" {
				missedQ1 = append(missedQ1, m["org_name"].(string))
			}
		}
		if len(missedQ1) != 1 || missedQ1[0] != "甲二支部" {
			t.Errorf("missed Q1 branch general: %v, want [甲二支部]", missedQ1)
		}
	})
}
