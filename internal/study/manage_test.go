package study_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

// completeCourse makes a member study a course for its whole minimum in 30 s heartbeats.
func (e *env) completeCourse(a *auth.Actor, c *domain.Course) {
	e.t.Helper()
	if _, err := e.s.Progress(e.ctx, a, c.ID, 0); err != nil {
		e.t.Fatal(err)
	}
	for done := 0; done < c.MinSeconds; done += 30 {
		e.advance(30 * time.Second)
		if _, err := e.s.Progress(e.ctx, a, c.ID, 30); err != nil {
			e.t.Fatal(err)
		}
	}
}

// Managers list the courses of their subtrees with the completion within them, edit the
// courses they own (not those assigned to them from above), see completion per member, and
// remove assignments; members and other branches get 403/404.
func TestManageCoursesAndCompletion(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c, err := e.s.CreateCourse(e.ctx, e.comA, study.CourseInput{OrgID: e.f.CommitteeA.ID, Title: "学习党章", Kind: domain.CourseArticle,
			Body: "正文", MinSeconds: 60, Assignments: []study.AssignmentInput{{OrgID: e.f.CommitteeA.ID, Required: true, DueOn: "2024-07-01"}}})
		if err != nil {
			t.Fatal(err)
		}
		e.completeCourse(e.memA, c)

		if _, err := e.s.ManagedCourses(e.ctx, e.memA); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("member lists managed courses: %v", err)
		}
		sum := func(a *auth.Actor) study.CourseSummary {
			t.Helper()
			list, err := e.s.ManagedCourses(e.ctx, a)
			if err != nil || len(list) != 1 {
				t.Fatalf("managed courses of %s: %+v %v", a.Name(), list, err)
			}
			return list[0]
		}
		if s := sum(e.comA); s.Expected != 4 || s.Completed != 1 || s.Rate != 0.25 || !s.Manageable {
			t.Errorf("committee: %+v", s)
		}
		if s := sum(e.secA); s.Expected != 3 || s.Completed != 1 || s.Manageable {
			t.Errorf("branch A (assigned from above): %+v", s)
		}
		if list, err := e.s.ManagedCourses(e.ctx, e.secB); err != nil || len(list) != 0 {
			t.Errorf("branch B sees %+v %v", list, err)
		}

		// Edit: only the owner's managers.
		up := study.CourseUpdate{Title: "学习新党章", Kind: domain.CourseVideo, URL: "https://example.org/v", MinSeconds: 90}
		for _, x := range []struct {
			a    *auth.Actor
			code string
		}{{e.secA, domain.EForbidden}, {e.memA, domain.EForbidden}, {e.secB, domain.ENotFound}} {
			if _, err := e.s.UpdateCourse(e.ctx, x.a, c.ID, up); domain.ErrorCode(err) != x.code {
				t.Errorf("%s edits: %v, want %s", x.a.Name(), err, x.code)
			}
			if _, err := e.s.ManagedCourse(e.ctx, x.a, c.ID); domain.ErrorCode(err) != x.code {
				t.Errorf("%s opens the edit form: %v, want %s", x.a.Name(), err, x.code)
			}
		}
		_, err = e.s.UpdateCourse(e.ctx, e.comA, c.ID, study.CourseUpdate{Kind: domain.CourseVideo, URL: "ftp://x", MinSeconds: 0})
		de, _ := domain.AsError(err)
		if de == nil || de.Code != domain.EInvalid || de.Fields["title"] == "" || de.Fields["url"] != "study.course.url" || de.Fields["min_seconds"] == "" {
			t.Fatalf("invalid edit: %v", err)
		}
		got, err := e.s.UpdateCourse(e.ctx, e.comA, c.ID, up)
		if err != nil || got.Title != "学习新党章" || got.URL != "https://example.org/v" || got.Body != "" || got.MinSeconds != 90 {
			t.Fatalf("edit: %+v %v", got, err)
		}
		if again, _ := e.s.Course(e.ctx, e.memA, c.ID); again.Title != "学习新党章" || again.Kind != domain.CourseVideo {
			t.Errorf("edit not stored: %+v", again)
		}
		if n := testutil.AuditCount(t, db, "study.course.update"); n != 1 {
			t.Errorf("edits audited %d times", n)
		}

		// Completion per member: an optional assignment to branch B lists its member without
		// counting them in the rates.
		if _, err := e.s.Assign(e.ctx, e.admin, c.ID, study.AssignmentInput{OrgID: e.f.BranchB.ID}); err != nil {
			t.Fatal(err)
		}
		comp, err := e.s.CourseCompletion(e.ctx, e.admin, c.ID, e.f.Region.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(comp.Members) != 5 || comp.Rates.Total.Expected != 4 || comp.Rates.Total.Completed != 1 {
			t.Fatalf("region completion: %d members, rates %+v", len(comp.Members), comp.Rates.Total)
		}
		for _, m := range comp.Members {
			switch m.MemberID {
			case e.mA.ID:
				if m.CompletedAt == nil || m.Seconds != 60 || !m.Required || m.OrgName != "甲一支部" || m.LastBeatAt == nil {
					t.Errorf("张一: %+v", m)
				}
			case e.mB.ID:
				if m.Required || m.CompletedAt != nil || m.Seconds != 0 || m.LastBeatAt != nil {
					t.Errorf("王乙 (optional): %+v", m)
				}
			default:
				if m.CompletedAt != nil || !m.Required {
					t.Errorf("%s: %+v", m.Name, m)
				}
			}
		}
		// A branch secretary opens on their branch; a member and another branch cannot.
		own, err := e.s.CourseCompletion(e.ctx, e.secA, c.ID, 0)
		if err != nil || own.Org.ID != e.f.BranchA.ID || len(own.Members) != 3 || own.Rates.Total.Expected != 3 {
			t.Fatalf("branch A default: %+v %v", own, err)
		}
		if _, err := e.s.CourseCompletion(e.ctx, e.secA, c.ID, e.f.CommitteeA.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("branch secretary on the committee: %v", err)
		}
		if _, err := e.s.CourseCompletion(e.ctx, e.memA, c.ID, e.f.BranchA.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("member on completion: %v", err)
		}
		if _, err := e.s.CourseCompletion(e.ctx, e.memA, c.ID, 0); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("member on completion by default: %v", err)
		}
		if _, err := e.s.CourseCompletion(e.ctx, e.secB, c.ID, e.f.BranchA.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("branch B on branch A: %v", err)
		}

		// The spreadsheet says the same.
		var buf bytes.Buffer
		if err := e.s.CompletionXLSX(e.ctx, e.comA, c.ID, e.f.CommitteeA.ID, i18n.MustLoad(), i18n.ZH, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("学习情况")
		if len(rows) != 5 || rows[0][0] != "姓名" || rows[0][3] != "有效学习时长（秒）" {
			t.Fatalf("completion sheet: %q", rows)
		}
		done := 0
		for _, r := range rows[1:] {
			if r[0] == "张一" && (r[3] != "60" || r[4] != "已完成" || r[2] != "必学") {
				t.Errorf("张一's row: %q", r)
			}
			if len(r) > 4 && r[4] == "已完成" {
				done++
			}
		}
		if done != 1 {
			t.Errorf("%d completed rows", done)
		}
		rates, _ := x.GetRows("各组织完成率")
		if last := rates[len(rates)-1]; last[0] != "合计（甲党委）" || last[1] != "4" || last[2] != "1" {
			t.Errorf("rates sheet total: %q", last)
		}
		x.Close()
		if err := e.s.CompletionXLSX(e.ctx, e.secB, c.ID, e.f.BranchA.ID, i18n.MustLoad(), i18n.ZH, &bytes.Buffer{}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("branch B downloads branch A: %v", err)
		}

		// Removing an assignment: only a manager of the assigned organisation.
		if _, err := e.s.Unassign(e.ctx, e.comA, c.ID, e.f.BranchB.ID); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("committee A removes branch B's assignment: %v", err)
		}
		if _, err := e.s.Unassign(e.ctx, e.secA, c.ID, e.f.CommitteeA.ID); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("branch secretary removes the committee's assignment: %v", err)
		}
		left, err := e.s.Unassign(e.ctx, e.admin, c.ID, e.f.BranchB.ID)
		if err != nil || len(left.Assignments) != 1 || left.Assignments[0].OrgID != e.f.CommitteeA.ID {
			t.Fatalf("unassign: %+v %v", left, err)
		}
		if _, err := e.s.Unassign(e.ctx, e.admin, c.ID, e.f.BranchB.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("second unassign: %v", err)
		}
		if _, err := e.s.Course(e.ctx, e.memB, c.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("branch B's member still sees the course: %v", err)
		}
		if n := testutil.AuditCount(t, db, "study.course.unassign"); n != 1 {
			t.Errorf("unassign audited %d times", n)
		}
		if p, _ := e.s.CourseCompletion(e.ctx, e.comA, c.ID, e.f.BranchA.ID); p.Rates.Total.Completed != 1 {
			t.Errorf("completion lost after edit and unassign: %+v", p.Rates.Total)
		}
	})
}

