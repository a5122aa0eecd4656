// Package pdf renders printable forms in Chinese with an embedded CJK font, so the server
// needs no fonts installed and every instance prints the same.
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"dangjian/internal/domain"
)

//go:embed fonts/DroidSansFallbackFull.ttf
var cjkFont []byte

const family = "droid"

// TransferLetter is the data of a transfer letter (中国共产党党员组织关系介绍信).
type TransferLetter struct {
	LetterNo        string
	Name            string
	Gender          string // male | female
	Age             int
	Ethnicity       string
	Category        string // full | probationary
	IDNumber        string
	FromOrg         string // the issuing organisation
	ToOrg           string // the receiving organisation
	DuesPaidThrough string // YYYY-MM
	ValidDays       int
	IssuedOn        domain.Date
	ExpiresOn       domain.Date
}

// newDoc starts an A4 document with the CJK font. The creation date is fixed to the issue
// day so the same letter renders to the same bytes.
func newDoc(title string, day domain.Date) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(family, "", cjkFont)
	f.SetTitle(title, true)
	f.SetCreator("dangjian", true)
	f.SetCreationDate(day.Time())
	f.SetModificationDate(day.Time())
	f.SetCatalogSort(true) // fonts in a fixed order: the same letter, the same bytes
	f.SetMargins(20, 15, 20)
	f.SetAutoPageBreak(false, 10)
	return f
}

func chineseDate(d domain.Date) string {
	if d.IsZero() {
		return "    年   月   日"
	}
	t := d.Time()
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func chineseMonth(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return "    年   月"
	}
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

func genderText(g string) string {
	if g == "female" {
		return "女"
	}
	return "男"
}

func categoryText(c string) string {
	if c == domain.CategoryProbationary {
		return "预备"
	}
	return "正式"
}

// Render writes the letter's three parts on one A4 page: the stub (存根) kept by the
// issuer, the letter (介绍信) the member carries, and the receipt (回执) the receiver sends
// back, separated by cutting lines.
func (l TransferLetter) Render() ([]byte, error) {
	f := newDoc("中国共产党党员组织关系介绍信 "+l.LetterNo, l.IssuedOn)
	f.AddPage()
	width, _ := f.GetPageSize()
	left, _, right, _ := f.GetMargins()
	w := width - left - right
	cat := categoryText(l.Category)

	page := &writer{f: f, left: left, width: w}
	heading := func(text string) {
		page.line(text, 15, 9, "C")
		page.line("第 "+l.LetterNo+" 号", 10, 5, "R")
	}
	para := func(text string) { page.para(text, 11.5, 7) }
	signature := func(who string, day domain.Date) {
		f.Ln(2)
		page.line(who, 11.5, 7, "R")
		page.line(chineseDate(day), 11.5, 7, "R")
	}
	cut := func(y float64, label string) {
		f.SetDashPattern([]float64{2, 1.5}, 0)
		f.Line(left-8, y, width-right+8, y)
		f.SetDashPattern([]float64{}, 0)
		f.SetXY(left, y-3.5)
		page.line(label, 8, 3, "C")
	}

	// 存根: what the issuer keeps.
	f.SetY(14)
	heading("中国共产党党员组织关系介绍信（存根）")
	para(fmt.Sprintf("    %s同志系中共%s党员，组织关系由%s转到%s。", l.Name, cat, l.FromOrg, l.ToOrg))
	para(fmt.Sprintf("    党费缴到%s。有效期%d天（至%s）。", chineseMonth(l.DuesPaidThrough), l.ValidDays, chineseDate(l.ExpiresOn)))
	signature("", l.IssuedOn)
	cut(88, "（沿此线剪开）")

	// 介绍信: the letter itself.
	f.SetY(93)
	heading("中国共产党党员组织关系介绍信")
	para(l.ToOrg + "：")
	para(fmt.Sprintf("    兹介绍%s同志（性别%s，年龄%d岁，民族%s，中共%s党员，身份证号码%s）的党员组织关系由%s转到你处，请接洽。",
		l.Name, genderText(l.Gender), l.Age, dash(l.Ethnicity), cat, l.IDNumber, l.FromOrg))
	para(fmt.Sprintf("    该同志党费已缴到%s。", chineseMonth(l.DuesPaidThrough)))
	para(fmt.Sprintf("    （有效期%d天，请于%s前报到）", l.ValidDays, chineseDate(l.ExpiresOn)))
	signature(l.FromOrg+"（盖章）", l.IssuedOn)
	cut(198, "（沿此线剪开）")

	// 回执: returned by the receiver; the sender stays responsible until it arrives.
	f.SetY(203)
	heading("中国共产党党员组织关系介绍信回执")
	para(l.FromOrg + "：")
	para(fmt.Sprintf("    %s同志的党员组织关系已转达我处，特此回执。", l.Name))
	signature("接收党组织（盖章）", domain.Date{})

	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dash(s string) string {
	if s == "" {
		return "——"
	}
	return s
}
