package study

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
)

// templateHeaderEN is the import template's header in English; the import reads either.
var templateHeaderEN = []string{"kind", "stem", "option A", "option B", "option C", "option D", "option E", "option F", "answer", "tags"}

// templateRows is how far down the template's kind dropdown reaches (the import's limit).
const templateRows = maxImportRows + 1

// QuestionTemplate writes the question import template in the locale: an empty first sheet
// with the header row (the import reads the first sheet) and a dropdown of the kinds, and a
// second sheet with the rules and an example of each kind (kept off the first sheet so that
// an example left in place is not imported).
func (s *Service) QuestionTemplate(w io.Writer, cat *i18n.Catalog, locale string) error {
	t := func(key string, args ...any) string { return cat.T(locale, key, args...) }
	header, kinds := TemplateHeader, []string{"单选", "多选", "判断"}
	examples := [][]string{
		{"单选", "党的最高领导机关是？", "党的全国代表大会和它所产生的中央委员会", "党的中央纪律检查委员会", "", "", "", "", "A", "党章,基础"},
		{"多选", "“三会一课”包括哪些？", "支部党员大会", "支部委员会", "党小组会", "茶话会", "", "", "ABC", "组织生活"},
		{"判断", "预备党员的预备期为一年。", "", "", "", "", "", "", "对", "党章"},
	}
	if locale == i18n.EN {
		header, kinds = templateHeaderEN, []string{"single", "multiple", "true_false"}
		examples = [][]string{
			{"single", "The highest leading body of the Party is?", "The National Congress and the Central Committee it elects", "The Central Commission for Discipline Inspection", "", "", "", "", "A", "constitution,basics"},
			{"multiple", "Which meetings make up “three meetings and one lesson”?", "Branch general meeting", "Branch committee meeting", "Party group meeting", "Tea party", "", "", "ABC", "org life"},
			{"true_false", "The probation of a probationary member lasts one year.", "", "", "", "", "", "", "true", "constitution"},
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet, help := t("study.xlsx.template.sheet"), t("study.xlsx.template.help_sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FDE9E7"}}})
	if err != nil {
		return err
	}
	if err := writeRow(f, sheet, 1, header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	f.SetCellStyle(sheet, "A1", last+"1", bold)
	f.SetColWidth(sheet, "A", "A", 10)
	f.SetColWidth(sheet, "B", "B", 48)
	f.SetColWidth(sheet, "C", "H", 22)
	f.SetColWidth(sheet, "I", "J", 14)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "A2:A" + itoa(templateRows)
	if err := dv.SetDropList(kinds); err != nil {
		return err
	}
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	// Text format, so that an answer or option typed as a number stays as typed.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return err
	}
	f.SetCellStyle(sheet, "A1", last+"1", bold)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}

	row := 1
	for _, key := range []string{"study.xlsx.template.rule_sheet", "study.xlsx.template.rule_kind", "study.xlsx.template.rule_options",
		"study.xlsx.template.rule_answer", "study.xlsx.template.rule_tags", "study.xlsx.template.rule_all"} {
		if err := f.SetCellStr(help, "A"+itoa(row), t(key, maxImportRows)); err != nil {
			return err
		}
		row++
	}
	row++
	f.SetCellStr(help, "A"+itoa(row), t("study.xlsx.template.examples"))
	f.SetCellStyle(help, "A"+itoa(row), "A"+itoa(row), bold)
	row++
	if err := writeRow(f, help, row, header); err != nil {
		return err
	}
	f.SetCellStyle(help, "A"+itoa(row), last+itoa(row), bold)
	for _, ex := range examples {
		row++
		if err := writeRow(f, help, row, ex); err != nil {
			return err
		}
	}
	f.SetColWidth(help, "A", "A", 14)
	f.SetColWidth(help, "B", "B", 48)
	f.SetActiveSheet(0)
	return f.Write(w)
}