// Exam results: takers, submitted attempts, pass rate by member and the mean of best scores;
// rows by best score; members cannot read them, other branches do not see the exam.
func TestExamResultsAndChoices(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		single, multi, _ := e.bank()
		upper := e.question(e.comA, e.f.CommitteeA.ID, domain.QuestionSingle, []string{"B"}, "党史")
		e.question(e.secB, e.f.BranchB.ID, domain.QuestionSingle, []string{"B"}, "党史")

		choices, err := e.s.QuestionChoices(e.ctx, e.secA, e.f.BranchA.ID, nil)
		if err != nil || len(choices) != 4 {
			t.Fatalf("choices of branch A (own 3 and the committee's 1): %+v %v", choices, err)
		}
		if tagged, _ := e.s.QuestionChoices(e.ctx, e.secA, e.f.BranchA.ID, []string{"党史"}); len(tagged) != 2 || tagged[1].ID != upper.ID {
			t.Errorf("choices tagged 党史: %+v", tagged)
		}
		if _, err := e.s.QuestionChoices(e.ctx, e.secA, e.f.CommitteeA.ID, nil); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("branch secretary lists the committee's choices: %v", err)
		}
		if _, err := e.s.QuestionChoices(e.ctx, e.memA, e.f.BranchA.ID, nil); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("member lists choices: %v", err)
		}

		ex, err := e.s.CreateExam(e.ctx, e.secA, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "党章测试", QuestionIDs: []int64{single.ID, multi.ID},
			TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 3, Contest: true})
		if err != nil {
			t.Fatal(err)
		}
		sit := func(a *auth.Actor, right int) {
			t.Helper()
			v, err := e.s.StartAttempt(e.ctx, a, ex.ID)
			if err != nil {
				t.Fatal(err)
			}
			answers := map[int64][]string{}
			if right >= 1 {
				answers[single.ID] = []string{"A"}
			}
			if right >= 2 {
				answers[multi.ID] = []string{"A", "C"}
			}
			e.advance(time.Minute)
			if _, err := e.s.Submit(e.ctx, a, v.ID, answers); err != nil {
				t.Fatal(err)
			}
		}
		sit(e.memA, 2)  // 100, passed
		sit(e.memA2, 0) // 0
		sit(e.memA2, 1) // 50, best
		if _, err := e.s.StartAttempt(e.ctx, e.memA3, ex.ID); err != nil {
			t.Fatal(err) // started, never submitted
		}

		rep, err := e.s.ExamResults(e.ctx, e.secA, ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		s := rep.Summary
		if s.Questions != 2 || s.Expected != 3 || s.Takers != 2 || s.Attempts != 3 || s.Passed != 1 || s.PassRate != 0.5 || s.Average != 75 {
			t.Errorf("summary: %+v", s)
		}
		if len(rep.Rows) != 3 || rep.Rows[0].MemberID != e.mA.ID || rep.Rows[0].BestScore != 100 || !rep.Rows[0].Passed ||
			rep.Rows[0].DurationMS != 60000 || rep.Rows[1].MemberID != e.mA2.ID || rep.Rows[1].BestScore != 50 || rep.Rows[1].Attempts != 2 ||
			rep.Rows[1].Passed || rep.Rows[2].MemberID != e.mA3.ID || rep.Rows[2].Scored || rep.Rows[2].Submitted != 0 || rep.Rows[2].OrgName != "甲一支部" {
			t.Errorf("rows: %+v", rep.Rows)
		}
		list, err := e.s.ManagedExams(e.ctx, e.comA)
		if err != nil || len(list) != 1 || list[0].Takers != 2 || list[0].Average != 75 {
			t.Errorf("committee's exams: %+v %v", list, err)
		}
		if list, err := e.s.ManagedExams(e.ctx, e.secB); err != nil || len(list) != 0 {
			t.Errorf("branch B's exams: %+v %v", list, err)
		}
		if _, err := e.s.ManagedExams(e.ctx, e.memA); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("member lists managed exams: %v", err)
		}
		if _, err := e.s.ExamResults(e.ctx, e.memA, ex.ID); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("member reads results: %v", err)
		}
		if _, err := e.s.ExamResults(e.ctx, e.secB, ex.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("branch B reads results: %v", err)
		}
	})
}

