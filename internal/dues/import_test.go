package dues_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// sheetOf builds an .xlsx whose first sheet holds rows; a float64 cell is written as a number.
func sheetOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importFile starts an import as actor and runs its job here; it returns the status.
func (e *env) importFile(actorName string, orgID int64, file []byte, dryRun bool) *dues.ImportStatus {
	e.t.Helper()
	act := e.secA
	switch actorName {
	case "secCA":
		act = e.secCA
	case "admin":
		act = e.admin
	}
	id, err := e.s.StartImport(e.ctx, act, dues.ImportRequest{OrgID: orgID, Filename: "工资.xlsx", Body: bytes.NewReader(file), DryRun: dryRun})
	if err != nil {
		e.t.Fatalf("start import: %v", err)
	}
	if ok, err := e.runner.RunJob(e.ctx, id); !ok || err != nil {
		e.t.Fatalf("run import: %v %v", ok, err)
	}
	st, err := e.s.Import(e.ctx, act, id)
	if err != nil || st.Status != "done" || st.Import == nil {
		e.t.Fatalf("import status: %+v %v", st, err)
	}
	return st
}

func TestPayrollImport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var idNumber string
		m3 := e.newMember(e.f.BranchA2.ID, "钱三", "19820202", func(in *member.Input) { idNumber = *in.IDNumber })
		head := []any{"身份证号", "党员编号", "姓名", "月份", "基数（元）", "类别", "备注"}

		// Every kind of problem, by row and column; nothing is written.
		bad := sheetOf(t, [][]any{head,
			{idNumber, "", "钱三", "2024-07", "6543.215", "在职", ""},        // row 2: 3 decimals
			{"", fmt.Sprint(e.m1.ID), "张三", "2024-07", "5000", "在职", ""}, // row 3: name mismatch
			{"", fmt.Sprint(e.mB.ID), "", "2024-07", "5000", "在职", ""},   // row 4: out of scope
			{"", "999999", "", "2024-07", "5000", "在职", ""},              // row 5: no such member
			{"", fmt.Sprint(e.m2.ID), "", "2024-13", "5000", "军人", ""},   // row 6: month and category
			{"", fmt.Sprint(e.m2.ID), "", "2024-07", "", "在职", ""},       // row 7: base required
			{idNumber, "", "", "2024/8", "100", "学生", ""},                // row 8: fine
			{idNumber, "", "", "2024年8月", "100", "学生", ""},               // row 9: same member and month as row 8
			{"110101199003077777", "", "", "2024-07", "100", "学生", ""},   // row 10: bad ID number
		})
		st := e.importFile("secCA", e.f.CommitteeA.ID, bad, false)
		r := st.Import
		type key struct {
			row   int
			field string
		}
		got := map[key]string{}
		for _, er := range r.Errors {
			got[key{er.Row, er.Field}] = er.Message
		}
		want := map[key]string{
			{2, "base"}: "dues.import.base", {3, "name"}: "dues.import.name_mismatch", {4, "member_id"}: "dues.import.out_of_scope",
			{5, "member_id"}: "dues.import.no_member", {6, "from_month"}: "err.month_yyyy_mm", {6, "category"}: "err.dues.category",
			{7, "base"}: "err.required", {9, "from_month"}: "dues.import.duplicate", {10, "id_number"}: "err.id_number.checksum",
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("row %d %s: %q, want %q", k.row, k.field, got[k], v)
			}
		}
		if r.ErrorCount != len(want) || r.Imported != 0 || r.Total != 9 {
			t.Fatalf("result: %+v", r)
		}
		for _, er := range r.Errors {
			if er.Row == 2 && er.Column != "基数（元）" {
				t.Errorf("column as written: %q", er.Column)
			}
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM dues_profiles`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d profiles written by a failed import", n)
		}

		// A good file: a dry run writes nothing, the real run writes every row exactly.
		good := sheetOf(t, [][]any{head,
			{idNumber, "", "钱三", "2024-07", "6543.21", "在职", "七月调薪"},
			{"", fmt.Sprint(e.m1.ID), "张一", "2024-06", 6543.21, "离退休", ""}, // a numeric cell
			{"", fmt.Sprint(e.m2.ID), "", "202406", "1,234.50", "in_service", ""},
			{"", fmt.Sprint(e.m2.ID), "", "2024-01", "", "农民", ""},
		})
		st = e.importFile("secCA", e.f.CommitteeA.ID, good, true)
		if st.Import.ErrorCount != 0 || st.Import.Imported != 0 || st.Import.Total != 4 {
			t.Fatalf("dry run: %+v", st.Import)
		}
		db.SQL().QueryRow(`SELECT COUNT(*) FROM dues_profiles`).Scan(&n)
		if n != 0 {
			t.Fatalf("dry run wrote %d profiles", n)
		}
		st = e.importFile("secCA", e.f.CommitteeA.ID, good, false)
		if st.Import.ErrorCount != 0 || st.Import.Imported != 4 {
			t.Fatalf("import: %+v", st.Import)
		}
		check := func(m *domain.Member, month string, cat string, base int64) {
			t.Helper()
			var p *domain.DuesProfile
			err := db.WriteTx(e.ctx, func(q *store.Q) error {
				var err error
				p, err = q.DuesProfileAt(e.ctx, m.ID, month)
				return err
			})
			if err != nil || string(p.Category) != cat || p.BaseFen != base {
				t.Errorf("%s %s: %+v %v", m.Name, month, p, err)
			}
		}
		check(m3, "2024-07", "in_service", 654321)
		check(e.m1, "2024-06", "retired", 654321)
		check(e.m2, "2024-06", "in_service", 123450)
		check(e.m2, "2024-01", "farmer", 0)
		if n := testutil.AuditCount(t, db, "dues.profile.set"); n != 4 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func TestImportTemplateAndFileChecks(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	for _, en := range []bool{false, true} {
		var buf bytes.Buffer
		if err := e.s.ImportTemplate(&buf, en); err != nil {
			t.Fatal(err)
		}
		// The template as downloaded imports cleanly: its example row is skipped.
		st := e.importFile("secA", e.f.BranchA.ID, buf.Bytes(), true)
		if st.Import.ErrorCount != 0 || st.Import.Total != 1 {
			t.Fatalf("template (en %v): %+v", en, st.Import)
		}
	}
	for name, tc := range map[string]struct {
		body []byte
		key  string
	}{
		"not xlsx":       {[]byte("姓名,基数\n张三,100\n"), "dues.import.not_xlsx"},
		"missing column": {sheetOf(t, [][]any{{"身份证号", "基数"}}), "dues.import.missing_column"},
		"empty":          {sheetOf(t, [][]any{}), "dues.import.empty"},
		"corrupt zip":    {append([]byte("PK\x03\x04"), strings.Repeat("x", 100)...), "dues.import.corrupt"},
	} {
		_, err := e.s.StartImport(e.ctx, e.secA, dues.ImportRequest{OrgID: e.f.BranchA.ID, Body: bytes.NewReader(tc.body)})
		if de, ok := domain.AsError(err); !ok || de.Code != domain.EInvalid || de.Message != tc.key {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := e.s.StartImport(e.ctx, e.secA, dues.ImportRequest{OrgID: e.f.BranchB.ID, Body: bytes.NewReader(sheetOf(t, [][]any{{"x"}}))})
	testutil.WantCode(t, err, domain.EForbidden)
	_, err = e.s.StartImport(e.ctx, e.member, dues.ImportRequest{OrgID: e.f.BranchA.ID, Body: bytes.NewReader(nil)})
	testutil.WantCode(t, err, domain.EForbidden)
}

func TestParseBaseExact(t *testing.T) {
	for in, want := range map[string]int64{"6543.21": 654321, "6543.2100000000001": 654321, "6543.2099999999996": 654321,
		"0.1": 10, "1E+4": 1000000, "100.000": 10000, "3000": 300000} {
		got, ok := dues.ParseBaseForTest(in)
		if !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"6543.215", "-5", "abc", "1.2.3"} {
		if _, ok := dues.ParseBaseForTest(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}
