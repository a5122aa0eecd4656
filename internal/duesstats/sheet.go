package duesstats

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/pdf"
	"dangjian/internal/store"
)

// The monthly dues sheet (党费收缴表): one line per bill of the month made in an organisation's
// subtree, with the columns of common practice (pdf.DuesSheetColumns), a totals line and a
// summary. It is an official Chinese form, so it is written in Chinese whatever the reader's
// language. It carries no personal numbers.

// SheetLine is one line of the sheet: text for the PDF, amounts in fen for the .xlsx.
type SheetLine struct {
	No       int
	Name     string
	Category string
	BaseFen  int64
	HasBase  bool // a bracketed category pays a rate of a base; fixed amounts have none
	Rate     string
	DueFen   int64
	PaidFen  int64
	Paid     bool
	PaidOn   string
	Method   string
	Note     string
}

// SheetTotals adds the sheet up.
type SheetTotals struct {
	Bills, Paid, Exempt int
	DueFen, PaidFen     int64
}

var categoryText = map[string]string{
	string(domain.DuesInService): "在职", string(domain.DuesRetired): "离退休", string(domain.DuesFarmer): "农民",
	string(domain.DuesStudent): "学生", string(domain.DuesUnemployed): "下岗失业", string(domain.DuesRelief): "低保救济",
}

var methodText = map[string]string{"cash": "现金", "transfer": "转账", "online": "线上支付"}

// rateText reads the rate from a bill's rule reference ("in_service:150bp" → "1.5%", a fixed
// amount → "定额").
func rateText(ref string) string {
	kind, rest, _ := strings.Cut(ref, ":")
	if kind == "fixed" {
		return "定额"
	}
	if bp, ok := strings.CutSuffix(rest, "bp"); ok {
		if n, err := strconv.ParseInt(bp, 10, 64); err == nil {
			return domain.FormatBP(n)
		}
	}
	return ""
}

// sheetLine turns a bill into a line of the sheet of the organisation at orgPath.
func sheetLine(no int, r *store.DuesSheetRow, orgPath string) SheetLine {
	l := SheetLine{No: no, Name: r.MemberName, Category: categoryText[r.Category], Rate: rateText(r.RuleRef),
		DueFen: r.AmountFen, BaseFen: r.BaseFen, HasBase: domain.DuesBracketed(domain.DuesCategory(r.Category))}
	if l.Category == "" {
		l.Category = r.Category
	}
	var notes []string
	switch r.Status {
	case domain.DuesPaid:
		l.Paid, l.PaidFen, l.Method = true, r.PaidFen, methodText[r.Method]
		if l.Method == "" {
			l.Method = r.Method
		}
		if !r.PaidAt.IsZero() {
			l.PaidOn = domain.Today(r.PaidAt).String()
		}
		if r.PayerID != 0 && r.PayerID != r.MemberID && r.PayerName != "" {
			notes = append(notes, r.PayerName+"代缴")
		}
	case domain.DuesExempt:
		notes = append(notes, "免交")
	default:
		notes = append(notes, "未缴")
	}
	if r.HardshipID != 0 && r.Status != domain.DuesExempt && r.AmountFen < r.StandardFen {
		notes = append(notes, "减交（标准"+domain.FormatFen(r.StandardFen)+"元）")
	}
	if r.OrgPath != orgPath {
		notes = append(notes, r.OrgName)
	}
	l.Note = strings.Join(notes, "；")
	return l
}

func (t *SheetTotals) add(l SheetLine, status string) {
	t.Bills++
	t.DueFen += l.DueFen
	t.PaidFen += l.PaidFen
	switch status {
	case domain.DuesPaid:
		t.Paid++
	case domain.DuesExempt:
		t.Exempt++
	}
}

// Summary is the line under the table: how many were due, paid and exempt, and the rate.
func (t SheetTotals) Summary() string {
	rate := "—"
	if due := t.Bills - t.Exempt; due > 0 {
		rate = domain.FormatBP(int64(t.Paid) * 10000 / int64(due))
	}
	return fmt.Sprintf("应缴 %d 人，已缴 %d 人，免交 %d 人，未缴 %d 人；收缴率 %s；应缴合计 %s 元，实缴合计 %s 元。",
		t.Bills-t.Exempt, t.Paid, t.Exempt, t.Bills-t.Paid-t.Exempt, rate, domain.FormatFen(t.DueFen), domain.FormatFen(t.PaidFen))
}

