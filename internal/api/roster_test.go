package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/api"
	"dangjian/internal/store"
)

// rosterRows are three new members of branch A as CSV records under csvHeader.
var csvHeader = []string{"姓名", "公民身份号码", "手机号码", "党员类别", "入党日期"}

func (e *env) rosterRows() [][]string {
	return [][]string{
		{"周一", e.idNumber("19900101"), "13900000001", "正式党员", "2015-07-01"},
		{"吴二", e.idNumber("19910202"), "13900000002", "正式党员", "2016-07-01"},
		{"郑三", e.idNumber("19920303"), "13900000003", "预备党员", "2024-07-01"},
	}
}

func csvFile(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(rows)
	return buf.Bytes()
}

// xlsxFromTemplate fills the downloaded template: the rows go under the header, by the
// template's own column names, over the example row.
func xlsxFromTemplate(t *testing.T, template []byte, header []string, rows [][]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	cols, _ := f.GetRows(sheet)
	at := map[string]int{}
	for i, h := range cols[0] {
		at[h] = i
	}
	if err := f.RemoveRow(sheet, 2); err != nil { // the example row
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			i, ok := at[header[c]]
			if !ok {
				t.Fatalf("template lacks column %q: %v", header[c], cols[0])
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			f.SetCellStr(sheet, cell, v)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRosterImport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		// The template, in either language.
		en := openXLSX(t, e.download(t, "/api/v1/imports/members/template.xlsx", "secA", contentTypeXLSX, "Accept-Language", "en-US"))
		if !slices.Contains(en[0], "Name") || !slices.Contains(en[0], "ID number") {
			t.Errorf("English template header: %v", en[0])
		}
		template := e.download(t, "/api/v1/imports/members/template.xlsx", "secA", contentTypeXLSX)
		if zh := openXLSX(t, template); !slices.Contains(zh[0], "姓名") || len(zh) < 2 {
			t.Errorf("Chinese template: %v", zh)
		}

		rows := e.rosterRows()
		bad := slices.Clone(rows)
		bad[1] = slices.Clone(rows[1])
		bad[1][1] = bad[1][1][:17] + map[bool]string{true: "0", false: "1"}[bad[1][1][17] == '1'] // wrong check character
		bad[2] = slices.Clone(rows[2])
		bad[2][2] = "12345"

		// A file with errors: the job fails and names exactly those rows and fields.
		r := e.upload(t, "/api/v1/imports/members?org_id={A}", "secA", part{"file", "roster.csv", "text/csv", csvFile(csvHeader, bad)})
		if r.status != 202 || r.str("id") == "" || r.header.Get("Location") != "/api/v1/imports/"+r.str("id") {
			t.Fatalf("upload: %d %v %s", r.status, r.header, r.body)
		}
		badID := r.str("id")
		st := e.poll(t, "/api/v1/imports/"+badID, "secA")
		if st.str("status") != "failed" || st.num("imported") != 0 || st.num("error_count") != 2 || st.json["error"] == nil {
			t.Fatalf("bad file: %s", st.body)
		}
		var got []string
		for _, it := range st.json["errors"].([]any) {
			m := it.(map[string]any)
			got = append(got, fmt.Sprintf("%v:%v", m["row"], m["field"]))
			if m["message"] == "" {
				t.Errorf("row error without a message: %v", m)
			}
		}
		if strings.Join(got, " ") != "3:id_number 4:phone" {
			t.Errorf("row errors %v, want 3:id_number 4:phone", got)
		}
		if st.num("total_rows") != 3 || st.num("processed_rows") != 3 {
			t.Errorf("counts: %s", st.body)
		}
		if n := len(e.do(t, "GET", "/api/v1/members?org_id={A}", "secA", nil).items()); n != 2 {
			t.Errorf("a failed import changed the roster: %d members in A", n)
		}
		// The input with an error column, in the caller's language.
		sheet := openXLSX(t, e.download(t, "/api/v1/imports/"+badID+"/errors.xlsx", "secA", contentTypeXLSX, "Accept-Language", "en-US"))
		if len(sheet) != 4 || sheet[0][len(csvHeader)] != "Errors" || len(sheet[2]) <= len(csvHeader) || sheet[2][len(csvHeader)] == "" ||
			len(sheet[1]) > len(csvHeader) && sheet[1][len(csvHeader)] != "" {
			t.Errorf("errors.xlsx: %q", sheet)
		}
		// Whoever started the import sees it; others in scope do not.
		if r := e.do(t, "GET", "/api/v1/imports/"+badID, "orgadm", nil); r.status != 404 {
			t.Errorf("another user's import: %d", r.status)
		}
		if r := e.raw(t, "GET", "/api/v1/imports/"+badID+"/errors.xlsx", "orgadm", nil, ""); r.status != 404 {
			t.Errorf("another user's errors.xlsx: %d", r.status)
		}
		if r := e.do(t, "GET", "/api/v1/imports/"+badID, "admin", nil); r.status != 200 {
			t.Errorf("admin reads any import: %d", r.status)
		}

		// The fixed file as .xlsx from the template: a dry run writes nothing.
		fixed := xlsxFromTemplate(t, template, csvHeader, rows)
		r = e.upload(t, "/api/v1/imports/members?org_id={A}&dry_run=1", "secA", part{"file", "名册.xlsx", contentTypeXLSX, fixed})
		if r.status != 202 {
			t.Fatalf("dry run upload: %d %s", r.status, r.body)
		}
		st = e.poll(t, "/api/v1/imports/"+r.str("id"), "secA")
		if st.str("status") != "done" || st.json["dry_run"] != true || st.num("imported") != 3 || st.num("error_count") != 0 {
			t.Fatalf("dry run: %s", st.body)
		}
		if n := len(e.do(t, "GET", "/api/v1/members?org_id={A}", "secA", nil).items()); n != 2 {
			t.Errorf("a dry run changed the roster: %d members in A", n)
		}

		// The real run imports the three; the same file again changes nothing.
		r = e.upload(t, "/api/v1/imports/members?org_id={A}", "secA", part{"file", "名册.xlsx", contentTypeXLSX, fixed})
		st = e.poll(t, "/api/v1/imports/"+r.str("id"), "secA")
		if st.str("status") != "done" || st.json["dry_run"] != false || st.num("imported") != 3 || st.num("processed_rows") != 3 ||
			st.json["error"] != nil || st.json["finished_at"] == nil || st.num("percent") != 100 {
			t.Fatalf("import: %s", st.body)
		}
		list := e.do(t, "GET", "/api/v1/members?org_id={A}&q=%E5%90%B4%E4%BA%8C", "secA", nil) // q=吴二
		if len(list.items()) != 1 || list.items()[0]["phone"] != "139****0002" {
			t.Errorf("imported member: %s", list.body)
		}
		r = e.upload(t, "/api/v1/imports/members?org_id={A}", "secA", part{"file", "again.csv", "", csvFile(csvHeader, rows)})
		st = e.poll(t, "/api/v1/imports/"+r.str("id"), "secA")
		if st.str("status") != "done" || st.num("imported") != 0 || st.num("unchanged") != 3 || st.num("updated") != 0 {
			t.Errorf("re-import: %s", st.body)
		}
		if n := len(e.do(t, "GET", "/api/v1/members?org_id={A}", "secA", nil).items()); n != 5 {
			t.Errorf("%d members in A after the imports, want 5", n)
		}
	})
}

