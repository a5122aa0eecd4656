package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// The compliance page shows a branch general meeting with approved minutes as ok and an
// empty quarter as missing; the roll-up names the branch that missed it; a secretary cannot
// open another branch's page; a stored reminder shows on the secretary's home page.
func TestCompliancePages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		year := time.Now().In(domain.Shanghai).Year() - 1
		err := f.Set.DB.WriteTx(ctx, func(q *store.Q) error {
			start := time.Date(year, 2, 10, 9, 0, 0, 0, domain.Shanghai)
			m := &domain.Meeting{OrgID: f.BranchA.ID, OrgPath: f.BranchA.Path, Kind: domain.MeetingBranchGeneral, Title: "大会",
				StartsAt: start, EndsAt: start.Add(time.Hour), Status: domain.MeetingPlanned, CheckinCode: "1", QRKey: "k"}
			if err := q.InsertMeeting(ctx, m); err != nil {
				return err
			}
			if err := q.SaveMinutes(ctx, &domain.Minutes{MeetingID: m.ID, Content: "c", Status: domain.MinutesApproved}); err != nil {
				return err
			}
			return q.UpsertReminder(ctx, store.Reminder{OrgID: f.BranchA.ID, OrgPath: f.BranchA.Path, Kind: domain.MeetingPartyDay,
				Period: "soon", Required: 1, EndsOn: domain.Today(time.Now()).AddDate(0, 0, 3)})
		})
		if err != nil {
			t.Fatal(err)
		}
		sec := newClient(t, base)
		sec.login("secretary_a")
		res := sec.get(fmt.Sprintf("/orgs/%d/compliance?year=%d", f.BranchA.ID, year))
		for _, want := range []string{fmt.Sprintf(`data-period="%d-Q1" data-status="ok"`, year), fmt.Sprintf(`data-period="%d-Q2" data-status="missing"`, year), "支部党员大会", "未完成"} {
			if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Errorf("compliance page: %d, missing %q", res.Status, want)
			}
		}
		if res := sec.get(fmt.Sprintf("/orgs/%d/compliance?year=%d", f.BranchB.ID, year)); res.Status != http.StatusNotFound {
			t.Errorf("secretary of A on B's compliance: %d, want 404", res.Status)
		}
		if res := sec.get("/"); !strings.Contains(res.Body, `data-testid="reminders"`) || !strings.Contains(res.Body, "主题党日") {
			t.Errorf("home page without the reminder:\n%s", res.Body)
		}
		admin := newClient(t, base)
		admin.login("admin")
		res = admin.get(fmt.Sprintf("/orgs/%d/compliance/rollup?year=%d", f.Region.ID, year))
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "data-chart=") || !strings.Contains(res.Body, "共 2 个支部") {
			t.Fatalf("roll-up page: %d\n%s", res.Status, res.Body)
		}
		missed := res.Body[strings.Index(res.Body, `data-testid="missed"`):]
		if !strings.Contains(missed, "乙公司党支部") || !strings.Contains(missed, fmt.Sprintf("%d-Q1", year)) {
			t.Errorf("roll-up does not name 乙公司党支部 for Q1")
		}
		if res := admin.get(fmt.Sprintf("/orgs/%d", f.BranchA.ID)); !strings.Contains(res.Body, `data-testid="compliance-link"`) {
			t.Error("no compliance link on the org page")
		}
	})
}
