package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// meetingClock plans around a start one day ahead and sets the meeting service's clock to
// now (the tests move it).
type meetingClock struct {
	mu    sync.Mutex
	now   time.Time
	start time.Time
}

func (c *meetingClock) set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func (c *meetingClock) get() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (e *env) meetingClock() *meetingClock {
	start := time.Now().UTC().Truncate(time.Second).Add(24 * time.Hour)
	c := &meetingClock{now: start, start: start}
	e.set.Meetings.Now = c.get
	return c
}

// planMeeting creates a meeting of branch A through the API as secA and returns its id and
// check-in code.
func (e *env) planMeeting(t *testing.T, c *meetingClock, kind string) (id, code string) {
	t.Helper()
	r := e.do(t, "POST", "/api/v1/meetings", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": kind,
		"title": "支部党员大会", "starts_at": c.start.Format(time.RFC3339), "ends_at": c.start.Add(2 * time.Hour).Format(time.RFC3339),
		"location": "党员活动室"})
	if r.status != 201 || r.str("checkin_code") == "" {
		t.Fatalf("create meeting: %d %s", r.status, r.body)
	}
	return r.str("id"), r.str("checkin_code")
}

// memberUser creates a member of org (probationary or full) and a member user linked to it
// with a token.
func (e *env) memberUser(t *testing.T, key string, orgID int64, probationary bool) int64 {
	t.Helper()
	id := e.member(t, key, orgID, "党员"+key, "19900101")
	if probationary {
		cat, joined := domain.CategoryProbationary, domain.Today(time.Now()).AddDate(0, -3, 0).String()
		if _, err := e.set.Members.Update(context.Background(), auth.SystemActor(), id, member.Input{Category: &cat, JoinedOn: &joined}); err != nil {
			t.Fatalf("probationary %s: %v", key, err)
		}
	}
	e.user(t, key, id, domain.Grant{Role: domain.RoleMember, OrgID: orgID})
	e.tokens[key] = e.login(t, key)
	return id
}

func TestMeetingCheckIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.meetingClock()
		e.user(t, "a1", e.a1, domain.Grant{Role: domain.RoleMember, OrgID: e.A})
		e.user(t, "b1", e.b1, domain.Grant{Role: domain.RoleMember, OrgID: e.B})
		e.tokens["a1"], e.tokens["b1"] = e.login(t, "a1"), e.login(t, "b1")
		id, code := e.planMeeting(t, c, "branch_general")
		path := "/api/v1/meetings/" + id + "/checkins"

		first := e.do(t, "POST", path, "a1", map[string]string{"code": code})
		if first.status != 201 || first.str("member_id") != fmt.Sprint(e.a1) {
			t.Fatalf("first check-in: %d %s", first.status, first.body)
		}
		again := e.do(t, "POST", path, "a1", map[string]string{"code": code})
		if again.status != 200 || string(again.body) != string(first.body) {
			t.Errorf("repeat check-in: %d %s, want 200 %s", again.status, again.body, first.body)
		}
		if r := e.do(t, "POST", path, "plain", map[string]string{"code": "000000x"}); r.status != 422 || r.errCode() != "invalid" || r.errFields()["code"] == nil {
			t.Errorf("wrong code: %d %s", r.status, r.body)
		}
		c.set(c.start.Add(-21 * time.Minute))
		if r := e.do(t, "POST", path, "plain", map[string]string{"code": code}); r.status != 422 || r.errCode() != "checkin_closed" {
			t.Errorf("before the window: %d %s", r.status, r.body)
		}
		c.set(c.start.Add(21 * time.Minute))
		if r := e.do(t, "POST", path, "plain", map[string]string{"code": code}); r.status != 422 || r.errCode() != "checkin_closed" {
			t.Errorf("after the window: %d %s", r.status, r.body)
		}
		c.set(c.start)
		if r := e.do(t, "POST", path, "b1", map[string]string{"code": code}); r.status != 403 {
			t.Errorf("member not expected: %d %s", r.status, r.body)
		}
		att := e.do(t, "GET", "/api/v1/meetings/"+id+"/attendance", "secA", nil)
		if att.status != 200 || att.json["present"] != float64(1) || att.json["expected"] != float64(2) {
			t.Errorf("attendance: %d %s", att.status, att.body)
		}
	})
}

