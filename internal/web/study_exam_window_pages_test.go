package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// The exam form takes a window in Beijing time; the member's list shows each exam as not
// open, open or closed with its window, and starting outside it is refused with the reason.
func TestStudyExamWindowPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		x, err := f.Set.Study.CreateQuestion(ctx, auth.SystemActor(), study.QuestionInput{OrgID: f.BranchA.ID, Kind: domain.QuestionTrueFal,
			Stem: "党员应当按期交纳党费", Answer: []string{"T"}})
		if err != nil {
			t.Fatal(err)
		}
		sec := newClient(t, base)
		sec.login("secretary_a")
		expectPage(t, sec, "/manage/study/exams/new", http.StatusOK, `type="datetime-local"`, `name="opens_at"`, `name="closes_at"`)
		now := time.Now().In(domain.Shanghai)
		local := func(d time.Duration) string { return now.Add(d).Format("2006-01-02T15:04") }
		form := func(title, opens, closes string) url.Values {
			return url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {title}, "mode": {"fixed"}, "question_ids": {id64(x.ID)},
				"time_limit_minutes": {"10"}, "pass_mark": {"60"}, "max_attempts": {"1"}, "opens_at": {opens}, "closes_at": {closes}}
		}
		bad := sec.post("/manage/study/exams", form("坏时间", "明天", ""))
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "opens_at") != "请填写正确的日期和时间" {
			t.Fatalf("bad opens_at: %d %q", bad.Status, fieldError(bad.Body, "opens_at"))
		}
		bad = sec.post("/manage/study/exams", form("倒序", local(2*time.Hour), local(time.Hour)))
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "closes_at") != "结束时间应晚于开始时间" {
			t.Fatalf("closes before opens: %d %q", bad.Status, fieldError(bad.Body, "closes_at"))
		}
		ids := map[string]string{}
		for title, w := range map[string][2]string{"未来测验": {local(time.Hour), local(2 * time.Hour)}, "过去测验": {"", local(-time.Minute)},
			"当前测验": {local(-time.Hour), ""}} {
			r := sec.post("/manage/study/exams", form(title, w[0], w[1]))
			m := examLocation.FindStringSubmatch(r.Location)
			if r.Status != http.StatusSeeOther || m == nil {
				t.Fatalf("create %s: %d %.500s", title, r.Status, r.Body)
			}
			ids[title] = m[1]
		}
		expectPage(t, sec, "/manage/study/exams/"+ids["未来测验"], http.StatusOK, `data-testid="exam-window"`,
			strings.Replace(local(time.Hour), "T", " ", 1))

		mem := newClient(t, base)
		mem.login("zhangsan")
		list := expectPage(t, mem, "/study/exams", http.StatusOK, "未开始", "已结束", "进行中",
			strings.Replace(local(time.Hour), "T", " ", 1)+" – "+strings.Replace(local(2*time.Hour), "T", " ", 1))
		if strings.Contains(list.Body, `href="/study/exams/`+ids["未来测验"]+`/attempt"`) {
			t.Error("an exam not yet open links to an attempt")
		}
		if r := mem.get("/study/exams/" + ids["未来测验"] + "/attempt"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "考试尚未开始") {
			t.Errorf("start before opening: %d %.300s", r.Status, r.Body)
		}
		if r := mem.get("/study/exams/" + ids["过去测验"] + "/attempt"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "不能再开始答题") {
			t.Errorf("start after closing: %d %.300s", r.Status, r.Body)
		}
		if r := mem.get("/study/exams/" + ids["当前测验"] + "/attempt"); r.Status != http.StatusOK || !attemptForm.MatchString(r.Body) {
			t.Errorf("start inside the window: %d %.300s", r.Status, r.Body)
		}
	})
}