func TestRosterImportRefusals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 3}, 64)...)
		csvOK := csvFile(csvHeader, e.rosterRows())
		file := func(data []byte) part { return part{"file", "x", "", data} }
		for _, c := range []struct {
			name, path, user string
			parts            []part
			status           int
			field            string
		}{
			{"not a spreadsheet", "?org_id={A}", "secA", []part{file(png)}, 422, "file"},
			{"empty", "?org_id={A}", "secA", []part{file(nil)}, 422, "file"},
			{"wrong header", "?org_id={A}", "secA", []part{file([]byte("颜色,形状\n红,圆\n"))}, 422, "file"},
			{"no file part", "?org_id={A}", "secA", []part{{"other", "", "", []byte("x")}}, 422, "file"},
			{"no org", "", "secA", []part{file(csvOK)}, 400, "org_id"},
			{"bad org", "?org_id=abc", "secA", []part{file(csvOK)}, 400, "org_id"},
			{"org out of scope", "?org_id={B}", "secA", []part{file(csvOK)}, 403, ""},
			{"no such org", "?org_id=999999", "admin", []part{file(csvOK)}, 404, ""},
			{"auditor", "?org_id={A}", "auditor", []part{file(csvOK)}, 403, ""},
			{"plain member", "?org_id={A}", "plain", []part{file(csvOK)}, 403, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := e.upload(t, "/api/v1/imports/members"+c.path, c.user, c.parts...)
				if r.status != c.status {
					t.Fatalf("%d, want %d: %s", r.status, c.status, r.body)
				}
				if _, ok := r.errFields()[c.field]; c.field != "" && !ok {
					t.Errorf("error does not name %s: %s", c.field, r.body)
				}
			})
		}
		// A message the user can act on, in their language.
		r := e.upload(t, "/api/v1/imports/members?org_id={A}", "secA", file(png))
		if msg, _ := r.json["error"].(map[string]any)["message"].(string); !strings.Contains(msg, ".xlsx") {
			t.Errorf("message %q", msg)
		}
		// Not multipart at all.
		if r := e.raw(t, "POST", "/api/v1/imports/members?org_id={A}", "secA", csvOK, "text/csv"); r.status != 400 {
			t.Errorf("raw CSV body: %d %s", r.status, r.body)
		}
	})
}

