package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/study"
)

var (
	courseLocation = regexp.MustCompile(`^/manage/study/courses/(\d+)$`)
	examLocation   = regexp.MustCompile(`^/manage/study/exams/(\d+)$`)
)

// secretaryB adds a secretary of branch B (another organisation's manager) and signs in.
func secretaryB(t *testing.T, f *fixture, base string) *client {
	t.Helper()
	if _, err := f.Set.Accounts.Create(context.Background(), auth.SystemActor(), account.Input{Username: ptr("secretary_b"),
		Password: ptr(testPassword), DisplayName: ptr("secretary_b"),
		Grants: &[]account.GrantInput{{Role: "secretary", OrgID: f.BranchB.ID}}}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, base)
	c.login("secretary_b")
	return c
}

// xlsxRows opens a downloaded workbook and returns the rows of a sheet.
func xlsxRows(t *testing.T, data, sheet string) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v (sheets %v)", sheet, err, x.GetSheetList())
	}
	return rows
}

// TestStudyManageCoursePages: a secretary creates a course (the form names each bad field),
// a member studies it, the completion page shows the rate as a chart and a table and the
// member as completed, the .xlsx says the same; the edit form validates; a member gets 403
// on the managers' pages and 404 on a course's completion, another branch's secretary 404.
func TestStudyManageCoursePages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		now := time.Now().UTC()
		f.Set.Study.Now = func() time.Time { return now }
		sec := newClient(t, base)
		sec.login("secretary_a")
		if r := sec.get("/"); !strings.Contains(r.Body, `href="/manage/study"`) {
			t.Errorf("no 学习管理 in a secretary's nav")
		}
		if r := sec.get("/manage/study"); r.Status != http.StatusSeeOther || r.Location != "/manage/study/courses" {
			t.Errorf("/manage/study: %d %q", r.Status, r.Location)
		}
		expectPage(t, sec, "/manage/study/courses", http.StatusOK, "学习管理", "新建课程", "还没有课程")
		expectPage(t, sec, "/manage/study/courses/new", http.StatusOK, `name="title"`, `name="min_minutes"`, "甲公司第一党支部", `name="assign_required"`)

		// The form names what is wrong and keeps what was typed.
		bad := sec.post("/manage/study/courses", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {""}, "kind": {"video"},
			"url": {"ftp://x"}, "min_minutes": {"0"}, "assign_org_id": {id64(f.BranchA.ID)}, "assign_due_on": {"明天"}})
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "title") != "必填" ||
			!strings.Contains(fieldError(bad.Body, "url"), "http://") || !strings.Contains(fieldError(bad.Body, "min_minutes"), "最少学习时长") {
			t.Fatalf("bad course form: %d title=%q url=%q min=%q", bad.Status, fieldError(bad.Body, "title"), fieldError(bad.Body, "url"),
				fieldError(bad.Body, "min_minutes"))
		}
		bad = sec.post("/manage/study/courses", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"学习党章"}, "kind": {"article"},
			"body": {"正文"}, "min_minutes": {"1"}, "assign_org_id": {id64(f.BranchA.ID)}, "assign_due_on": {"明天"}})
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldError(bad.Body, "assign_due_on"), "年-月-日") ||
			!strings.Contains(bad.Body, `value="学习党章"`) {
			t.Fatalf("bad due date: %d %q", bad.Status, fieldError(bad.Body, "assign_due_on"))
		}
		if list, _ := f.Set.Study.ManagedCourses(context.Background(), auth.SystemActor()); len(list) != 0 {
			t.Fatalf("a rejected form created %d courses", len(list))
		}
		res := sec.post("/manage/study/courses", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"学习党章"}, "kind": {"article"},
			"body": {"第一章 党员"}, "min_minutes": {"1"}, "assign_org_id": {id64(f.BranchA.ID)}, "assign_required": {"1"},
			"assign_due_on": {"2026-03-31"}})
		m := courseLocation.FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create course: %d %q %.500s", res.Status, res.Location, res.Body)
		}
		cpath := res.Location

		// Before anyone studies: 0 of 1.
		expectPage(t, sec, cpath, http.StatusOK, "学习党章", `data-rate="0"`, `data-completed="false"`, "张三", "2026-03-31")

		// 张三 studies the whole minute.
		mem := newClient(t, base)
		mem.login("zhangsan")
		for i := 0; i < 3; i++ {
			if r := mem.post("/study/courses/"+m[1]+"/progress", url.Values{"seconds": {"30"}}, "HX-Request", "true"); r.Status != http.StatusOK {
				t.Fatalf("heartbeat: %d %.300s", r.Status, r.Body)
			}
			now = now.Add(30 * time.Second)
		}
		page := expectPage(t, sec, cpath, http.StatusOK, `data-testid="completion-chart"`, "data-chart=", `data-testid="org-rates"`, `data-rate="100"`,
			`data-completed="true" data-seconds="60"`, "1:00", "导出 Excel", "取消指派")
		if !strings.Contains(page.Body, "echarts") {
			t.Error("the completion page does not load ECharts")
		}
		expectPage(t, sec, "/manage/study/courses", http.StatusOK, "学习党章", `data-rate="100"`, "必学 1")
		if r := sec.get(cpath + "?status=pending"); strings.Contains(r.Body, `data-completed="true"`) {
			t.Error("the pending filter shows a completed member")
		}

		x := sec.get(cpath + "/completion.xlsx?org_id=" + id64(f.BranchA.ID))
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("completion.xlsx: %d %s", x.Status, x.Header.Get("Content-Type"))
		}
		rows := xlsxRows(t, x.Body, "学习情况")
		if len(rows) != 2 || rows[1][0] != "张三" || rows[1][3] != "60" || rows[1][4] != "已完成" {
			t.Errorf("completion.xlsx rows: %q", rows)
		}

		// Edit: the form validates and saves.
		expectPage(t, sec, cpath+"/edit", http.StatusOK, `value="学习党章"`, "第一章 党员")
		bad = sec.post(cpath, url.Values{"title": {"学习新党章"}, "kind": {"video"}, "url": {""}, "min_minutes": {"2"}})
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "url") != "必填" || !strings.Contains(bad.Body, `value="学习新党章"`) {
			t.Fatalf("bad edit: %d url=%q", bad.Status, fieldError(bad.Body, "url"))
		}
		if r := sec.post(cpath, url.Values{"title": {"学习新党章"}, "kind": {"video"}, "url": {"https://example.org/v"}, "min_minutes": {"2"}}); r.Status != http.StatusSeeOther || r.Location != cpath {
			t.Fatalf("edit: %d %q %.300s", r.Status, r.Location, r.Body)
		}
		expectPage(t, sec, cpath, http.StatusOK, "学习新党章", "https://example.org/v", `data-completed="true"`)

		// Assign: the organisation is required; one outside the scope is refused.
		r := sec.post(cpath+"/assignments", url.Values{"assign_org_id": {""}})
		if r.Status != http.StatusUnprocessableEntity || fieldError(r.Body, "assign_org_id") != "必填" {
			t.Errorf("assign without an organisation: %d %q", r.Status, fieldError(r.Body, "assign_org_id"))
		}
		if r := sec.post(cpath+"/assignments", url.Values{"assign_org_id": {id64(f.BranchB.ID)}}); r.Status != http.StatusForbidden {
			t.Errorf("assign to branch B: %d, want 403", r.Status)
		}

		// A member: 403 on the managers' pages, 404 on the course's completion.
		if r := mem.get("/"); strings.Contains(r.Body, `href="/manage/study"`) {
			t.Error("学习管理 in a member's nav")
		}
		for _, p := range []string{"/manage/study/courses", "/manage/study/courses/new", cpath + "/edit", "/manage/study/questions",
			"/manage/study/questions/new", "/manage/study/questions/import", "/manage/study/questions/template.xlsx",
			"/manage/study/exams", "/manage/study/exams/new"} {
			if r := mem.get(p); r.Status != http.StatusForbidden {
				t.Errorf("member GET %s: %d, want 403", p, r.Status)
			}
		}
		for _, p := range []string{cpath, cpath + "/completion.xlsx"} {
			if r := mem.get(p); r.Status != http.StatusNotFound {
				t.Errorf("member GET %s: %d, want 404", p, r.Status)
			}
		}
		if r := mem.post(cpath, url.Values{"title": {"x"}, "kind": {"article"}, "body": {"x"}, "min_minutes": {"1"}}); r.Status != http.StatusForbidden {
			t.Errorf("member edits: %d, want 403", r.Status)
		}

		// Another branch's secretary: their list lacks it; the course is not found.
		other := secretaryB(t, f, base)
		if r := other.get("/manage/study/courses"); r.Status != http.StatusOK || strings.Contains(r.Body, "学习新党章") {
			t.Errorf("branch B's course list: %d shows branch A's course", r.Status)
		}
		for _, p := range []string{cpath, cpath + "/edit", cpath + "/completion.xlsx", cpath + "?org_id=" + id64(f.BranchB.ID)} {
			if r := other.get(p); r.Status != http.StatusNotFound {
				t.Errorf("branch B GET %s: %d, want 404", p, r.Status)
			}
		}
		if r := other.post(cpath, url.Values{"title": {"x"}, "kind": {"article"}, "body": {"x"}, "min_minutes": {"1"}}); r.Status != http.StatusNotFound {
			t.Errorf("branch B edits: %d, want 404", r.Status)
		}
		if r := other.post(cpath+"/assignments/"+id64(f.BranchA.ID)+"/remove", nil); r.Status != http.StatusNotFound {
			t.Errorf("branch B unassigns: %d, want 404", r.Status)
		}
		// Removing the assignment empties the completion list.
		if r := sec.post(cpath+"/assignments/"+id64(f.BranchA.ID)+"/remove", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("unassign: %d %.300s", r.Status, r.Body)
		}
		expectPage(t, sec, cpath, http.StatusOK, "尚未指派", "没有符合条件的党员")
	})
}

