package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/domain"
)

func sampleSheet(n int) DuesSheet {
	s := DuesSheet{OrgName: "中共甲党委甲一支部", Month: "2025-03", PrintedOn: domain.NewDate(2025, 4, 2),
		Total: []string{"", "合计", fmt.Sprintf("%d人", n), "", "", "123.40", "100.00", "", "", ""}, Summary: "应缴 3 人，已缴 2 人；收缴率 66.66%。"}
	for i := range n {
		s.Lines = append(s.Lines, []string{strconv.Itoa(i + 1), "王晓明", "在职", "4500.00", "1%", "45.00", "45.00", "2025-03-05", "现金",
			"由李四代缴；这一格的说明很长很长很长很长很长很长很长很长很长很长很长很长很长很长"})
	}
	return s
}

var pagesRE = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)

// The sheet is a PDF with the CJK font, the title and headers drawn, and as many pages as
// its lines, the totals and the summary need at 20 to a page; a long note is cut, not spilled.
func TestDuesSheetRenders(t *testing.T) {
	for _, c := range []struct{ n, pages int }{{0, 1}, {18, 1}, {19, 2}, {38, 2}, {39, 3}, {45, 3}} {
		if got := DuesSheetPages(c.n); got != c.pages {
			t.Errorf("DuesSheetPages(%d) = %d, want %d", c.n, got, c.pages)
		}
		b, err := sampleSheet(c.n).Render()
		if err != nil {
			t.Fatalf("%d lines: %v", c.n, err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.Contains(b, []byte("/FontFile2")) {
			t.Fatalf("%d lines: not a PDF with the embedded font", c.n)
		}
		m := pagesRE.FindSubmatch(b)
		if m == nil || string(m[1]) != strconv.Itoa(c.pages) {
			t.Errorf("%d lines: page count %q, want %d", c.n, m, c.pages)
		}
	}
	text := decodedStreams(t, sampleSheet(3).mustRender(t))
	for _, r := range "党费收缴表序号姓名类别缴费基数比例应缴实缴日期方式备注合计甲一支部王晓明现金收缴率第页共" {
		if !strings.Contains(text, utf16be(r)) {
			t.Errorf("character %c is not drawn", r)
		}
	}
	for _, s := range []string{"4500.00", "123.40", "2025-03-05"} {
		if !strings.Contains(text, s) {
			t.Errorf("%s is not drawn", s)
		}
	}
}

func (s DuesSheet) mustRender(t *testing.T) []byte {
	t.Helper()
	b, err := s.Render()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
