package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
)

// webDuesMonth is the month n months from the current one in China.
func webDuesMonth(n int) string {
	now := time.Now().In(domain.Shanghai)
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, domain.Shanghai).AddDate(0, n, 0).Format("2006-01")
}

// webDuesBill stores a bill as the dues capability would (1000 fen; paid in full when paid).
func webDuesBill(t *testing.T, f *fixture, m *domain.Member, month, status string) {
	t.Helper()
	var paid int64
	var paidAt any
	if status == domain.DuesPaid {
		paid, paidAt = 1000, time.Now().UTC()
	}
	_, err := f.Set.DB.SQL().ExecContext(context.Background(), `INSERT INTO dues_bills (member_id, org_id, org_path, month,
		category, base_fen, standard_fen, amount_fen, rule_ref, status, paid_fen, paid_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'in_service', 200000, 1000, 1000, 'in_service:50bp', $5, $6, $7, $8, $8)`,
		m.ID, m.OrgID, m.OrgPath, month, status, paid, paidAt, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
}

// 张三 has not paid for the six months before this one: the secretary's arrears page flags
// him on top and records the branch's decision; the home pages show the reminders the daily
// job recorded; the statistics page shows "1 / 2" with charts and the sheet downloads; the
// secretary sees nothing of 乙公司党支部.
func TestDuesStatsPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		for i := -6; i <= -1; i++ {
			webDuesBill(t, f, f.MemberA, webDuesMonth(i), domain.DuesUnpaid)
		}
		webDuesBill(t, f, f.MemberA, webDuesMonth(0), domain.DuesPaid)
		webDuesBill(t, f, f.MemberB, webDuesMonth(-1), domain.DuesUnpaid)
		webDuesBill(t, f, f.MemberB, webDuesMonth(0), domain.DuesUnpaid)
		if _, _, err := f.Set.DuesStats.Remind(context.Background(), domain.Today(time.Now())); err != nil {
			t.Fatal(err)
		}

		sec := newClient(t, base)
		sec.login("secretary_a")
		res := sec.get("/dues/arrears")
		for _, want := range []string{"张三", `data-flagged="true"`, `data-consecutive="6"`, `data-testid="flagged-alert"`, `data-testid="note-form"`} {
			if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Fatalf("arrears page: %d, missing %q\n%s", res.Status, want, res.Body)
			}
		}
		if strings.Contains(res.Body, "李四") {
			t.Error("the secretary of A sees 乙公司党支部's member")
		}
		if res := sec.get(fmt.Sprintf("/dues/arrears?org_id=%d", f.BranchB.ID)); res.Status != http.StatusNotFound {
			t.Errorf("secretary of A on B's arrears: %d", res.Status)
		}
		form := url.Values{"member_id": {fmt.Sprint(f.MemberA.ID)}, "org_id": {fmt.Sprint(f.BranchA.ID)}, "decision": {"good_reason"}}
		res = sec.post("/dues/arrears/notes", form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="note"`) || !strings.Contains(res.Body, "必填") {
			t.Errorf("a good reason without a note: %d", res.Status)
		}
		form.Set("note", "长期住院，已与家属联系")
		res = sec.post("/dues/arrears/notes", form)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/dues/arrears?org_id=") {
			t.Fatalf("record: %d %q", res.Status, res.Location)
		}
		res = sec.get(res.Location)
		if !strings.Contains(res.Body, `data-testid="last-note"`) || !strings.Contains(res.Body, "有正当理由") || !strings.Contains(res.Body, "长期住院") {
			t.Errorf("the decision is not shown")
		}
		form.Set("member_id", fmt.Sprint(f.MemberB.ID))
		if res := sec.post("/dues/arrears/notes", form); res.Status != http.StatusForbidden {
			t.Errorf("note on B's member: %d", res.Status)
		}

		if res := sec.get("/"); !strings.Contains(res.Body, `data-testid="dues-reminders"`) || !strings.Contains(res.Body, "甲公司第一党支部：1 名党员") {
			t.Errorf("secretary's home without the dues reminder")
		}
		member := newClient(t, base)
		member.login("zhangsan")
		if res := member.get("/"); !strings.Contains(res.Body, `data-testid="dues-my-reminder"`) || !strings.Contains(res.Body, "6 个月") {
			t.Errorf("member's home without the dues reminder:\n%s", res.Body)
		}
		if res := member.get("/dues/stats"); res.Status != http.StatusNotFound {
			t.Errorf("a plain member on the statistics: %d", res.Status)
		}

		res = sec.get("/dues/stats")
		for _, want := range []string{`data-testid="collection" data-paid="1" data-due="1"`, "100%", `data-testid="org-chart"`, `data-testid="trend-chart"`,
			`/dues/sheet.xlsx?org_id=`, `/dues/sheet.pdf?org_id=`} {
			if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Errorf("stats page: %d, missing %q", res.Status, want)
			}
		}
		admin := newClient(t, base)
		admin.login("admin")
		res = admin.get(fmt.Sprintf("/dues/stats?org_id=%d&month=%s", f.Region.ID, webDuesMonth(0)))
		if !strings.Contains(res.Body, `data-paid="1" data-due="2"`) || !strings.Contains(res.Body, "甲公司党委") || !strings.Contains(res.Body, "乙公司党委") {
			t.Errorf("region stats:\n%s", res.Body)
		}
		res = sec.get(fmt.Sprintf("/dues/sheet.xlsx?org_id=%d", f.BranchA.ID))
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.HasPrefix(res.Body, "PK") {
			t.Errorf("xlsx: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		res = sec.get(fmt.Sprintf("/dues/sheet.pdf?org_id=%d&month=%s", f.BranchA.ID, webDuesMonth(-1)))
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF-") {
			t.Errorf("pdf: %d", res.Status)
		}
		if res := sec.get(fmt.Sprintf("/dues/sheet.pdf?org_id=%d", f.BranchB.ID)); res.Status != http.StatusNotFound {
			t.Errorf("B's sheet for the secretary of A: %d", res.Status)
		}
	})
}
