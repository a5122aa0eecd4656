package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/study"
)

// meetingsFixture adds, as the system, meetings of branch A ({mtA}, {mtA3}) and B ({mtB},
// {mtB3}) starting in ten minutes (so check-in is open and leave still possible), with the
// code {codeA}/{codeB}; courses {coA}, {coB}; questions {qA}, {qB}; exams {exA}, {exA2}, {exB};
// and an open attempt of plain at {exA2} ({atA}).
func (e *env) meetingsFixture(t *testing.T) {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	c := e.meetingClock()
	c.set(c.start.Add(-10 * time.Minute))
	plan := func(key string, org int64) {
		m, err := e.set.Meetings.Create(ctx, sys, meeting.Input{OrgID: org, Kind: domain.MeetingBranchGeneral, Title: "大会 " + key,
			StartsAt: c.start, EndsAt: c.start.Add(time.Hour), Location: "会议室"})
		if err != nil {
			t.Fatalf("fixture meeting %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(m.ID)
		e.extra["code"+strings.TrimPrefix(key, "mt")] = m.CheckinCode
	}
	plan("mtA", e.A)
	plan("mtA3", e.A)
	plan("mtB", e.B)
	plan("mtB3", e.B)
	course := func(key string, org int64) {
		co, err := e.set.Study.CreateCourse(ctx, sys, study.CourseInput{OrgID: org, Title: "课程 " + key, Kind: domain.CourseArticle,
			Body: "正文", MinSeconds: 60, Assignments: []study.AssignmentInput{{OrgID: org, Required: true}}})
		if err != nil {
			t.Fatalf("fixture course %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(co.ID)
	}
	course("coA", e.A)
	course("coB", e.B)
	question := func(key string, org int64) int64 {
		q, err := e.set.Study.CreateQuestion(ctx, sys, questionInput(org))
		if err != nil {
			t.Fatalf("fixture question %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(q.ID)
		return q.ID
	}
	qA, qB := question("qA", e.A), question("qB", e.B)
	exam := func(key string, org, q int64) {
		x, err := e.set.Study.CreateExam(ctx, sys, study.ExamInput{OrgID: org, Title: "测验 " + key, QuestionIDs: []int64{q},
			TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 3})
		if err != nil {
			t.Fatalf("fixture exam %s: %v", key, err)
		}
		e.extra[key] = fmt.Sprint(x.ID)
	}
	exam("exA", e.A, qA)
	exam("exA2", e.A, qA)
	exam("exB", e.B, qB)
	plain, err := e.set.Auth.TokenActor(ctx, e.tokens["plain"], "")
	if err != nil {
		t.Fatal(err)
	}
	at, err := e.set.Study.StartAttempt(ctx, plain, int64(mustAtoi(e.extra["exA2"])))
	if err != nil {
		t.Fatalf("fixture attempt: %v", err)
	}
	e.extra["atA"] = fmt.Sprint(at.ID)
}

func questionInput(org int64) study.QuestionInput {
	return study.QuestionInput{OrgID: org, Kind: domain.QuestionSingle, Stem: "党费按月交纳。",
		Options: []domain.QuestionOption{{Key: "A", Text: "对"}, {Key: "B", Text: "错"}}, Answer: []string{"A"}}
}

func newMeetingBody(org string) func(*env, string) any {
	return func(e *env, user string) any {
		start := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
		return map[string]any{"org_id": org, "kind": "party_day", "title": "主题党日 " + user, "starts_at": start.Format(time.RFC3339),
			"ends_at": start.Add(time.Hour).Format(time.RFC3339), "location": "会议室"}
	}
}

func newQuestionBody(org string) func(*env, string) any {
	return body(map[string]any{"org_id": org, "kind": "single", "stem": "题干", "options": []map[string]string{{"key": "A", "text": "对"}, {"key": "B", "text": "错"}},
		"answer": []string{"B"}})
}

// meetingsMatrix tries every meeting and study endpoint as admin, secA, orgadm, auditor,
// plain (a2 in A). Reads outside the reader's scope answer 404, writes 403; the auditor
// never writes; a plain member checks in, asks for leave and takes exams for themself only.
var meetingsMatrix = []matrixRow{
	{"GET", "/api/v1/meetings/{mtA}", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/meetings/{mtB}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/meetings?org_id={A}", nil, [5]int{200, 200, 200, 200, 200}},
	// An organisation outside the reader's scope answers 404, as the member list does; a plain
	// member's own branch lists the meetings they are expected at.
	{"GET", "/api/v1/meetings?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/meetings?org_id=999999", nil, [5]int{404, 404, 404, 404, 404}},
	{"GET", "/api/v1/meetings?mine=1", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/meetings", newMeetingBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/meetings", newMeetingBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	{"GET", "/api/v1/meetings/{mtA}/qr", nil, [5]int{200, 200, 200, 403, 403}},
	// The QR token is a manager's capability: 403 to who reads the meeting but may not manage
	// it, 404 to who cannot read the meeting at all.
	{"GET", "/api/v1/meetings/{mtB}/qr", nil, [5]int{200, 404, 200, 403, 404}},
	{"POST", "/api/v1/meetings/{mtA}/leave-requests", body(map[string]any{"reason": "出差"}), [5]int{403, 403, 403, 403, 201}},
	{"POST", "/api/v1/meetings/{mtB}/leave-requests", body(map[string]any{"reason": "出差"}), [5]int{403, 403, 403, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA}/checkins", body(map[string]any{"code": "{codeA}"}), [5]int{403, 403, 403, 403, 201}},
	{"POST", "/api/v1/meetings/{mtB}/checkins", body(map[string]any{"code": "{codeB}"}), [5]int{403, 403, 403, 403, 403}},
	// The full attendance and minutes in every state are for the org's officers and auditors;
	// an attendee reads their own line (MyAttendance) and the minutes once approved (below).
	{"GET", "/api/v1/meetings/{mtA}/attendance", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/meetings/{mtB}/attendance", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/meetings/{mtA}/attendance", body(map[string]any{"member_ids": []string{"{a1}"}, "status": "present"}), [5]int{200, 200, 200, 403, 403}},
	{"POST", "/api/v1/meetings/{mtB}/attendance", body(map[string]any{"member_ids": []string{"{b1}"}, "status": "present"}), [5]int{200, 403, 200, 403, 403}},
	{"PUT", "/api/v1/meetings/{mtA}/minutes", body(map[string]any{"content": "纪要"}), [5]int{200, 200, 200, 403, 403}},
	{"PUT", "/api/v1/meetings/{mtB}/minutes", body(map[string]any{"content": "纪要"}), [5]int{200, 403, 200, 403, 403}},
	{"GET", "/api/v1/meetings/{mtA}/minutes", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/meetings/{mtB}/minutes", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/meetings/{mtB}/minutes/submit", nil, [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA}/minutes/submit", nil, [5]int{0, 0, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA}/minutes/submit", nil, [5]int{0, 200, 0, 0, 0}},
	{"POST", "/api/v1/meetings/{mtA}/minutes/approve", nil, [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA}/minutes/return", body(map[string]any{"reason": "补充"}), [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA}/minutes/approve", nil, [5]int{0, 0, 200, 0, 0}},
	{"GET", "/api/v1/meetings/{mtA}/minutes", nil, [5]int{200, 200, 200, 200, 200}},
	{"GET", "/api/v1/meetings/{mtA}/attendance", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/meetings/{mtB}/minutes", nil, [5]int{200, 404, 200, 200, 404}},
	{"POST", "/api/v1/meetings/{mtB}/reschedule", body(map[string]any{"starts_at": "{startB}", "ends_at": "{endB}"}), [5]int{200, 403, 200, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA3}/cancel", body(map[string]any{"reason": "改期"}), [5]int{0, 0, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtB3}/cancel", body(map[string]any{"reason": "改期"}), [5]int{0, 403, 0, 403, 403}},
	{"POST", "/api/v1/meetings/{mtA3}/cancel", body(map[string]any{"reason": "改期"}), [5]int{0, 200, 0, 0, 0}},
	{"POST", "/api/v1/meetings/{mtB3}/cancel", body(map[string]any{"reason": "改期"}), [5]int{0, 0, 200, 0, 0}},
	{"GET", "/api/v1/meetings/999999", nil, [5]int{404, 404, 404, 404, 404}},
	// Compliance reminders are a read of the organisation: readers in scope; others 404.
	{"GET", "/api/v1/orgs/{A}/reminders", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/orgs/{B}/reminders", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/orgs/999999/reminders", nil, [5]int{404, 404, 404, 404, 404}},
	// A missing meeting is 404 to everyone, before "no linked member".
	{"POST", "/api/v1/meetings/999999/checkins", body(map[string]any{"code": "123456"}), [5]int{404, 404, 404, 404, 404}},

	{"GET", "/api/v1/courses", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/courses", body(map[string]any{"org_id": "{A}", "title": "课", "kind": "article", "body": "x", "min_seconds": 60}), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/courses", body(map[string]any{"org_id": "{B}", "title": "课", "kind": "article", "body": "x", "min_seconds": 60}), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/courses/{coA}/progress", body(map[string]any{"seconds": 30}), [5]int{403, 403, 403, 403, 200}},
	{"POST", "/api/v1/courses/{coB}/progress", body(map[string]any{"seconds": 30}), [5]int{403, 403, 403, 403, 404}},
	// Rates are a read: the auditor reads them in its scope; out of scope (the course or the
	// organisation) they answer 404, also to a member who sees the course but not the org.
	{"GET", "/api/v1/courses/{coA}/rates?org_id={A}", nil, [5]int{200, 200, 200, 200, 404}},
	{"GET", "/api/v1/courses/{coB}/rates?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	{"GET", "/api/v1/courses/{coA}/rates?org_id={B}", nil, [5]int{200, 404, 200, 200, 404}},
	// The bank the caller manages: empty for a plain member.
	{"GET", "/api/v1/questions", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/questions", newQuestionBody("{A}"), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/questions", newQuestionBody("{B}"), [5]int{201, 403, 201, 403, 403}},
	{"GET", "/api/v1/exams", nil, [5]int{200, 200, 200, 200, 200}},
	{"POST", "/api/v1/exams", body(map[string]any{"org_id": "{A}", "title": "考", "question_ids": []string{"{qA}"}, "pass_mark": 60, "time_limit_seconds": 600, "max_attempts": 1}), [5]int{201, 201, 201, 403, 403}},
	{"POST", "/api/v1/exams", body(map[string]any{"org_id": "{B}", "title": "考", "question_ids": []string{"{qB}"}, "pass_mark": 60, "time_limit_seconds": 600, "max_attempts": 1}), [5]int{201, 403, 201, 403, 403}},
	{"POST", "/api/v1/exams/{exA}/attempts", nil, [5]int{403, 403, 403, 403, 201}},
	{"POST", "/api/v1/exams/{exB}/attempts", nil, [5]int{403, 403, 403, 403, 404}},
	{"POST", "/api/v1/attempts/{atA}/submit", body(map[string]any{"answers": map[string][]string{"{qA}": {"A"}}}), [5]int{404, 404, 404, 404, 200}},
	// Not a contest: 409 to those who may see the exam.
	{"GET", "/api/v1/exams/{exA}/leaderboard", nil, [5]int{409, 409, 409, 409, 409}},
	{"GET", "/api/v1/exams/{exB}/leaderboard", nil, [5]int{409, 404, 409, 409, 404}},
}

// TestAuthorizationMatrixMeetings runs meetingsMatrix on both engines.
func TestAuthorizationMatrixMeetings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.meetingsFixture(t)
		start := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Second)
		e.extra["startB"], e.extra["endB"] = start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)
		rep := e.replacer()
		for _, row := range meetingsMatrix {
			for i, user := range matrixUsers {
				want := row.want[i]
				if want == 0 {
					continue // tried by another row, ordered so later rows see the state
				}
				name := fmt.Sprintf("%s %s as %s", row.method, row.path, user)
				var r *response
				if b := bodyFor(e, row, user); b == nil {
					r = e.raw(t, row.method, row.path, user, nil, "")
				} else {
					raw, _ := json.Marshal(b)
					r = e.raw(t, row.method, row.path, user, []byte(rep.Replace(string(raw))), "application/json")
				}
				if r.status != want {
					t.Errorf("%s: status %d, want %d\n%s", name, r.status, want, r.body)
					continue
				}
				if user == "secA" || user == "plain" {
					for _, s := range []string{"王五", "赵六", "甲二支部"} {
						if strings.Contains(string(r.body), s) {
							t.Errorf("%s: body shows %q\n%s", name, s, r.body)
						}
					}
				}
				if want >= 400 && r.errCode() == "" {
					t.Errorf("%s: status %d without an error envelope", name, r.status)
				}
			}
		}
	})
}
