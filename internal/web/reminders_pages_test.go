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

// The reminders partial: the branch's open reminders on its meetings list, its compliance
// page and the home page (the party group's with the group's name); a reader of another
// branch sees none of them. The plan form offers the branch's party groups, and a group
// meeting without a group is refused on the form.
func TestReminderPartialAndGroupPlan(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		f.Set.Compliance.Now = func() time.Time { return time.Date(2026, 3, 27, 9, 0, 0, 0, domain.Shanghai) }
		if _, err := f.Set.Compliance.Remind(ctx, domain.NewDate(2026, 3, 27)); err != nil {
			t.Fatal(err)
		}
		sec := newClient(t, base)
		sec.login("secretary_a")
		group := fmt.Sprintf(`data-kind="group" data-period="2026-03" data-group="%d"`, f.GroupA.ID)
		pages := []string{fmt.Sprintf("/meetings?org=%d", f.BranchA.ID), fmt.Sprintf("/orgs/%d/compliance?year=2026", f.BranchA.ID), "/"}
		for _, p := range pages {
			res := sec.get(p)
			if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="reminders"`) ||
				!strings.Contains(res.Body, group) || !strings.Contains(res.Body, "党小组会（第一党小组）") ||
				!strings.Contains(res.Body, `data-kind="party_day" data-period="2026-03"`) {
				t.Errorf("GET %s: %d, no reminders partial with the group's reminder:\n%.3000s", p, res.Status, res.Body)
			}
			if strings.Contains(res.Body, "乙公司党支部：") {
				t.Errorf("GET %s shows another branch's reminder", p)
			}
		}
		// The compliance page names the group in its cells.
		if res := sec.get(fmt.Sprintf("/orgs/%d/compliance?year=2026", f.BranchA.ID)); !strings.Contains(res.Body, "2026-03 第一党小组") {
			t.Errorf("compliance cells without the group's name")
		}
		// Another branch's list shows none of A's reminders; B's own are there for the admin.
		admin := newClient(t, base)
		admin.login("admin")
		res := admin.get(fmt.Sprintf("/meetings?org=%d", f.BranchB.ID))
		if res.Status != http.StatusOK || strings.Contains(res.Body, "甲公司第一党支部：") || !strings.Contains(res.Body, "乙公司党支部：") {
			t.Errorf("B's meetings list: %d\n%.2000s", res.Status, res.Body)
		}
		// A member opening their branch's meetings sees the list but no reminders.
		mem := newClient(t, base)
		mem.login("zhangsan")
		if res := mem.get(fmt.Sprintf("/meetings?org=%d", f.BranchA.ID)); res.Status != http.StatusOK || strings.Contains(res.Body, `data-testid="reminders"`) {
			t.Errorf("member on the branch's meetings: %d, reminders shown: %v", res.Status, strings.Contains(res.Body, `data-testid="reminders"`))
		}

		// The plan form lists the party groups; a group meeting needs one.
		res = sec.get(fmt.Sprintf("/meetings?org=%d", f.BranchA.ID))
		if !strings.Contains(res.Body, `data-testid="group-select"`) || !strings.Contains(res.Body, fmt.Sprintf(`<option value="%d">第一党小组</option>`, f.GroupA.ID)) {
			t.Errorf("plan form without the groups:\n%.3000s", res.Body)
		}
		start := time.Now().In(shanghaiZone()).Add(48 * time.Hour)
		form := url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {domain.MeetingGroup}, "title": {"党小组学习"},
			"starts_at": {start.Format("2006-01-02T15:04")}, "ends_at": {start.Add(time.Hour).Format("2006-01-02T15:04")}}
		if res := sec.post("/meetings", form); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "党小组会须选择召开会议的党小组") {
			t.Errorf("group meeting without a group: %d\n%.2000s", res.Status, res.Body)
		}
		form.Set("group_id", id64(f.GroupA.ID))
		id := idIn(t, sec.post("/meetings", form), "/meetings/")
		if res := sec.get("/meetings/" + id64(id)); !strings.Contains(res.Body, `data-testid="meeting-group">第一党小组<`) {
			t.Errorf("meeting page without its group")
		}
	})
}

// 我的会议 starts with the meetings still to come, soonest first; those past follow under
// their own heading.
func TestMyMeetingsUpcoming(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		sec := newClient(t, base)
		sec.login("secretary_a")
		now := time.Now().In(shanghaiZone())
		plan := func(title string, start time.Time) {
			form := url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {domain.MeetingPartyDay}, "title": {title},
				"starts_at": {start.Format("2006-01-02T15:04")}, "ends_at": {start.Add(time.Hour).Format("2006-01-02T15:04")}}
			idIn(t, sec.post("/meetings", form), "/meetings/")
		}
		plan("上月主题党日", now.AddDate(0, 0, -20))
		plan("下周主题党日", now.AddDate(0, 0, 7))
		plan("明天主题党日", now.AddDate(0, 0, 1))
		mem := newClient(t, base)
		mem.login("zhangsan")
		res := mem.get("/my/meetings")
		if res.Status != http.StatusOK {
			t.Fatalf("my meetings: %d", res.Status)
		}
		i := strings.Index(res.Body, `data-testid="my-upcoming"`)
		j := strings.Index(res.Body, "其他会议")
		if i < 0 || j < i {
			t.Fatalf("no upcoming section before the others:\n%.3000s", res.Body)
		}
		upcoming, others := res.Body[i:j], res.Body[j:]
		a, b := strings.Index(upcoming, "明天主题党日"), strings.Index(upcoming, "下周主题党日")
		if a < 0 || b < a || strings.Contains(upcoming, "上月主题党日") || !strings.Contains(others, "上月主题党日") {
			t.Errorf("upcoming %v/%v, past among the others %v", a, b, strings.Contains(others, "上月主题党日"))
		}
	})
}