// A dry run reports what the import would do and writes nothing; the template, filled in,
// imports in either language.
func TestQuestionDryRunAndTemplate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		good := [][]string{header,
			{"单选", "党的最高领导机关是？", "党的全国代表大会", "中央委员会", "", "", "", "", "A", "党章"},
			{"判断", "预备期为一年。", "", "", "", "", "", "", "对", ""},
		}
		res, err := e.s.DryRunQuestions(e.ctx, e.secA, e.f.BranchA.ID, workbook(t, good))
		if err != nil || !res.DryRun || res.Imported != 2 || len(res.Errors) != 0 {
			t.Fatalf("dry run of a good file: %+v %v", res, err)
		}
		bad := [][]string{header, good[1], {"多选", "只有一个答案", "甲", "乙", "", "", "", "", "A", ""}}
		res, err = e.s.DryRunQuestions(e.ctx, e.secA, e.f.BranchA.ID, workbook(t, bad))
		wantMessage(t, err, "study.import.has_errors")
		if res == nil || len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Column != "答案" {
			t.Fatalf("dry run of a bad file: %+v", res)
		}
		if _, err := e.s.DryRunQuestions(e.ctx, e.secB, e.f.BranchA.ID, workbook(t, good)); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("branch B dry-runs into A: %v", err)
		}
		if n := e.count("questions", "1 = 1"); n != 0 {
			t.Fatalf("a dry run stored %d questions", n)
		}
		if n := testutil.AuditCount(t, db, "study.question.import"); n != 0 {
			t.Errorf("a dry run was audited")
		}

		cat := i18n.MustLoad()
		for _, c := range []struct {
			locale, sheet string
			row           []string
		}{
			{i18n.ZH, "题库", []string{"多选", "三会一课包括？", "支部党员大会", "支部委员会", "茶话会", "", "", "", "AB", "组织生活"}},
			{i18n.EN, "Questions", []string{"true_false", "Probation lasts a year.", "", "", "", "", "", "", "true", "constitution"}},
		} {
			var buf bytes.Buffer
			if err := e.s.QuestionTemplate(&buf, cat, c.locale); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if x.GetSheetList()[0] != c.sheet {
				t.Errorf("%s template sheets: %v", c.locale, x.GetSheetList())
			}
			if _, err := e.s.DryRunQuestions(e.ctx, e.secA, e.f.BranchA.ID, bytes.NewReader(buf.Bytes())); domain.ErrorCode(err) != domain.EInvalid {
				t.Errorf("%s empty template imports: %v", c.locale, err)
			}
			for i, v := range c.row {
				cell, _ := excelize.CoordinatesToCellName(i+1, 2)
				x.SetCellStr(c.sheet, cell, v)
			}
			var filled bytes.Buffer
			x.Write(&filled)
			x.Close()
			res, err := e.s.ImportQuestions(e.ctx, e.secA, e.f.BranchA.ID, &filled)
			if err != nil || res.Imported != 1 {
				t.Errorf("%s filled template: %+v %v", c.locale, res, err)
			}
		}
		if n := e.count("questions", "1 = 1"); n != 2 {
			t.Errorf("%d questions after two template imports", n)
		}
	})
}