// questionBook builds a question workbook of rows (the first is the header).
func questionBook(t *testing.T, rows [][]string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			x.SetCellStr("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStudyManageQuestionAndExamPages: the question form names its bad fields; the import's
// dry run shows the row error by row and column in the user's language and imports nothing,
// a good file's dry run counts and imports nothing, the import stores all; an exam form
// validates, a contest is created from chosen questions, a member takes it, and the results
// page, the list's summary and the big screen show it; members get 403, branch B 404.
func TestStudyManageQuestionAndExamPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		count := func() int {
			t.Helper()
			list, err := f.Set.Study.Questions(ctx, sys, nil)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		sec := newClient(t, base)
		sec.login("secretary_a")
		expectPage(t, sec, "/manage/study/questions", http.StatusOK, "题库", "共 0 道题", "导入试题", "新增试题")
		expectPage(t, sec, "/manage/study/questions/new", http.StatusOK, `name="stem"`, `name="option_F"`, `name="answer_tf"`)

		bad := sec.post("/manage/study/questions", url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {"single"}, "stem": {""},
			"option_A": {"甲"}, "answer": {"A"}})
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "stem") != "必填" || !strings.Contains(fieldError(bad.Body, "options"), "两个选项") {
			t.Fatalf("bad question: %d stem=%q options=%q", bad.Status, fieldError(bad.Body, "stem"), fieldError(bad.Body, "options"))
		}
		bad = sec.post("/manage/study/questions", url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {"true_false"}, "stem": {"对吗"}})
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "answer_tf") != "必填" {
			t.Fatalf("true/false without an answer: %d %q", bad.Status, fieldError(bad.Body, "answer_tf"))
		}
		if n := count(); n != 0 {
			t.Fatalf("rejected forms stored %d questions", n)
		}
		if r := sec.post("/manage/study/questions", url.Values{"org_id": {id64(f.BranchA.ID)}, "kind": {"single"}, "stem": {"党的最高领导机关是"},
			"option_A": {"党的全国代表大会"}, "option_B": {"党支部"}, "answer": {"A"}, "tags": {"党章, 基础"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("create question: %d %.500s", r.Status, r.Body)
		}

		tpl := sec.get("/manage/study/questions/template.xlsx")
		if tpl.Status != http.StatusOK || xlsxRows(t, tpl.Body, "题库")[0][1] != "题干" {
			t.Fatalf("template: %d", tpl.Status)
		}
		header := study.TemplateHeader
		badFile := questionBook(t, [][]string{header,
			{"判断", "预备期为一年。", "", "", "", "", "", "", "对", "党章"},
			{"多选", "只有一个答案", "甲", "乙", "", "", "", "", "A", ""}})
		org := url.Values{"org_id": {id64(f.BranchA.ID)}, "mode": {"dry_run"}}
		res := sec.upload("/manage/study/questions/import", org, "file", "q.xlsx", badFile)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-row="3" data-column="答案"`) ||
			!strings.Contains(res.Body, "多选题至少有两个正确选项") || !strings.Contains(res.Body, "未导入任何试题") {
			t.Fatalf("dry run of a bad file: %d %.1500s", res.Status, res.Body)
		}
		res = sec.upload("/manage/study/questions/import", url.Values{"org_id": {id64(f.BranchA.ID)}, "mode": {"import"}}, "file", "q.xlsx", badFile,
			"Accept-Language", "en-US")
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "needs at least two correct options") || !strings.Contains(res.Body, `data-row="3"`) {
			t.Fatalf("import of a bad file in English: %d %.1500s", res.Status, res.Body)
		}
		if n := count(); n != 1 {
			t.Fatalf("a bad file stored questions: %d", n)
		}
		if r := sec.upload("/manage/study/questions/import", org, "", "", nil); r.Status != http.StatusUnprocessableEntity || fieldError(r.Body, "file") == "" {
			t.Errorf("no file: %d %q", r.Status, fieldError(r.Body, "file"))
		}
		if r := sec.upload("/manage/study/questions/import", org, "file", "q.xlsx", []byte("not a workbook")); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(fieldError(r.Body, "file"), ".xlsx") {
			t.Errorf("corrupt file: %d %q", r.Status, fieldError(r.Body, "file"))
		}
		goodFile := questionBook(t, [][]string{header,
			{"判断", "预备期为一年。", "", "", "", "", "", "", "对", "党章"},
			{"多选", "三会一课包括", "支部党员大会", "支部委员会", "茶话会", "", "", "", "AB", "组织生活"}})
		res = sec.upload("/manage/study/questions/import", org, "file", "q.xlsx", goodFile)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `data-testid="import-dry-ok"`) || !strings.Contains(res.Body, "可以导入 2 道题") {
			t.Fatalf("dry run of a good file: %d %.1500s", res.Status, res.Body)
		}
		if n := count(); n != 1 {
			t.Fatalf("a dry run stored questions: %d", n)
		}
		res = sec.upload("/manage/study/questions/import", url.Values{"org_id": {id64(f.BranchA.ID)}, "mode": {"import"}}, "file", "q.xlsx", goodFile)
		if res.Status != http.StatusSeeOther || res.Location != "/manage/study/questions?imported=2" {
			t.Fatalf("import: %d %q %.500s", res.Status, res.Location, res.Body)
		}
		expectPage(t, sec, res.Location, http.StatusOK, "已导入 2 道题。", "共 3 道题", "三会一课包括", "党的最高领导机关是")
		if r := expectPage(t, sec, "/manage/study/questions?tag="+url.QueryEscape("组织生活"), http.StatusOK, "共 1 道题", "三会一课包括"); strings.Contains(r.Body, "党的最高领导机关是") {
			t.Error("the tag filter shows a question without the tag")
		}
		expectPage(t, sec, "/manage/study/questions?kind=true_false", http.StatusOK, "共 1 道题", "预备期为一年。")

		// Exams: the form validates, then a contest of two chosen questions.
		qs, _ := f.Set.Study.Questions(ctx, sys, nil)
		ids := map[string]string{}
		for _, x := range qs {
			ids[x.Kind] = id64(x.ID)
		}
		expectPage(t, sec, "/manage/study/exams/new?contest=1", http.StatusOK, `name="question_ids"`, "三会一课包括", `name="contest" value="1" checked`, "党章 2")
		bad = sec.post("/manage/study/exams", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {""}, "mode": {"fixed"},
			"time_limit_minutes": {"10"}, "pass_mark": {"150"}, "max_attempts": {"1"}})
		if bad.Status != http.StatusUnprocessableEntity || fieldError(bad.Body, "title") != "必填" || fieldError(bad.Body, "question_ids") == "" ||
			!strings.Contains(fieldError(bad.Body, "pass_mark"), "0 到 100") {
			t.Fatalf("bad exam: %d title=%q questions=%q pass=%q", bad.Status, fieldError(bad.Body, "title"), fieldError(bad.Body, "question_ids"),
				fieldError(bad.Body, "pass_mark"))
		}
		bad = sec.post("/manage/study/exams", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"随机"}, "mode": {"random"}, "tags": {"党章"},
			"random_count": {"5"}, "time_limit_minutes": {"10"}, "pass_mark": {"60"}, "max_attempts": {"1"}})
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldError(bad.Body, "random_count"), "现有 2 题") {
			t.Fatalf("too few tagged questions: %d %q", bad.Status, fieldError(bad.Body, "random_count"))
		}
		res = sec.post("/manage/study/exams", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"党章知识竞赛"}, "contest": {"1"},
			"mode": {"fixed"}, "question_ids": {ids["single"], ids["true_false"]}, "time_limit_minutes": {"10"}, "pass_mark": {"60"},
			"max_attempts": {"2"}})
		m := examLocation.FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create exam: %d %q %.800s", res.Status, res.Location, res.Body)
		}
		epath := res.Location
		expectPage(t, sec, epath, http.StatusOK, "党章知识竞赛", `data-testid="sum-takers">0`, "大屏排行榜")

		// 张三 takes it and answers both right.
		mem := newClient(t, base)
		mem.login("zhangsan")
		sit := mem.get("/study/exams/" + m[1] + "/attempt")
		am := attemptForm.FindStringSubmatch(sit.Body)
		if sit.Status != http.StatusOK || am == nil {
			t.Fatalf("attempt: %d %.500s", sit.Status, sit.Body)
		}
		if r := mem.post("/study/attempts/"+am[1], url.Values{"q" + ids["single"]: {"A"}, "q" + ids["true_false"]: {"T"}}); !strings.Contains(r.Body, `data-passed="true"`) {
			t.Fatalf("submit: %d %.500s", r.Status, r.Body)
		}
		list := expectPage(t, sec, "/manage/study/exams", http.StatusOK, "党章知识竞赛", "知识竞赛", `data-testid="average">100<`)
		if !strings.Contains(list.Body, `data-testid="takers">1 / 1<`) {
			t.Errorf("exam list takers: %.2000s", list.Body)
		}
		expectPage(t, sec, epath, http.StatusOK, `data-testid="sum-takers">1 `, `data-testid="sum-pass-rate">100%`, `data-member-id="`+id64(f.MemberA.ID)+`" data-passed="true"`, "张三")
		screen := expectPage(t, sec, epath+"/screen", http.StatusOK, `data-testid="contest-screen"`, `hx-get="/study/exams/`+m[1]+`/leaderboard"`,
			`data-testid="leader-row"`, "张三", "党章知识竞赛")
		if strings.Contains(screen.Body, "navbar") {
			t.Error("the big screen shows the menu")
		}
		poll := sec.get("/study/exams/"+m[1]+"/leaderboard", "HX-Request", "true", "HX-Target", "study-leaderboard")
		if poll.Status != http.StatusOK || strings.Contains(poll.Body, "<html") || !strings.Contains(poll.Body, "张三") {
			t.Errorf("the screen's poll: %d %.300s", poll.Status, poll.Body)
		}

		for _, p := range []string{epath, epath + "/screen"} {
			if r := mem.get(p); r.Status != http.StatusForbidden {
				t.Errorf("member GET %s: %d, want 403", p, r.Status)
			}
		}
		if r := mem.post("/manage/study/exams", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"x"}}); r.Status != http.StatusForbidden &&
			r.Status != http.StatusUnprocessableEntity {
			t.Errorf("member creates an exam: %d", r.Status)
		}
		if r := mem.upload("/manage/study/questions/import", url.Values{"org_id": {id64(f.BranchA.ID)}, "mode": {"import"}}, "file", "q.xlsx", goodFile); r.Status != http.StatusForbidden {
			t.Errorf("member imports: %d, want 403", r.Status)
		}
		other := secretaryB(t, f, base)
		for _, p := range []string{epath, epath + "/screen"} {
			if r := other.get(p); r.Status != http.StatusNotFound {
				t.Errorf("branch B GET %s: %d, want 404", p, r.Status)
			}
		}
		if r := other.get("/manage/study/questions"); r.Status != http.StatusOK || strings.Contains(r.Body, "三会一课包括") {
			t.Errorf("branch B's bank: %d shows branch A's questions", r.Status)
		}
		if r := other.get("/manage/study/exams"); r.Status != http.StatusOK || strings.Contains(r.Body, "党章知识竞赛") {
			t.Errorf("branch B's exams: %d shows branch A's exam", r.Status)
		}
		if r := other.upload("/manage/study/questions/import", url.Values{"org_id": {id64(f.BranchA.ID)}, "mode": {"import"}}, "file", "q.xlsx", goodFile); r.Status != http.StatusForbidden {
			t.Errorf("branch B imports into A: %d, want 403", r.Status)
		}
		if r := other.post("/manage/study/exams", url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"x"}, "mode": {"fixed"},
			"question_ids": {ids["single"]}, "time_limit_minutes": {"10"}, "pass_mark": {"60"}, "max_attempts": {"1"}}); r.Status != http.StatusForbidden {
			t.Errorf("branch B creates an exam for A: %d, want 403", r.Status)
		}
		if n := count(); n != 3 {
			t.Errorf("%d questions at the end", n)
		}
	})
}

// The managers' pages speak English completely when asked to.
func TestStudyManagePagesEnglish(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		sec := newClient(t, base)
		sec.login("secretary_a")
		for _, p := range []string{"/manage/study/courses", "/manage/study/courses/new", "/manage/study/questions", "/manage/study/questions/new",
			"/manage/study/questions/import", "/manage/study/exams", "/manage/study/exams/new"} {
			r := sec.get(p, "Accept-Language", "en-US")
			if r.Status != http.StatusOK || strings.Contains(r.Body, "web.study.") || strings.Contains(r.Body, "web.field.") || !strings.Contains(r.Body, "Study admin") {
				t.Errorf("%s in English: %d %s", p, r.Status, leftoverKey(r.Body))
			}
		}
	})
}

// leftoverKey finds an untranslated key in a page, for the failure message.
func leftoverKey(body string) string {
	if m := regexp.MustCompile(`web\.[a-z_.]+`).FindString(body); m != "" {
		return fmt.Sprintf("untranslated %q", m)
	}
	return ""
}
