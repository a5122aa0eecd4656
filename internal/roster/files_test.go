package roster_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// xlsxBytes writes rows as a workbook, as people make them: dates as real date cells (Excel
// serial numbers) when asDates, a gap of blank rows, and a second sheet that is ignored.
func xlsxBytes(t testing.TB, n int, asDates bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	head := make([]any, len(testHeader))
	for i, h := range testHeader {
		head[i] = h
	}
	sw.SetRow("A1", head)
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i := 0; i < n; i++ {
		rec := memberRow(i)
		row := make([]any, len(rec))
		for k, v := range rec {
			row[k] = v
		}
		if asDates {
			d, _ := time.Parse("2006-01-02", rec[7])
			row[7] = excelize.Cell{StyleID: dateStyle, Value: d}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2+i/100*2) // two blank rows after every 100
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.NewSheet("备注")
	f.SetCellStr("备注", "A1", "not read")
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportFormats(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sys := auth.SystemActor()
		total := 0
		check := func(name string, data []byte, n int) {
			t.Helper()
			st := e.importFile(t, sys, e.Region.ID, data, false)
			if st.Status != "done" || st.Imported+st.Unchanged != n || st.ErrorCount != 0 {
				t.Fatalf("%s: %+v", name, st)
			}
			total += st.Imported
		}
		// xlsx with date cells and blank rows: the error row numbers must be the sheet's.
		withGap := xlsxBytes(t, 250, true)
		check("xlsx", withGap, 250)
		// UTF-8 with BOM.
		check("bom", append([]byte("\xEF\xBB\xBF"), csvBytes(260, nil)...), 260)
		// GB18030, as Excel on Chinese Windows saves CSV.
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvBytes(270, nil))
		if err != nil {
			t.Fatal(err)
		}
		check("gb18030", gb, 270)
		if total != 270 {
			t.Fatalf("%d members", total)
		}
		m, err := e.Set.Members.List(context.Background(), sys, roster_filter(idFor(265)), false)
		if err != nil || len(m.Items) != 1 || m.Items[0].Name != "党员00265" || m.Items[0].GroupName != "" {
			t.Fatalf("GB18030 names: %+v %v", m, err)
		}
		// English headers and labels are accepted too.
		en := strings.Replace(string(csvBytes(3, nil)), strings.Join(testHeader, ","),
			"Name,ID number,Mobile phone,Education,Party branch,Party group,Category,Joined on,Full member on,Floating", 1)
		en = strings.ReplaceAll(en, "正式党员", "Full member")
		check("english", []byte(en), 3)
		// Row numbers in an xlsx with gaps are the sheet's: row i sits at i+2+2*(i/100).
		bad := xlsxBytes(t, 250, false)
		f, _ := excelize.OpenReader(bytes.NewReader(bad))
		f.SetCellStr("Sheet1", "C207", "123") // the phone of i=201: 201+2+2*2 = row 207
		var b bytes.Buffer
		f.WriteTo(&b)
		f.Close()
		st := e.importFile(t, sys, e.Region.ID, b.Bytes(), true)
		if st.ErrorCount != 1 || st.Errors[0].Row != 207 || st.Errors[0].Field != "phone" {
			t.Fatalf("xlsx row numbers: %+v", st.Errors)
		}
	})
}

