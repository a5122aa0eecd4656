package pdf

import (
	"bytes"
	"fmt"
	"strconv"

	"dangjian/internal/domain"
)

// FundReport is the printable yearly report of a party-fund pool (党建经费收支情况公示).
type FundReport struct {
	OrgName     string
	Year        int
	OpeningFen  int64
	IncomeFen   int64
	SpendingFen int64
	ClosingFen  int64
	Income      []FundLine // by source
	Spending    []FundLine // by purpose
	Months      []domain.FundMonth
	ToRemitFen  int64
	ToRemitN    int
	Published   bool
	PublishedOn domain.Date
	PublishedBy string
	PrintedOn   domain.Date
}

// FundLine is one source or purpose with its name as printed.
type FundLine struct {
	Name      string
	AmountFen int64
	Count     int
}

// Yuan writes fen as yuan with two decimals and thousands separators: 1234567 → "12,345.67".
func Yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b []byte
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	s := fmt.Sprintf("%s.%02d", b, fen%100)
	if neg {
		s = "-" + s
	}
	return s
}

// table draws rows of cells with borders: widths in mm, aligns "L"/"C"/"R" per column; the
// first row is the header (shaded).
func (p *writer) table(widths []float64, aligns []string, rows [][]string, size, height float64) {
	f := p.f
	for r, row := range rows {
		if f.GetY()+height > 285 {
			f.AddPage()
		}
		y := f.GetY()
		x := p.left
		for c, text := range row {
			w := widths[c]
			if r == 0 {
				f.SetFillColor(238, 238, 238)
				f.Rect(x, y, w, height, "FD")
			} else {
				f.Rect(x, y, w, height, "D")
			}
			runs := p.runs(text, size)
			total := 0.0
			for _, rn := range runs {
				total += rn.width
			}
			tx := x + 1.5
			switch aligns[c] {
			case "C":
				tx = x + (w-total)/2
			case "R":
				tx = x + w - total - 1.5
			}
			f.SetXY(tx, y)
			p.draw(runs, size, height)
			x += w
		}
		f.SetXY(p.left, y+height)
	}
}

// Render writes the report on A4: the summary (carried forward, income, spending, balance),
// income by source, spending by purpose, the month-by-month table, and who published it.
func (r FundReport) Render() ([]byte, error) {
	day := r.PrintedOn
	if r.Published && !r.PublishedOn.IsZero() {
		day = r.PublishedOn
	}
	title := fmt.Sprintf("%s%d年度党建经费收支情况", r.OrgName, r.Year)
	f := newDoc(title, day)
	f.SetAutoPageBreak(false, 12)
	f.AddPage()
	width, _ := f.GetPageSize()
	left, _, right, _ := f.GetMargins()
	w := width - left - right
	p := &writer{f: f, left: left, width: w}

	f.SetY(18)
	p.line(r.OrgName, 13, 8, "C")
	p.line(fmt.Sprintf("%d年度党建经费（蓄水池）收支情况公示", r.Year), 15, 10, "C")
	p.line("单位：元", 9, 6, "R")
	half := []float64{w / 4, w / 4, w / 4, w / 4}
	p.table(half, []string{"C", "C", "C", "C"}, [][]string{
		{"上年结转", "本年收入", "本年支出", "年末结余"},
		{Yuan(r.OpeningFen), Yuan(r.IncomeFen), Yuan(r.SpendingFen), Yuan(r.ClosingFen)},
	}, 10.5, 8)
	f.Ln(4)

	lines := func(heading string, list []FundLine, total int64) {
		p.line(heading, 12, 8, "L")
		rows := [][]string{{"项目", "笔数", "金额", "占比"}}
		for _, l := range list {
			rows = append(rows, []string{l.Name, strconv.Itoa(l.Count), Yuan(l.AmountFen), percent(l.AmountFen, total)})
		}
		if len(list) == 0 {
			rows = append(rows, []string{"（无）", "", "", ""})
		}
		rows = append(rows, []string{"合计", "", Yuan(total), ""})
		p.table([]float64{w * 0.46, w * 0.14, w * 0.24, w * 0.16}, []string{"L", "R", "R", "R"}, rows, 10, 7)
		f.Ln(4)
	}
	lines("一、收入（按来源）", r.Income, r.IncomeFen)
	lines("二、支出（按用途）", r.Spending, r.SpendingFen)

	p.line("三、逐月收支与结余", 12, 8, "L")
	rows := [][]string{{"月份", "收入", "支出", "月末结余"}}
	for _, m := range r.Months {
		rows = append(rows, []string{m.Month, Yuan(m.IncomeFen), Yuan(m.SpendingFen), Yuan(m.BalanceFen)})
	}
	p.table(half, []string{"C", "R", "R", "R"}, rows, 9.5, 6.2)
	f.Ln(4)

	if r.ToRemitN > 0 {
		p.para(fmt.Sprintf("注：单笔1000元以上自愿多交党费%d笔共%s元，按规定全额上缴，尚待上缴。", r.ToRemitN, Yuan(r.ToRemitFen)), 10, 6)
	}
	if r.Published {
		p.para(fmt.Sprintf("公示人：%s    公示日期：%s", r.PublishedBy, chineseDate(r.PublishedOn)), 10, 6)
	} else {
		p.para(fmt.Sprintf("（未公示草稿，打印日期：%s）", chineseDate(r.PrintedOn)), 10, 6)
	}
	f.Ln(6)
	p.line(r.OrgName+"（盖章）", 11, 7, "R")

	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// percent is part of total as a percentage with one decimal ("—" without a total).
func percent(part, total int64) string {
	if total <= 0 {
		return "—"
	}
	tenths := (part*1000 + total/2) / total
	return fmt.Sprintf("%d.%d%%", tenths/10, abs(tenths%10))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
