package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/study"
)

var (
	studySeconds = regexp.MustCompile(`data-testid="study-progress" data-seconds="(\d+)"`)
	attemptForm  = regexp.MustCompile(`action="/study/attempts/(\d+)"`)
	questionName = regexp.MustCompile(`name="q(\d+)" value="([A-Z])"`)
)

// TestStudyPages: a member sees the course required of their branch, heartbeats move the
// progress bar until the course is done, takes an exam (whose page carries no answers) and
// sees the score; the leaderboard lists them; a member of another branch gets 404.
func TestStudyPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
		f.Set.Study.Now = func() time.Time { return now }

		c, err := f.Set.Study.CreateCourse(ctx, sys, study.CourseInput{OrgID: f.BranchA.ID, Title: "学习党章", Kind: domain.CourseArticle,
			Body: "第一章 党员", MinSeconds: 30, Assignments: []study.AssignmentInput{{OrgID: f.BranchA.ID, Required: true, DueOn: "2026-03-31"}}})
		if err != nil {
			t.Fatal(err)
		}
		q1, err := f.Set.Study.CreateQuestion(ctx, sys, study.QuestionInput{OrgID: f.BranchA.ID, Kind: domain.QuestionSingle,
			Stem: "党的最高领导机关是", Options: []domain.QuestionOption{{Key: "A", Text: "甲选项"}, {Key: "B", Text: "乙选项"}}, Answer: []string{"B"}})
		if err != nil {
			t.Fatal(err)
		}
		q2, err := f.Set.Study.CreateQuestion(ctx, sys, study.QuestionInput{OrgID: f.BranchA.ID, Kind: domain.QuestionMultiple,
			Stem: "以下正确的有", Options: []domain.QuestionOption{{Key: "A", Text: "丙选项"}, {Key: "B", Text: "丁选项"}, {Key: "C", Text: "戊选项"}},
			Answer: []string{"A", "C"}})
		if err != nil {
			t.Fatal(err)
		}
		exam, err := f.Set.Study.CreateExam(ctx, sys, study.ExamInput{OrgID: f.BranchA.ID, Title: "党章知识竞赛",
			QuestionIDs: []int64{q1.ID, q2.ID}, TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 3, Contest: true})
		if err != nil {
			t.Fatal(err)
		}
		cpath, epath := "/study/courses/"+id64(c.ID), "/study/exams/"+id64(exam.ID)

		mem := newClient(t, base)
		mem.login("zhangsan")
		if r := mem.get("/"); !strings.Contains(r.Body, `href="/study"`) {
			t.Errorf("no 我的学习 in the nav of a member")
		}
		list := mem.get("/study")
		if list.Status != http.StatusOK || !strings.Contains(list.Body, "学习党章") || !strings.Contains(list.Body, `data-testid="study-required"`) ||
			!strings.Contains(list.Body, "2026-03-31") {
			t.Fatalf("my study: %d %.800s", list.Status, list.Body)
		}
		page := mem.get(cpath)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "第一章 党员") || !strings.Contains(page.Body, `hx-post="`+cpath+`/progress"`) {
			t.Fatalf("course page: %d %.800s", page.Status, page.Body)
		}

		// Heartbeats: the first opens the session, each later one 15 s on adds 15 s.
		beat := func() string {
			t.Helper()
			r := mem.post(cpath+"/progress", url.Values{"seconds": {"15"}}, "HX-Request", "true")
			m := studySeconds.FindStringSubmatch(r.Body)
			if r.Status != http.StatusOK || m == nil || strings.Contains(r.Body, "<html") {
				t.Fatalf("heartbeat: %d %.500s", r.Status, r.Body)
			}
			return m[1]
		}
		if s := beat(); s != "0" {
			t.Fatalf("first heartbeat counted %s s", s)
		}
		now = now.Add(15 * time.Second)
		if s := beat(); s != "15" {
			t.Fatalf("second heartbeat: %s s, want 15", s)
		}
		now = now.Add(15 * time.Second)
		if s := beat(); s != "30" {
			t.Fatalf("third heartbeat: %s s, want 30", s)
		}
		if r := mem.get(cpath); !strings.Contains(r.Body, `data-testid="study-completed"`) || strings.Contains(r.Body, "hx-post=") {
			t.Fatalf("course not shown completed: %.800s", r.Body)
		}

		// The exam: the sitting shows every option and no answer; right answers score 100.
		if r := mem.get("/study/exams"); !strings.Contains(r.Body, "党章知识竞赛") {
			t.Fatalf("exams list: %d %.500s", r.Status, r.Body)
		}
		sit := mem.get(epath + "/attempt")
		m := attemptForm.FindStringSubmatch(sit.Body)
		if sit.Status != http.StatusOK || m == nil || !strings.Contains(sit.Body, "data-countdown-until") {
			t.Fatalf("attempt page: %d %.800s", sit.Status, sit.Body)
		}
		for _, opt := range []string{"甲选项", "乙选项", "丙选项", "丁选项", "戊选项"} {
			if !strings.Contains(sit.Body, opt) {
				t.Errorf("attempt page lacks option %s", opt)
			}
		}
		for _, leak := range []string{"checked", "answer", "correct"} {
			if strings.Contains(strings.ToLower(sit.Body), leak) {
				t.Errorf("attempt page contains %q", leak)
			}
		}
		if n := len(questionName.FindAllString(sit.Body, -1)); n != 5 {
			t.Errorf("attempt page has %d answer inputs, want 5", n)
		}
		if !strings.Contains(sit.Body, `type="checkbox" name="q`+id64(q2.ID)) || !strings.Contains(sit.Body, `type="radio" name="q`+id64(q1.ID)) {
			t.Errorf("inputs are not radio for single and checkbox for multiple choice")
		}
		res := mem.post("/study/attempts/"+m[1], url.Values{"q" + id64(q1.ID): {"B"}, "q" + id64(q2.ID): {"A", "C"}})
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="study-score">100<`) || !strings.Contains(res.Body, `data-passed="true"`) {
			t.Fatalf("result: %d %.800s", res.Status, res.Body)
		}
		if r := mem.get(epath + "/leaderboard"); r.Status != http.StatusOK || !strings.Contains(r.Body, "张三") {
			t.Fatalf("leaderboard: %d %.500s", r.Status, r.Body)
		}

		// A member of another branch: the course and exam are not theirs.
		if _, err := f.Set.Accounts.Create(ctx, sys, account.Input{Username: ptr("lisi"), Password: ptr(testPassword), DisplayName: ptr("李四"),
			MemberID: ptr(f.MemberB.ID), Grants: &[]account.GrantInput{{Role: domain.RoleMember, OrgID: f.BranchB.ID}}}); err != nil {
			t.Fatal(err)
		}
		other := newClient(t, base)
		other.login("lisi")
		if r := other.get("/study"); r.Status != http.StatusOK || strings.Contains(r.Body, "学习党章") {
			t.Errorf("other branch's study list: %d shows the course", r.Status)
		}
		for _, p := range []string{cpath, epath + "/attempt", epath + "/leaderboard"} {
			if r := other.get(p); r.Status != http.StatusNotFound {
				t.Errorf("other branch GET %s: %d, want 404", p, r.Status)
			}
		}
		if r := other.post(cpath+"/progress", url.Values{"seconds": {"15"}}); r.Status != http.StatusNotFound {
			t.Errorf("other branch heartbeat: %d, want 404", r.Status)
		}
	})
}

// The study pages speak English completely when asked to.
func TestStudyPagesEnglish(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		mem := newClient(t, base)
		mem.login("zhangsan")
		for _, p := range []string{"/study", "/study/exams"} {
			r := mem.get(p, "Accept-Language", "en-US")
			if r.Status != http.StatusOK || strings.Contains(r.Body, "web.study.") || !strings.Contains(r.Body, "My study") {
				t.Fatalf("%s in English: %d %.500s", p, r.Status, r.Body)
			}
		}
	})
}