func TestRefusedFiles(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.refusedAtStart(t, nil, "roster.file.empty")
		e.refusedAtStart(t, []byte("\xEF\xBB\xBF \r\n"), "roster.file.empty")
		e.refusedAtStart(t, []byte("%PDF-1.7\n1 0 obj"), "roster.file.not_spreadsheet")
		e.refusedAtStart(t, []byte("\x89PNG\r\n\x1a\n\x00\x00"), "roster.file.not_spreadsheet")
		e.refusedAtStart(t, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), "roster.file.xls")
		e.refusedAtStart(t, []byte("\xFF\xFEa\x00"), "roster.file.utf16")
		e.refusedAtStart(t, zipOf(t, map[string][]byte{"word/document.xml": []byte("<w/>")}), "roster.file.not_spreadsheet")
		e.refusedAtStart(t, []byte("PK\x03\x04garbage"), "roster.file.corrupt")
		e.refusedAtStart(t, []byte("姓名,身份证号\n张三,1\n"), "roster.file.missing_columns")
		e.refusedAtStart(t, []byte("姓名,公民身份号码,党员类别,入党日期,所在党支部,血型\n"), "roster.file.unknown_columns")
		e.refusedAtStart(t, []byte("姓名,姓名,公民身份号码,党员类别,入党日期,所在党支部\n"), "roster.file.repeated_columns")
		// The message names the missing columns.
		_, err := e.svc.StartImport(context.Background(), auth.SystemActor(), roster_req(e.Region.ID, []byte("姓名,身份证号\n")))
		de, _ := domain.AsError(err)
		msg := e.Set.I18n.T(i18n.ZH, de.Message, de.Args...)
		if !strings.Contains(msg, "党员类别") || !strings.Contains(msg, "入党日期") || strings.Contains(msg, "姓名（") {
			t.Fatalf("message: %s", msg)
		}
		// Only a header: accepted as a file, then the job finds no rows.
		st := e.importFile(t, auth.SystemActor(), e.Region.ID, []byte(strings.Join(testHeader, ",")+"\n"), false)
		if st.Status != "failed" || st.Error != "roster.file.no_rows" {
			t.Fatalf("header only: %+v", st)
		}
		// The template as downloaded: its example row is skipped, so there is nothing to import.
		var tpl bytes.Buffer
		if err := e.svc.Template(&tpl, i18n.ZH); err != nil {
			t.Fatal(err)
		}
		st = e.importFile(t, auth.SystemActor(), e.Region.ID, tpl.Bytes(), false)
		if st.Status != "failed" || st.Error != "roster.file.no_rows" {
			t.Fatalf("template: %+v", st)
		}
		// After all that, an import still works.
		if st := e.importFile(t, auth.SystemActor(), e.Region.ID, csvBytes(5, nil), false); st.Imported != 5 {
			t.Fatalf("healthy import: %+v", st)
		}
	})
}

func zipOf(t testing.TB, files map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	return b.Bytes()
}

// A workbook whose sheet unpacks to 1 GiB of zeros (about 1 MB packed) is refused from
// the zip's directory, before anything is unpacked.
func TestZipBombRefused(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook/>`))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for i := 0; i < 1024; i++ {
		w.Write(zeros)
	}
	zw.Close()
	t.Logf("bomb: %d bytes packed", b.Len())
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	e.refusedAtStart(t, b.Bytes(), "roster.file.zip_bomb")
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 64<<20 {
		t.Fatalf("heap grew by %d MB refusing a bomb", grew>>20)
	}
}

// A 1,000,000-row CSV is refused at row 200,001 of the first pass, streaming: the heap does
// not hold the file.
func TestMillionRowsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 45 MB file")
	}
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	path := filepath.Join(t.TempDir(), "million.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(bw, "姓名,公民身份号码,党员类别,入党日期")
	for i := 0; i < 1_000_000; i++ {
		fmt.Fprintf(bw, "党员%d,%s,正式党员,2015-07-01\n", i, idFor(i%100_000))
	}
	bw.Flush()
	f.Close()
	fi, _ := os.Stat(path)
	in, _ := os.Open(path)
	defer in.Close()
	start := time.Now()
	id, err := e.svc.StartImport(context.Background(), auth.SystemActor(), roster.ImportRequest{OrgID: e.BranchA.ID,
		Filename: "million.csv", Body: in})
	if err != nil {
		t.Fatal(err)
	}
	peak := sampleHeap(func() { e.runner.RunJob(context.Background(), id) })
	st, _ := e.svc.Import(context.Background(), auth.SystemActor(), id)
	if st.Status != "failed" || st.Error != "roster.file.too_many_rows" || countRows(t, db, `SELECT COUNT(*) FROM members`) != 0 {
		t.Fatalf("million rows: %+v", st)
	}
	t.Logf("%d MB file refused in %v, peak heap in use %d MB", fi.Size()>>20, time.Since(start), peak>>20)
	if peak > 200<<20 {
		t.Fatalf("peak heap %d MB", peak>>20)
	}
}

// sampleHeap runs fn and returns the highest HeapInuse seen while it ran.
func sampleHeap(fn func()) uint64 {
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak
}