func TestRosterExport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		rep := e.replacer()
		has := func(rows [][]string, s string) bool {
			for _, row := range rows {
				if slices.Contains(row, rep.Replace(s)) {
					return true
				}
			}
			return false
		}
		// In scope, masked.
		rows := openXLSX(t, e.download(t, "/api/v1/exports/members.xlsx?org_id={A}", "secA", contentTypeXLSX))
		if len(rows) != 3 || !has(rows, "张三") || !has(rows, "{mask:a1}") || has(rows, "{id:a1}") {
			t.Errorf("masked export: %q", rows)
		}
		// Without an org: the caller's scope, never beyond it.
		rows = openXLSX(t, e.download(t, "/api/v1/exports/members.xlsx", "secA", contentTypeXLSX))
		if len(rows) != 3 || has(rows, "王五") || has(rows, "孙七") {
			t.Errorf("scope export: %q", rows)
		}
		// Revealed, with the right.
		rows = openXLSX(t, e.download(t, "/api/v1/exports/members.xlsx?org_id={A}&reveal=1", "secA", contentTypeXLSX))
		if !has(rows, "{id:a1}") {
			t.Errorf("revealed export lacks the clear ID number: %q", rows)
		}
		audit := e.do(t, "GET", "/api/v1/audit?action=member.reveal", "admin", nil)
		if len(audit.items()) == 0 {
			t.Error("the revealed export was not audited")
		}
		for _, c := range []struct {
			path, user string
			status     int
		}{
			{"/api/v1/exports/members.xlsx?org_id={A}&reveal=1", "auditor", 403},
			{"/api/v1/exports/members.xlsx?org_id={B}", "secA", 404},
			{"/api/v1/exports/members.xlsx?org_id={A}&reveal=yes", "secA", 400},
		} {
			if r := e.raw(t, "GET", c.path, c.user, nil, ""); r.status != c.status || r.errCode() == "" {
				t.Errorf("GET %s as %s: %d, want %d\n%s", c.path, c.user, r.status, c.status, r.body)
			}
		}

		// As a job: 202, progress, then the file.
		r := e.raw(t, "GET", "/api/v1/exports/members.xlsx?org_id={C}&async=1", "orgadm", nil, "")
		if r.status != 202 || r.str("id") == "" {
			t.Fatalf("async export: %d %s", r.status, r.body)
		}
		id := r.str("id")
		if r := e.raw(t, "GET", "/api/v1/exports/"+id, "secA", nil, ""); r.status != 404 {
			t.Errorf("another user's export: %d", r.status)
		}
		st := e.poll(t, "/api/v1/exports/"+id, "orgadm")
		if st.str("status") != "done" || st.num("total_rows") != 4 || st.num("processed_rows") != 4 ||
			st.str("file_url") != "/api/v1/exports/"+id+"/file" {
			t.Fatalf("export job: %s", st.body)
		}
		rows = openXLSX(t, e.download(t, st.str("file_url"), "orgadm", contentTypeXLSX))
		if len(rows) != 5 || !has(rows, "王五") || !has(rows, "{mask:b1}") || has(rows, "{id:b1}") || has(rows, "孙七") {
			t.Errorf("export job file: %q", rows)
		}
		if r := e.raw(t, "GET", "/api/v1/exports/"+id+"/file", "secA", nil, ""); r.status != 404 {
			t.Errorf("another user's export file: %d", r.status)
		}
		if r := e.raw(t, "GET", "/api/v1/exports/members.xlsx?org_id={C}&async=1&reveal=1", "auditor", nil, ""); r.status != 403 {
			t.Errorf("auditor's revealed export job: %d", r.status)
		}
	})
}

// An upload over the body limit is refused with the importer's message, whether the excess
// is in the file or in another part, and the server stays healthy.
func TestRosterImportBodyLimit(t *testing.T) {
	e := newEnv(t, store.SQLite)
	defer api.SetImportBodyLimit(64 << 10)()
	big := bytes.Repeat([]byte("x"), 100<<10)
	for name, parts := range map[string][]part{
		"big file":       {{"file", "big.csv", "", append(csvFile(csvHeader, e.rosterRows()), big...)}},
		"big other part": {{"junk", "", "", big}, {"file", "a.csv", "", csvFile(csvHeader, e.rosterRows())}},
	} {
		r := e.upload(t, "/api/v1/imports/members?org_id={A}", "secA", parts...)
		if r.status != 422 || r.errFields()["file"] == nil {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if r := e.do(t, "GET", "/api/v1/me", "secA", nil); r.status != 200 {
		t.Errorf("after the refusals: %d", r.status)
	}
}
