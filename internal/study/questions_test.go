package study_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

// workbook builds an .xlsx of rows (the first is the header).
func workbook(t *testing.T, rows [][]string) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

var header = study.TemplateHeader

func TestQuestionImport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		good := [][]string{header,
			{"单选", "党的最高领导机关是？", "党的全国代表大会", "中央委员会", "", "", "", "", "A", "党章,基础"},
			{"多选题", "三会一课包括？", "支部党员大会", "支部委员会", "党小组会", "茶话会", "", "", "A,B,C", "党章"},
			{"", "", "", "", "", "", "", "", "", ""}, // blank rows are skipped
			{"判断", "预备期为一年。", "", "", "", "", "", "", "对", "党章"},
		}
		res, err := e.s.ImportQuestions(e.ctx, e.secA, e.f.BranchA.ID, workbook(t, good))
		if err != nil || res.Imported != 3 || len(res.Errors) != 0 {
			t.Fatalf("good file: %+v %v", res, err)
		}
		list, err := e.s.Questions(e.ctx, e.secA, []string{"基础"})
		if err != nil || len(list) != 1 || list[0].Answer[0] != "A" || len(list[0].Tags) != 2 {
			t.Fatalf("by tag: %+v %v", list, err)
		}
		all, _ := e.s.Questions(e.ctx, e.secA, nil)
		for _, x := range all {
			switch x.Kind {
			case domain.QuestionMultiple:
				if len(x.Answer) != 3 || len(x.Options) != 4 {
					t.Errorf("multiple: %+v", x)
				}
			case domain.QuestionTrueFal:
				if len(x.Answer) != 1 || x.Answer[0] != domain.AnswerTrue || len(x.Options) != 2 {
					t.Errorf("true/false: %+v", x)
				}
			}
		}
		if testutil.AuditCount(t, db, "study.question.import") != 1 {
			t.Error("import not audited")
		}

		bad := [][]string{header,
			{"单选", "正确的一行", "甲", "乙", "", "", "", "", "B", ""},
			{"填空", "未知题型", "甲", "乙", "", "", "", "", "A", ""},
			{"多选", "只有一个答案", "甲", "乙", "丙", "", "", "", "A", ""},
			{"单选", "答案不在选项中", "甲", "乙", "", "", "", "", "Z", ""},
			{"判断", "判断题答案不对", "", "", "", "", "", "", "也许", ""},
			{"单选", "", "甲", "", "", "", "", "", "A", ""},
		}
		res, err = e.s.ImportQuestions(e.ctx, e.secA, e.f.BranchA.ID, workbook(t, bad))
		wantMessage(t, err, "study.import.has_errors")
		if res == nil || res.Imported != 0 {
			t.Fatalf("bad file result: %+v", res)
		}
		rows := map[int]string{}
		for _, re := range res.Errors {
			if _, seen := rows[re.Row]; !seen {
				rows[re.Row] = re.Column + ":" + re.Message
			}
		}
		want := map[int]string{3: "题型:study.import.kind", 4: "答案:study.question.answer_many",
			5: "答案:study.question.answer_unknown", 6: "答案:study.import.true_false", 7: "题干:err.required"}
		for row, w := range want {
			if rows[row] != w {
				t.Errorf("row %d: %q, want %q (all: %+v)", row, rows[row], w, res.Errors)
			}
		}
		if _, ok := rows[2]; ok {
			t.Errorf("good row reported: %+v", res.Errors)
		}
		if n := e.count("questions", "1 = 1"); n != 3 {
			t.Fatalf("bad file imported something: %d questions", n)
		}

		_, err = e.s.ImportQuestions(e.ctx, e.secA, e.f.BranchA.ID, workbook(t, [][]string{{"题干", "答案"}, {"x", "A"}}))
		wantMessage(t, err, "study.import.missing_columns")
		_, err = e.s.ImportQuestions(e.ctx, e.secA, e.f.BranchA.ID, bytes.NewBufferString("not a workbook"))
		wantMessage(t, err, "study.import.corrupt")
		_, err = e.s.ImportQuestions(e.ctx, e.memA, e.f.BranchA.ID, workbook(t, good))
		wantCode(t, err, domain.EForbidden)
		_, err = e.s.ImportQuestions(e.ctx, e.secB, e.f.BranchA.ID, workbook(t, good))
		wantCode(t, err, domain.EForbidden)
	})
}

// Scoring rules, without a database: multiple choice is all-or-nothing.
func TestQuestionCorrect(t *testing.T) {
	single := &domain.Question{Kind: domain.QuestionSingle, Stem: "s", Answer: []string{"b"},
		Options: []domain.QuestionOption{{Key: "A", Text: "1"}, {Key: "B", Text: "2"}}}
	multi := &domain.Question{Kind: domain.QuestionMultiple, Stem: "m", Answer: []string{"C", "A"},
		Options: []domain.QuestionOption{{Key: "A", Text: "1"}, {Key: "B", Text: "2"}, {Key: "C", Text: "3"}}}
	tf := &domain.Question{Kind: domain.QuestionTrueFal, Stem: "t", Answer: []string{"F"}}
	for _, x := range []*domain.Question{single, multi, tf} {
		if bad := x.Check(); len(bad) > 0 {
			t.Fatalf("%s: %v", x.Kind, bad)
		}
	}
	cases := []struct {
		q     *domain.Question
		given []string
		want  bool
	}{
		{single, []string{"B"}, true}, {single, []string{"b "}, true}, {single, []string{"A"}, false},
		{single, []string{"A", "B"}, false}, {single, nil, false},
		{multi, []string{"A", "C"}, true}, {multi, []string{"c", "a", "A"}, true}, {multi, []string{"A"}, false},
		{multi, []string{"A", "B", "C"}, false},
		{tf, []string{"F"}, true}, {tf, []string{"T"}, false}, {tf, nil, false},
	}
	for _, c := range cases {
		if got := c.q.Correct(c.given); got != c.want {
			t.Errorf("%s %v: %v, want %v", c.q.Kind, c.given, got, c.want)
		}
	}
}
