package duesstats_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/pdf"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// fen parses a cell of yuan back into fen exactly ("12.3" → 1230, "" → 0).
func fen(t *testing.T, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	v, ok := domain.ParseYuan(s)
	if !ok {
		t.Fatalf("cell %q is not an amount", s)
	}
	return v
}

// The .xlsx opens with excelize: the title, the header row of the usual columns, one line per
// bill with the member's name and no personal number, and a totals line that adds up. The PDF
// is a PDF with the page count of its layout.
func TestSheet(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		const n = 23
		var clearIDs []string
		for i := range n {
			in := f.MemberInput(f.BranchA.ID, fmt.Sprintf("党员%02d", i), "19800101")
			clearIDs = append(clearIDs, *in.IDNumber)
			m, err := f.Set.Members.Create(e.ctx, auth.SystemActor(), in)
			if err != nil {
				t.Fatal(err)
			}
			status := []string{P, P, U, X}[i%4]
			e.billAt(t, m, m.OrgID, m.OrgPath, "2025-01", status, int64(1000+10*i))
		}
		other := e.member(t, f.BranchB, "乙支部党员")
		e.bill(t, other, "2025-01", P)

		var buf bytes.Buffer
		if err := e.svc.SheetXLSX(e.ctx, e.secA, f.BranchA.ID, "2025-01", &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatalf("the .xlsx does not open: %v", err)
		}
		rows, err := x.GetRows("党费收缴表")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "党费收缴表" || !strings.Contains(rows[1][0], "甲一支部") || !strings.Contains(rows[1][0], "2025年1月") {
			t.Errorf("title rows: %q %q", rows[0], rows[1])
		}
		want := []string{"序号", "姓名", "类别", "缴费基数(元)", "比例", "应缴(元)", "实缴(元)", "缴费日期", "缴费方式", "备注"}
		if strings.Join(rows[2], "|") != strings.Join(want, "|") {
			t.Errorf("header: %q", rows[2])
		}
		lines := rows[3 : 3+n]
		var due, paid int64
		for i, r := range lines {
			for len(r) < 10 {
				r = append(r, "")
			}
			if r[0] != strconv.Itoa(i+1) || r[2] != "在职" || r[4] != "0.5%" || r[3] != "2000.00" {
				t.Errorf("line %d: %q", i+1, r)
			}
			due += fen(t, r[5])
			paid += fen(t, r[6])
			for _, id := range clearIDs {
				if strings.Contains(strings.Join(r, ""), id) || strings.Contains(strings.Join(r, ""), id[:6]+"********") {
					t.Fatalf("line %d carries a personal number", i+1)
				}
			}
		}
		total := rows[3+n]
		if total[1] != "合计" || total[2] != fmt.Sprintf("%d人", n) {
			t.Fatalf("totals line: %q", total)
		}
		var wantDue, wantPaid int64
		for i := range n {
			amount := int64(1000 + 10*i)
			switch i % 4 {
			case 0, 1:
				wantDue += amount
				wantPaid += amount
			case 2:
				wantDue += amount
			}
		}
		if fen(t, total[5]) != due || due != wantDue || fen(t, total[6]) != paid || paid != wantPaid {
			t.Errorf("totals %s/%s, lines add up to %d/%d, want %d/%d", total[5], total[6], due, paid, wantDue, wantPaid)
		}
		if !strings.Contains(rows[4+n][0], "收缴率") || !strings.Contains(rows[5+n][0], "填表日期：2025年2月10日") || len(rows) != 6+n {
			t.Errorf("summary: %q (%d rows)", rows[len(rows)-1], len(rows))
		}
		notes := map[string]bool{}
		for _, r := range lines {
			if len(r) > 9 {
				notes[r[9]] = true
			}
		}
		if !notes["免交"] || !notes["未缴"] {
			t.Errorf("notes: %v", notes)
		}
		for _, r := range rows {
			if strings.Contains(strings.Join(r, ""), "乙支部党员") {
				t.Error("another branch's member is on 甲一支部's sheet")
			}
		}

		b, err := e.svc.SheetPDF(e.ctx, e.secA, f.BranchA.ID, "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		if path := os.Getenv("DANGJIAN_WRITE_PDF"); path != "" {
			os.WriteFile(path, b, 0o644)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-64:], []byte("%%EOF")) {
			t.Fatal("not a PDF")
		}
		// 23 lines, the totals and the summary on 20-line pages: two pages.
		if got := pageCount(t, b); got != 2 || pdf.DuesSheetPages(n) != 2 {
			t.Errorf("%d pages, want 2", got)
		}
		for _, id := range []int64{f.BranchB.ID, f.CommitteeA.ID} {
			if _, err := e.svc.SheetPDF(e.ctx, e.secA, id, "2025-01"); code(err) != domain.ENotFound {
				t.Errorf("PDF of org %d for the secretary of A: %v", id, err)
			}
			if err := e.svc.SheetXLSX(e.ctx, e.secA, id, "2025-01", &bytes.Buffer{}); code(err) != domain.ENotFound {
				t.Errorf("xlsx of org %d for the secretary of A: %v", id, err)
			}
		}
		// An empty month still gives a one-page sheet with a zero total.
		b, err = e.svc.SheetPDF(e.ctx, e.secA, f.BranchA.ID, "2024-01")
		if err != nil || pageCount(t, b) != 1 {
			t.Errorf("empty month: %v", err)
		}
	})
}

var countRE = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)

func pageCount(t *testing.T, b []byte) int {
	t.Helper()
	m := countRE.FindSubmatch(b)
	if m == nil {
		t.Fatal("no page tree in the PDF")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
