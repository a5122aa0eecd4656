package pdf

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"

	"dangjian/internal/domain"
)

// DuesSheet is the monthly dues sheet (党费收缴表) of an organisation: one line per bill with
// the columns of DuesSheetColumns, a totals line and a summary. The caller formats the cells
// (amounts as yuan text); personal numbers never appear on it.
type DuesSheet struct {
	OrgName   string
	Month     string // YYYY-MM
	Lines     [][]string
	Total     []string // the totals line, same columns
	Summary   string   // one line under the table: counts and the collection rate
	PrintedOn domain.Date
}

// DuesSheetColumns are the sheet's columns (common practice) and their widths in mm on a
// landscape A4 page (267 mm between the margins).
var DuesSheetColumns = []struct {
	Title string
	Width float64
	Align string
}{
	{"序号", 13, "C"}, {"姓名", 28, "L"}, {"类别", 26, "C"}, {"缴费基数(元)", 29, "R"}, {"比例", 16, "C"},
	{"应缴(元)", 24, "R"}, {"实缴(元)", 24, "R"}, {"缴费日期", 26, "C"}, {"缴费方式", 22, "C"}, {"备注", 59, "L"},
}

// DuesSheetRowsPerPage is how many table lines a page holds (the header repeats on each).
const DuesSheetRowsPerPage = 20

// DuesSheetPages is the number of pages a sheet of n bills takes: the lines, then the totals
// line and the summary, DuesSheetRowsPerPage to a page.
func DuesSheetPages(n int) int {
	lines := n + 2
	return (lines + DuesSheetRowsPerPage - 1) / DuesSheetRowsPerPage
}

const (
	sheetRowH   = 7.0
	sheetHeadH  = 8.0
	sheetFontSz = 9.0
)

// Render lays the sheet out on landscape A4 pages: the title, the organisation and month,
// the table with its header on every page, "第 x 页 共 y 页" at the foot, and after the totals
// the summary and the lines for the signatures.
func (s DuesSheet) Render() ([]byte, error) {
	f := newDoc("党费收缴表 "+s.OrgName+" "+s.Month, s.PrintedOn)
	f.SetMargins(15, 12, 15)
	p := &writer{f: f}
	pages := DuesSheetPages(len(s.Lines))
	all := append(append([][]string{}, s.Lines...), s.Total)
	page := 0
	cell := func(x, y, w, h float64, text, align string) {
		f.Rect(x, y, w, h, "D")
		runs := p.runs(text, sheetFontSz)
		total := 0.0
		for _, r := range runs {
			total += r.width
		}
		// A cell too narrow for its text drops characters from the end rather than spill.
		for total > w-2 && len(runs) > 0 {
			total -= runs[len(runs)-1].width
			runs = runs[:len(runs)-1]
		}
		tx := x + 1
		switch align {
		case "C":
			tx = x + (w-total)/2
		case "R":
			tx = x + w - 1.5 - total
		}
		f.SetXY(tx, y)
		p.draw(runs, sheetFontSz, h)
	}
	startPage := func() float64 {
		page++
		f.AddPageFormat("L", fpdf.SizeType{Wd: 210, Ht: 297})
		width, _ := f.GetPageSize()
		left, top, right, _ := f.GetMargins()
		p.left, p.width = left, width-left-right
		f.SetY(top)
		p.line("党费收缴表", 16, 10, "C")
		p.line(fmt.Sprintf("党组织：%s      所属月份：%s", s.OrgName, chineseMonth(s.Month)), 10, 7, "L")
		y := f.GetY() + 1
		x := left
		for _, c := range DuesSheetColumns {
			cell(x, y, c.Width, sheetHeadH, c.Title, "C")
			x += c.Width
		}
		_, h := f.GetPageSize()
		f.SetXY(left, h-10)
		p.line(fmt.Sprintf("第 %d 页  共 %d 页", page, pages), 8, 4, "C")
		return y + sheetHeadH
	}
	y := startPage()
	row := 0
	for i, line := range all {
		if row == DuesSheetRowsPerPage {
			y, row = startPage(), 0
		}
		x := p.left
		for k, c := range DuesSheetColumns {
			text := ""
			if k < len(line) {
				text = line[k]
			}
			align := c.Align
			if i == len(all)-1 && k == 1 { // the totals line's label
				align = "C"
			}
			cell(x, y, c.Width, sheetRowH, text, align)
			x += c.Width
		}
		y += sheetRowH
		row++
	}
	if row == DuesSheetRowsPerPage {
		y, row = startPage(), 0
	}
	f.SetXY(p.left, y+1)
	p.line(s.Summary, sheetFontSz, sheetRowH-1, "L")
	p.line("支部书记（签字）：                    收缴人（签字）：                    填表日期："+chineseDate(s.PrintedOn), sheetFontSz, sheetRowH, "L")
	if page != pages {
		return nil, fmt.Errorf("pdf: dues sheet laid out on %d pages, counted %d", page, pages)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
