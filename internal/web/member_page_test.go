package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// historyFragment asks for the history card alone, as htmx does when paging it.
var historyFragment = []string{"HX-Request", "true", "HX-Target", "history"}

// olderLink is the href of the history's "older" link.
var olderLink = regexp.MustCompile(`href="([^"]*)#history"[^>]*data-testid="history-older"`)

// The member page shows the latest page of history and pages back through older entries,
// as a whole page without JavaScript and as the history card alone with htmx.
func TestMemberHistoryPaging(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		// 1 "created" event and 55 updates: one full page of 50, then 6 older ones.
		for i := 1; i <= 55; i++ {
			if _, err := f.Set.Members.Update(ctx, sys, f.MemberA.ID, member.Input{JobTitle: ptr(fmt.Sprintf("岗位%02d号", i))}); err != nil {
				t.Fatal(err)
			}
		}
		c := newClient(t, base)
		c.login("secretary_a")
		page := fmt.Sprintf("/members/%d", f.MemberA.ID)

		newest := c.get(page, historyFragment...)
		if newest.Status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(newest.Body), `<div class="card" id="history">`) ||
			strings.Contains(newest.Body, "<html") {
			t.Fatalf("history fragment: status %d, body %.200s", newest.Status, newest.Body)
		}
		if n := strings.Count(newest.Body, `class="list-group-item"`); n != 50 {
			t.Errorf("first page: %d entries, want 50", n)
		}
		if !strings.Contains(newest.Body, "岗位55号") || strings.Contains(newest.Body, "岗位01号") || strings.Contains(newest.Body, "登记入册") {
			t.Errorf("first page does not hold exactly the newest entries")
		}
		if strings.Contains(newest.Body, "history-newest") {
			t.Errorf("first page links to itself as the newest")
		}
		m := olderLink.FindStringSubmatch(newest.Body)
		if m == nil {
			t.Fatalf("no older link on the first page")
		}
		older := c.get(m[1], historyFragment...)
		if n := strings.Count(older.Body, `class="list-group-item"`); n != 6 {
			t.Errorf("older page: %d entries, want 6", n)
		}
		if !strings.Contains(older.Body, "岗位01号") || !strings.Contains(older.Body, "登记入册") || strings.Contains(older.Body, "岗位55号") {
			t.Errorf("older page does not hold the oldest entries")
		}
		if strings.Contains(older.Body, "history-older") || !strings.Contains(older.Body, `data-testid="history-newest"`) {
			t.Errorf("the last page should link back to the newest and not further back")
		}

		// Without JavaScript the same link is a whole page, the member's details included.
		whole := c.get(m[1])
		if whole.Status != http.StatusOK || !strings.Contains(whole.Body, "<html") || !strings.Contains(whole.Body, "登记入册") ||
			!strings.Contains(whole.Body, `data-testid="history-newest"`) {
			t.Errorf("older history as a whole page: status %d", whole.Status)
		}
		// A malformed cursor reads as the newest page, not an error.
		if junk := c.get(page+"?before=abc", historyFragment...); junk.Status != http.StatusOK || !strings.Contains(junk.Body, "岗位55号") {
			t.Errorf("junk cursor: status %d", junk.Status)
		}
		// Paging does not open the history of a member outside the user's scope.
		other := newClient(t, base)
		other.login("secretary_a")
		if res := other.get(fmt.Sprintf("/members/%d?before=%s", f.MemberB.ID, "1000"), historyFragment...); res.Status != http.StatusNotFound {
			t.Errorf("another branch's history: status %d, want 404", res.Status)
		}
	})
}

// editForm is the member page's edit form as a browser would post it unchanged.
func editForm(m *domain.Member) url.Values {
	v := url.Values{"name": {m.Name}, "gender": {m.Gender}, "ethnicity": {m.Ethnicity}, "birth_date": {m.BirthDate.String()},
		"education": {m.Education}, "org_id": {fmt.Sprint(m.OrgID)}, "category": {m.Category}, "standing": {m.Standing},
		"joined_on": {m.JoinedOn.String()}, "full_member_on": {m.FullMemberOn.String()}, "job_title": {m.JobTitle},
		"positions": m.Positions}
	if m.GroupID != 0 {
		v.Set("group_id", fmt.Sprint(m.GroupID))
	}
	return v
}

// The phone can be removed with an explicit tick; an empty field keeps it, and a new number
// with the tick is refused rather than guessed at.
func TestMemberClearPhone(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		c := newClient(t, base)
		c.login("secretary_a")
		page := fmt.Sprintf("/members/%d", f.MemberA.ID)
		phone := func() string {
			m, err := f.Set.Members.Get(ctx, sys, f.MemberA.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			return m.Phone
		}
		if res := c.get(page); !strings.Contains(res.Body, `name="clear_phone"`) {
			t.Fatalf("the edit form offers no way to remove the phone")
		}

		form := editForm(f.MemberA)
		form.Set("phone", "13700137000")
		form.Set("clear_phone", "1")
		res := c.post(page, form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="phone">已勾选“清除手机号”`) {
			t.Errorf("new number and clear together: status %d", res.Status)
		}
		if !strings.Contains(res.Body, `name="clear_phone" value="1" checked`) {
			t.Errorf("the tick is not kept on the rejected form")
		}
		if got := phone(); got != "13800138000" {
			t.Fatalf("phone after a refused edit: %q", got)
		}

		// Saving with the field empty and no tick keeps the number.
		form = editForm(f.MemberA)
		form.Set("job_title", "组织委员")
		if res := c.post(page, form); res.Status != http.StatusSeeOther {
			t.Fatalf("plain save: status %d, body %.300s", res.Status, res.Body)
		}
		if got := phone(); got != "13800138000" {
			t.Errorf("an empty phone field changed the number to %q", got)
		}

		form.Set("clear_phone", "1")
		if res := c.post(page, form); res.Status != http.StatusSeeOther {
			t.Fatalf("clear: status %d, body %.300s", res.Status, res.Body)
		}
		if got := phone(); got != "" {
			t.Errorf("phone after clearing: %q", got)
		}
		res = c.get(page)
		if !strings.Contains(res.Body, `data-testid="phone">—</span>`) {
			t.Errorf("the page still shows a phone")
		}
		if strings.Contains(res.Body, `name="clear_phone"`) {
			t.Errorf("a member without a phone is offered to clear it")
		}
		if !strings.Contains(res.Body, "手机号") || !strings.Contains(res.Body, "<del>138****8000</del>") {
			t.Errorf("the history does not record the removed number")
		}
	})
}