// TestMeetingCheckInStorm: 100 members check in at once through HTTP, each recorded once.
func TestMeetingCheckInStorm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.meetingClock()
		const n = 100
		keys := make([]string, n)
		ctx := context.Background()
		for i := range keys {
			keys[i] = fmt.Sprintf("s%03d", i)
			id := e.member(t, keys[i], e.A, "签到"+keys[i], "19950101")
			e.user(t, keys[i], id, domain.Grant{Role: domain.RoleMember, OrgID: e.A})
		}
		// Tokens in parallel: each costs one password verification.
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i, k := range keys {
			wg.Go(func() {
				tok, _, err := e.set.Auth.CreateToken(ctx, k, password, fmt.Sprintf("10.1.%d.%d", i/200, i%200+1))
				if err != nil {
					t.Errorf("token %s: %v", k, err)
				}
				mu.Lock()
				e.tokens[k] = tok
				mu.Unlock()
			})
		}
		wg.Wait()
		id, code := e.planMeeting(t, c, "party_day")
		statuses := make([]int, n)
		for i, k := range keys {
			wg.Go(func() {
				r := e.do(t, "POST", "/api/v1/meetings/"+id+"/checkins", k, map[string]string{"code": code})
				statuses[i] = r.status
			})
		}
		wg.Wait()
		for i, s := range statuses {
			if s != 201 {
				t.Errorf("%s: status %d", keys[i], s)
			}
		}
		att := e.do(t, "GET", "/api/v1/meetings/"+id+"/attendance", "secA", nil)
		if att.json["present"] != float64(n) {
			t.Errorf("present %v, want %d", att.json["present"], n)
		}
		seen := map[any]int{}
		for _, it := range att.items() {
			if it["checked_in_at"] != nil {
				seen[it["member_id"]]++
			}
		}
		// a1 and a2 of the fixture are expected too and did not check in.
		if len(seen) != n || len(att.items()) != n+2 {
			t.Errorf("%d members checked in among %d items, want %d", len(seen), len(att.items()), n)
		}
	})
}

// TestMeetingQuorum: the general meeting's quorum counts full members only.
func TestMeetingQuorum(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.meetingClock()
		e.memberUser(t, "p1", e.A, true)
		e.user(t, "a1", e.a1, domain.Grant{Role: domain.RoleMember, OrgID: e.A})
		e.tokens["a1"] = e.login(t, "a1")
		id, code := e.planMeeting(t, c, "branch_general")
		att := func() *response { return e.do(t, "GET", "/api/v1/meetings/"+id+"/attendance", "secA", nil) }
		if r := att(); r.json["expected"] != float64(3) || r.json["quorum_met"] != false || r.json["present"] != float64(0) {
			t.Errorf("before: %s", r.body)
		}
		e.do(t, "POST", "/api/v1/meetings/"+id+"/checkins", "p1", map[string]string{"code": code})
		e.do(t, "POST", "/api/v1/meetings/"+id+"/checkins", "a1", map[string]string{"code": code})
		// 1 of 2 full members: not more than half, though 2 of 3 attendees are present.
		if r := att(); r.json["present"] != float64(2) || r.json["quorum_met"] != false {
			t.Errorf("probationary counted: %s", r.body)
		}
		e.do(t, "POST", "/api/v1/meetings/"+id+"/checkins", "plain", map[string]string{"code": code})
		if r := att(); r.json["present"] != float64(3) || r.json["quorum_met"] != true {
			t.Errorf("all present: %s", r.body)
		}
		// A secretary marks a member on leave afterwards (补录).
		r := e.do(t, "POST", "/api/v1/meetings/"+id+"/attendance", "secA", map[string]any{"member_ids": []string{fmt.Sprint(e.a1)}, "status": "leave", "note": "补录"})
		if r.status != 200 || r.json["on_leave"] != float64(1) || r.json["quorum_met"] != false {
			t.Errorf("record attendance: %d %s", r.status, r.body)
		}
	})
}

// TestMeetingMinutes: the branch drafts and submits; its own secretary cannot approve, the
// committee above can.
func TestMeetingMinutes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.meetingClock()
		id, _ := e.planMeeting(t, c, "branch_committee")
		base := "/api/v1/meetings/" + id + "/minutes"
		r := e.do(t, "PUT", base, "secA", map[string]any{"recorder_id": fmt.Sprint(e.a1), "content": "学习了文件", "decisions": "通过"})
		if r.status != 200 || r.str("status") != "draft" {
			t.Fatalf("put minutes: %d %s", r.status, r.body)
		}
		if r = e.do(t, "POST", base+"/submit", "secA", nil); r.status != 200 || r.str("status") != "submitted" {
			t.Fatalf("submit: %d %s", r.status, r.body)
		}
		if r = e.do(t, "POST", base+"/approve", "secA", nil); r.status != 403 {
			t.Errorf("own secretary approves: %d %s", r.status, r.body)
		}
		if r = e.do(t, "POST", base+"/approve", "orgadm", nil); r.status != 200 || r.str("status") != "approved" {
			t.Errorf("upper org approves: %d %s", r.status, r.body)
		}
		if r = e.do(t, "GET", base, "secA", nil); r.status != 200 || r.str("content") != "学习了文件" || r.json["attendance"] == nil {
			t.Errorf("get minutes: %d %s", r.status, r.body)
		}
	})
}