// signatures is the line for the signatures under the sheet.
func signatures(on domain.Date) string {
	t := on.Time()
	return fmt.Sprintf("支部书记（签字）：            收缴人（签字）：            填表日期：%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// sheetOrg checks the request: the organisation the actor reads dues of, and the month.
func (s *Service) sheetOrg(ctx context.Context, q *store.Q, a *auth.Actor, orgID int64, month string) (*domain.Org, string, error) {
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, "", err
	}
	if month, err = checkMonth("month", month, s.thisMonth()); err != nil {
		return nil, "", err
	}
	return o, month, nil
}

// eachLine calls fn with every line of the sheet in order and returns the totals.
func eachLine(ctx context.Context, q *store.Q, o *domain.Org, month string, fn func(SheetLine) error) (SheetTotals, error) {
	var t SheetTotals
	n := 0
	err := q.EachDuesSheetRow(ctx, o.Path, month, func(r *store.DuesSheetRow) error {
		n++
		l := sheetLine(n, r, o.Path)
		t.add(l, r.Status)
		return fn(l)
	})
	return t, err
}

// SheetFileName is the download name of the sheet.
func SheetFileName(orgID int64, month, ext string) string {
	return fmt.Sprintf("dues-sheet-%d-%s.%s", orgID, month, ext)
}

// SheetXLSX writes the sheet of month ("" for the current month) for the subtree at orgID as
// .xlsx, streaming the bills from the database into excelize's stream writer. Amounts are
// numbers of yuan with two decimals; the totals are added in fen. Who: dues readers of the
// organisation. Errors: ENotFound, EInvalid (month).
func (s *Service) SheetXLSX(ctx context.Context, a *auth.Actor, orgID int64, month string, w io.Writer) error {
	q := s.DB.Read()
	o, month, err := s.sheetOrg(ctx, q, a, orgID, month)
	if err != nil {
		return err
	}
	x := excelize.NewFile(excelize.Options{TmpDir: s.TempDir})
	defer x.Close()
	const sheet = "党费收缴表"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	title, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	if err != nil {
		return err
	}
	text, err := x.NewStyle(&excelize.Style{Border: border})
	if err != nil {
		return err
	}
	money, err := x.NewStyle(&excelize.Style{Border: border, NumFmt: 2}) // 0.00
	if err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	boldMoney, err := x.NewStyle(&excelize.Style{Border: border, NumFmt: 2, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range pdf.DuesSheetColumns {
		if err := sw.SetColWidth(i+1, i+1, c.Width/2.2); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cols := len(pdf.DuesSheetColumns)
	last, _ := excelize.ColumnNumberToName(cols)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: "党费收缴表"}}, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}
	t := domain.DuesMonthStart(month).Time()
	if err := sw.SetRow("A2", []any{fmt.Sprintf("党组织：%s    所属月份：%d年%d月", o.Name, t.Year(), int(t.Month()))}); err != nil {
		return err
	}
	if err := sw.MergeCell("A2", last+"2"); err != nil {
		return err
	}
	header := make([]any, cols)
	for i, c := range pdf.DuesSheetColumns {
		header[i] = excelize.Cell{StyleID: head, Value: c.Title}
	}
	if err := sw.SetRow("A3", header, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	rowNo := 4
	totals, err := eachLine(ctx, q, o, month, func(l SheetLine) error {
		row := []any{
			excelize.Cell{StyleID: text, Value: l.No}, excelize.Cell{StyleID: text, Value: l.Name},
			excelize.Cell{StyleID: text, Value: l.Category}, excelize.Cell{StyleID: text},
			excelize.Cell{StyleID: text, Value: l.Rate}, excelize.Cell{StyleID: money, Value: yuan(l.DueFen)},
			excelize.Cell{StyleID: money}, excelize.Cell{StyleID: text, Value: l.PaidOn},
			excelize.Cell{StyleID: text, Value: l.Method}, excelize.Cell{StyleID: text, Value: l.Note},
		}
		if l.HasBase {
			row[3] = excelize.Cell{StyleID: money, Value: yuan(l.BaseFen)}
		}
		if l.Paid {
			row[6] = excelize.Cell{StyleID: money, Value: yuan(l.PaidFen)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, rowNo)
		rowNo++
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	total := []any{excelize.Cell{StyleID: bold}, excelize.Cell{StyleID: bold, Value: "合计"},
		excelize.Cell{StyleID: bold, Value: fmt.Sprintf("%d人", totals.Bills)}, excelize.Cell{StyleID: bold},
		excelize.Cell{StyleID: bold}, excelize.Cell{StyleID: boldMoney, Value: yuan(totals.DueFen)},
		excelize.Cell{StyleID: boldMoney, Value: yuan(totals.PaidFen)}, excelize.Cell{StyleID: bold},
		excelize.Cell{StyleID: bold}, excelize.Cell{StyleID: bold}}
	cell, _ := excelize.CoordinatesToCellName(1, rowNo)
	if err := sw.SetRow(cell, total); err != nil {
		return err
	}
	cell, _ = excelize.CoordinatesToCellName(1, rowNo+1)
	if err := sw.SetRow(cell, []any{totals.Summary()}); err != nil {
		return err
	}
	cell, _ = excelize.CoordinatesToCellName(1, rowNo+2)
	if err := sw.SetRow(cell, []any{signatures(s.today())}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// yuan is an amount of fen as a number of yuan for a spreadsheet cell: fen ÷ 100 is written
// in its shortest decimal form ("12.3"), which is exact; sums are made in fen, never here.
func yuan(fen int64) float64 { return float64(fen) / 100 }

// SheetPDF renders the sheet of month ("" for the current month) for the subtree at orgID as
// a printable PDF (landscape A4, the header on every page). Who: dues readers of the
// organisation. Errors: ENotFound, EInvalid (month).
func (s *Service) SheetPDF(ctx context.Context, a *auth.Actor, orgID int64, month string) ([]byte, error) {
	q := s.DB.Read()
	o, month, err := s.sheetOrg(ctx, q, a, orgID, month)
	if err != nil {
		return nil, err
	}
	doc := pdf.DuesSheet{OrgName: o.Name, Month: month, PrintedOn: s.today()}
	totals, err := eachLine(ctx, q, o, month, func(l SheetLine) error {
		base := ""
		if l.HasBase {
			base = domain.FormatFen(l.BaseFen)
		}
		paid := ""
		if l.Paid {
			paid = domain.FormatFen(l.PaidFen)
		}
		doc.Lines = append(doc.Lines, []string{strconv.Itoa(l.No), l.Name, l.Category, base, l.Rate,
			domain.FormatFen(l.DueFen), paid, l.PaidOn, l.Method, l.Note})
		return nil
	})
	if err != nil {
		return nil, err
	}
	doc.Total = []string{"", "合计", fmt.Sprintf("%d人", totals.Bills), "", "", domain.FormatFen(totals.DueFen),
		domain.FormatFen(totals.PaidFen), "", "", ""}
	doc.Summary = totals.Summary()
	return doc.Render()
}
