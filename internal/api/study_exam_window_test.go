package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
)

// TestStudyExamWindow: POST /exams takes opens_at and closes_at (closes after opens), the
// exam carries them, and an attempt outside the window is refused with 409.
func TestStudyExamWindow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		q := e.do(t, "POST", "/api/v1/questions", "secA", map[string]any{"org_id": fmt.Sprint(e.A), "kind": domain.QuestionTrueFal,
			"stem": "党员应当按期交纳党费", "answer": []string{"T"}})
		if q.status != 201 {
			t.Fatalf("create question: %d %s", q.status, q.body)
		}
		exam := func(opens, closes any) *response {
			body := map[string]any{"org_id": fmt.Sprint(e.A), "title": "限时测验", "question_ids": []string{q.str("id")},
				"time_limit_seconds": 600, "pass_mark": 60, "max_attempts": 1}
			if opens != nil {
				body["opens_at"] = opens
			}
			if closes != nil {
				body["closes_at"] = closes
			}
			return e.do(t, "POST", "/api/v1/exams", "secA", body)
		}
		now := time.Now().UTC().Truncate(time.Second)
		at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }

		if x := exam(at(time.Hour), at(time.Hour)); x.status != 422 || x.errFields()["closes_at"] == nil {
			t.Fatalf("closes_at not after opens_at: %d %s", x.status, x.body)
		}
		if x := exam("tomorrow", nil); x.status != 422 || x.errFields()["opens_at"] == nil {
			t.Fatalf("bad opens_at: %d %s", x.status, x.body)
		}

		future := exam(at(time.Hour), at(2*time.Hour))
		if future.status != 201 || future.str("opens_at") != at(time.Hour) || future.str("closes_at") != at(2*time.Hour) {
			t.Fatalf("create future exam: %d %s", future.status, future.body)
		}
		if a := e.do(t, "POST", "/api/v1/exams/"+future.str("id")+"/attempts", "plain", nil); a.status != 409 ||
			!strings.Contains(string(a.body), "尚未开始") && !strings.Contains(string(a.body), "not opened") {
			t.Fatalf("start before opening: %d %s", a.status, a.body)
		}
		past := exam(nil, at(-time.Minute))
		if past.status != 201 || past.json["opens_at"] != nil {
			t.Fatalf("create closed exam: %d %s", past.status, past.body)
		}
		if a := e.do(t, "POST", "/api/v1/exams/"+past.str("id")+"/attempts", "plain", nil); a.status != 409 {
			t.Fatalf("start after closing: %d %s", a.status, a.body)
		}
		open := exam(at(-time.Minute), "")
		if open.status != 201 || open.json["closes_at"] != nil {
			t.Fatalf("create open exam: %d %s", open.status, open.body)
		}
		if a := e.do(t, "POST", "/api/v1/exams/"+open.str("id")+"/attempts", "plain", nil); a.status != 201 {
			t.Fatalf("start inside the window: %d %s", a.status, a.body)
		}
		if l := e.do(t, "GET", "/api/v1/exams", "plain", nil); l.status != 200 || len(l.items()) != 3 {
			t.Fatalf("list: %d %s", l.status, l.body)
		}
	})
}