// CompletionXLSX writes a course's completion under orgID (see CourseCompletion) as .xlsx in
// the locale: one row per member (name, organisation, required or optional, effective
// seconds, completed or not, when, last studied; times in Beijing time), and a second sheet
// with the rates per organisation and the total.
// Who and errors: as CourseCompletion.
func (s *Service) CompletionXLSX(ctx context.Context, a *auth.Actor, courseID, orgID int64, cat *i18n.Catalog, locale string, w io.Writer) error {
	c, err := s.CourseCompletion(ctx, a, courseID, orgID)
	if err != nil {
		return err
	}
	t := func(key string, args ...any) string { return cat.T(locale, key, args...) }
	f := excelize.NewFile()
	defer f.Close()
	sheet, ratesSheet := t("study.xlsx.completion.sheet"), t("study.xlsx.completion.rates_sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(ratesSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	percent, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		return err
	}
	when := func(tm *time.Time) string {
		if tm == nil {
			return ""
		}
		return tm.In(domain.Shanghai).Format("2006-01-02 15:04")
	}
	header := []string{t("study.xlsx.completion.name"), t("study.xlsx.completion.org"), t("study.xlsx.completion.requirement"),
		t("study.xlsx.completion.seconds"), t("study.xlsx.completion.status"), t("study.xlsx.completion.completed_at"),
		t("study.xlsx.completion.last_beat_at")}
	if err := writeRow(f, sheet, 1, header); err != nil {
		return err
	}
	f.SetCellStyle(sheet, "A1", "G1", bold)
	for i, m := range c.Members {
		r := itoa(i + 2)
		req, status := t("study.xlsx.completion.optional"), t("study.xlsx.completion.not_completed")
		if m.Required {
			req = t("study.xlsx.completion.required")
		}
		if m.CompletedAt != nil {
			status = t("study.xlsx.completion.completed")
		}
		f.SetCellStr(sheet, "A"+r, m.Name)
		f.SetCellStr(sheet, "B"+r, m.OrgName)
		f.SetCellStr(sheet, "C"+r, req)
		f.SetCellInt(sheet, "D"+r, int64(m.Seconds))
		f.SetCellStr(sheet, "E"+r, status)
		f.SetCellStr(sheet, "F"+r, when(m.CompletedAt))
		f.SetCellStr(sheet, "G"+r, when(m.LastBeatAt))
	}
	f.SetColWidth(sheet, "A", "A", 12)
	f.SetColWidth(sheet, "B", "B", 28)
	f.SetColWidth(sheet, "C", "E", 14)
	f.SetColWidth(sheet, "F", "G", 18)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}

	if err := writeRow(f, ratesSheet, 1, []string{t("study.xlsx.completion.org"), t("study.xlsx.completion.expected"),
		t("study.xlsx.completion.completed_count"), t("study.xlsx.completion.rate")}); err != nil {
		return err
	}
	f.SetCellStyle(ratesSheet, "A1", "D1", bold)
	rows := append(append([]OrgRate{}, c.Rates.Items...), c.Rates.Total)
	for i, it := range rows {
		r := itoa(i + 2)
		name := it.OrgName
		if i == len(rows)-1 {
			name = t("study.xlsx.completion.total", c.Org.Name)
			f.SetCellStyle(ratesSheet, "A"+r, "C"+r, bold)
		}
		f.SetCellStr(ratesSheet, "A"+r, name)
		f.SetCellInt(ratesSheet, "B"+r, int64(it.Expected))
		f.SetCellInt(ratesSheet, "C"+r, int64(it.Completed))
		f.SetCellFloat(ratesSheet, "D"+r, it.Rate, 4, 64)
		f.SetCellStyle(ratesSheet, "D"+r, "D"+r, percent)
	}
	f.SetColWidth(ratesSheet, "A", "A", 32)
	f.SetColWidth(ratesSheet, "B", "D", 12)
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeRow(f *excelize.File, sheet string, row int, values []string) error {
	for i, v := range values {
		cell, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			return err
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
