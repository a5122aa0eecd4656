package roster_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestTemplate(t *testing.T) {
	e := newEnv(t, testutil.MustOpen(t, store.SQLite))
	for _, locale := range []string{i18n.ZH, i18n.EN} {
		var b bytes.Buffer
		if err := e.svc.Template(&b, locale); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetList()[0]
		rows, _ := f.GetRows(sheet)
		if len(rows) < 2 {
			t.Fatalf("%s: rows %v", locale, rows)
		}
		wantFirst, wantCat := "姓名", "党员类别"
		if locale == i18n.EN {
			wantFirst, wantCat = "Name", "Category"
		}
		if rows[0][0] != wantFirst || !slices.Contains(rows[0], wantCat) {
			t.Fatalf("%s header: %v", locale, rows[0])
		}
		if rows[1][4] == "" || !strings.Contains(rows[1][0], "示例") && locale == i18n.ZH {
			t.Fatalf("%s example row: %v", locale, rows[1])
		}
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string]bool{}
		for _, dv := range dvs {
			lists[dv.Formula1] = true
		}
		want := `"男,女"`
		if locale == i18n.EN {
			want = `"Male,Female"`
		}
		if len(dvs) != 6 || !lists[want] {
			t.Fatalf("%s: %d validations %v", locale, len(dvs), lists)
		}
		// Dates and numbers are text cells, so Excel keeps them as typed.
		style, _ := f.GetCellStyle(sheet, "E100")
		st, _ := f.GetStyle(style)
		if st == nil || st.NumFmt != 49 {
			t.Fatalf("%s: ID number column style %+v", locale, st)
		}
		f.Close()
	}
}

func TestErrorsWorkbook(t *testing.T) {
	e := newEnv(t, testutil.MustOpen(t, store.SQLite))
	data := csvBytes(5, func(i int, rec []string) {
		if i == 2 {
			rec[2], rec[7] = "999", "not a date"
		}
	})
	st := e.importFile(t, auth.SystemActor(), e.Region.ID, data, false)
	if st.ErrorCount != 2 {
		t.Fatalf("%+v", st)
	}
	var b bytes.Buffer
	if err := e.svc.ErrorsXLSX(context.Background(), auth.SystemActor(), st.ID, e.Set.I18n, i18n.ZH, &b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if len(rows) != 6 || rows[0][len(testHeader)] != "错误说明" || rows[3][0] != "党员00002" {
		t.Fatalf("rows: %q", rows)
	}
	msg := rows[3][len(testHeader)]
	if !strings.Contains(msg, "手机号码：") || !strings.Contains(msg, "入党日期：") || len(rows[2]) > len(testHeader) {
		t.Fatalf("error column: %q / %q", msg, rows[2])
	}
}

func TestExport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		sys := auth.SystemActor()
		e.importFile(t, sys, e.Region.ID, csvBytes(30, nil), false)
		e.Member(t, e.BranchB.ID, "乙某", "19800101")
		secretary := e.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, e.CommitteeA.ID))
		auditor := e.User(t, "aud", 0, testutil.Grant(domain.RoleAuditor, e.Region.ID))

		read := func(b *bytes.Buffer) [][]string {
			f, err := excelize.OpenReader(b)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows(f.GetSheetList()[0])
			return rows
		}
		var masked bytes.Buffer
		n, err := e.svc.ExportMembers(ctx, secretary, member.Filter{OrgID: e.CommitteeA.ID}, false, i18n.ZH, &masked)
		if err != nil || n != 30 {
			t.Fatalf("export: %d %v", n, err)
		}
		rows := read(&masked)
		if len(rows) != 31 || !strings.Contains(rows[1][4], "*") || rows[1][9] != "正式党员" {
			t.Fatalf("masked export: %q", rows[:2])
		}
		// Scope: the secretary's export never holds the other committee's member.
		for _, r := range rows {
			if r[0] == "乙某" {
				t.Fatal("export left the caller's scope")
			}
		}
		if _, err := e.svc.ExportMembers(ctx, auditor, member.Filter{}, true, i18n.ZH, &bytes.Buffer{}); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("auditor reveal: %v", err)
		}
		before := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'member.reveal'`)
		var clear bytes.Buffer
		if _, err := e.svc.ExportMembers(ctx, secretary, member.Filter{OrgID: e.CommitteeA.ID}, true, i18n.ZH, &clear); err != nil {
			t.Fatal(err)
		}
		if countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'member.reveal'`) <= before {
			t.Fatal("reveal not audited")
		}
		// A revealed export imports back unchanged.
		data := clear.Bytes()
		rows = read(bytes.NewBuffer(slices.Clone(data)))
		if rows[1][4] != idFor(0) {
			t.Fatalf("revealed: %q", rows[1])
		}
		st := e.importFile(t, secretary, e.CommitteeA.ID, data, false)
		if st.Status != "done" || st.Unchanged != 30 || st.Updated != 0 || st.Imported != 0 {
			t.Fatalf("round trip: %+v", st)
		}

		// A large export as a job, with its file downloadable by its starter only.
		id, err := e.svc.StartExport(ctx, secretary, member.Filter{OrgID: e.CommitteeA.ID}, false, i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ExportFile(ctx, secretary, id, &bytes.Buffer{}); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("file before the job ran: %v", err)
		}
		if ok, err := e.runner.RunJob(ctx, id); !ok || err != nil {
			t.Fatal(ok, err)
		}
		xs, err := e.svc.Export(ctx, secretary, id)
		if err != nil || xs.Status != "done" || xs.ProcessedRows != 30 {
			t.Fatalf("export job: %+v %v", xs, err)
		}
		var file bytes.Buffer
		if err := e.svc.ExportFile(ctx, secretary, id, &file); err != nil {
			t.Fatal(err)
		}
		if rows := read(&file); len(rows) != 31 || rows[0][0] != "Name" || rows[1][9] != "Full member" {
			t.Fatalf("job file: %q", rows[:2])
		}
		if err := e.svc.ExportFile(ctx, auditor, id, &bytes.Buffer{}); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("someone else's export: %v", err)
		}
	})
}
