package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
)

// TestStudyCourse: a secretary assigns a course to branch A; a member's heartbeats complete it;
// the rates count it.
func TestStudyCourse(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		r := e.do(t, "POST", "/api/v1/courses", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "title": "党章学习",
			"kind": "article", "body": "正文", "min_seconds": 60,
			"assignments": []map[string]any{{"org_id": fmt.Sprint(e.A), "required": true, "due_on": "2099-12-31"}}})
		if r.status != 201 {
			t.Fatalf("create course: %d %s", r.status, r.body)
		}
		id := r.str("id")
		if l := e.do(t, "GET", "/api/v1/courses", "plain", nil); l.status != 200 || len(l.items()) != 1 {
			t.Errorf("plain's courses: %d %s", l.status, l.body)
		}
		// The clock moves 30 s per beat: a beat credits no more than the time since the last.
		clock := &meetingClock{now: time.Now()}
		e.set.Study.Now = clock.get
		var last *response
		for range 4 {
			clock.set(clock.get().Add(30 * time.Second))
			last = e.do(t, "POST", "/api/v1/courses/"+id+"/progress", "plain", map[string]int{"seconds": 30})
			if last.status != 200 {
				t.Fatalf("progress: %d %s", last.status, last.body)
			}
		}
		if last.json["completed"] != true {
			t.Errorf("not completed after 4 beats: %s", last.body)
		}
		rates := e.do(t, "GET", "/api/v1/courses/"+id+"/rates?org_id={A}", "secA", nil)
		if rates.status != 200 || !strings.Contains(string(rates.body), "1") {
			t.Errorf("rates: %d %s", rates.status, rates.body)
		}
	})
}

// TestStudyExam: an exam's attempt shows no answers; the submission scores it.
func TestStudyExam(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		q := e.do(t, "POST", "/api/v1/questions", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": domain.QuestionSingle,
			"stem": "党的最高理想是？", "options": []map[string]string{{"key": "A", "text": "共产主义"}, {"key": "B", "text": "其他"}},
			"answer": []string{"A"}, "tags": []string{"党章"}})
		if q.status != 201 {
			t.Fatalf("create question: %d %s", q.status, q.body)
		}
		qid := q.str("id")
		if l := e.do(t, "GET", "/api/v1/questions", "secA", nil); l.status != 200 || len(l.items()) != 1 {
			t.Errorf("questions: %d %s", l.status, l.body)
		}
		x := e.do(t, "POST", "/api/v1/exams", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "title": "党章测验",
			"question_ids": []string{qid}, "time_limit_seconds": 600, "pass_mark": 60, "max_attempts": 2})
		if x.status != 201 {
			t.Fatalf("create exam: %d %s", x.status, x.body)
		}
		a := e.do(t, "POST", "/api/v1/exams/"+x.str("id")+"/attempts", "plain", nil)
		if a.status != 201 {
			t.Fatalf("start attempt: %d %s", a.status, a.body)
		}
		for _, leak := range []string{`"answer"`, `"correct"`} {
			if strings.Contains(string(a.body), leak) {
				t.Errorf("attempt leaks %s: %s", leak, a.body)
			}
		}
		s := e.do(t, "POST", "/api/v1/attempts/"+a.str("id")+"/submit", "plain", map[string]any{"answers": map[string][]string{qid: {"A"}}})
		if s.status != 200 || s.json["score"] != float64(100) || s.json["passed"] != true || s.json["points_awarded"] == nil {
			t.Errorf("submit: %d %s", s.status, s.body)
		}
		if s = e.do(t, "POST", "/api/v1/attempts/"+a.str("id")+"/submit", "plain", map[string]any{"answers": map[string][]string{}}); s.status != 409 {
			t.Errorf("second submit: %d %s", s.status, s.body)
		}
	})
}
