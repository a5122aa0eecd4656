package roster

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/i18n"
)

// templateRows is how far down the template's dropdowns and text formats reach.
const templateRows = 20_000

// sheetName is the data sheet's name in the locale; the import reads the first sheet
// whatever its name.
func sheetName(locale string) string {
	if locale == i18n.EN {
		return "Members"
	}
	return "党员名册"
}

// Template writes the roster template: the header in the locale, the example row (skipped
// on import), dropdown lists for the enumerations, text format for dates and numbers (so
// Excel neither turns dates into serial numbers nor ID numbers into 1.10105E+17), and a
// second sheet explaining each column.
func (s *Service) Template(w io.Writer, locale string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(locale)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	example := exampleRow(locale)
	for i, c := range Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		head := styles.header
		if c.Required {
			head = styles.required
		}
		if err := f.SetCellStr(sheet, col+"1", c.Header(locale)); err != nil {
			return err
		}
		f.SetCellStyle(sheet, col+"1", col+"1", head)
		f.SetColWidth(sheet, col, col, c.Width)
		body := fmt.Sprintf("%s2:%s%d", col, col, templateRows)
		if c.Kind == kindDate || c.Kind == kindNumber {
			f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, templateRows), styles.text)
		}
		if len(c.Choices) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = body
			labels := make([]string, len(c.Choices))
			for k := range c.Choices {
				labels[k] = c.Label(c.Choices[k].Code, locale)
			}
			if err := dv.SetDropList(labels); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header(locale), choiceHint(locale))
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
		if err := f.SetCellStr(sheet, col+"2", example[c.Field]); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(Columns))
	f.SetCellStyle(sheet, "A2", last+"2", styles.example)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := writeInstructions(f, locale, styles); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func choiceHint(locale string) string {
	if locale == i18n.EN {
		return "Pick a value from the list."
	}
	return "请从下拉列表中选择。"
}

type styleSet struct{ header, required, text, example, errorRow, wrap int }

func newStyles(f *excelize.File) (*styleSet, error) {
	var s styleSet
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}})
	s.required = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}})
	s.text = mk(&excelize.Style{NumFmt: 49}) // "@": text
	s.example = mk(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Italic: true, Color: "808080"}})
	s.errorRow = mk(&excelize.Style{NumFmt: 49, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFE0E0"}}})
	s.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return &s, err
}

// writeInstructions adds the sheet that explains every column.
func writeInstructions(f *excelize.File, locale string, st *styleSet) error {
	en := locale == i18n.EN
	name := "填写说明"
	head := []string{"列", "是否必填", "说明"}
	if en {
		name, head = "Instructions", []string{"Column", "Required", "Notes"}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for i, h := range head {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(name, cell, h)
	}
	f.SetCellStyle(name, "A1", "C1", st.header)
	f.SetColWidth(name, "A", "A", 18)
	f.SetColWidth(name, "B", "B", 10)
	f.SetColWidth(name, "C", "C", 80)
	yes, no := "是", "否"
	if en {
		yes, no = "yes", "no"
	}
	for i, c := range Columns {
		row := i + 2
		req := no
		if c.Required {
			req = yes
		}
		f.SetCellStr(name, fmt.Sprintf("A%d", row), c.Header(locale))
		f.SetCellStr(name, fmt.Sprintf("B%d", row), req)
		f.SetCellStr(name, fmt.Sprintf("C%d", row), columnNote(&c, locale))
		f.SetCellStyle(name, fmt.Sprintf("C%d", row), fmt.Sprintf("C%d", row), st.wrap)
	}
	general := "第2行是示例（身份证号 " + ExampleIDNumber + " 的行导入时会被跳过），可以删除或覆盖。身份证号相同的党员视为同一人：名册中已有的会被更新，内容相同的不作改动。任何一行有错误时，整个文件都不会导入。"
	if en {
		general = "Row 2 is an example (the row with ID number " + ExampleIDNumber + " is skipped on import); delete or overwrite it. A member is matched by ID number: members already on the roster are updated, identical rows change nothing. If any row has an error, nothing in the file is imported."
	}
	last := len(Columns) + 3
	f.SetCellStr(name, fmt.Sprintf("A%d", last), general)
	f.MergeCell(name, fmt.Sprintf("A%d", last), fmt.Sprintf("C%d", last))
	f.SetCellStyle(name, fmt.Sprintf("A%d", last), fmt.Sprintf("C%d", last), st.wrap)
	f.SetRowHeight(name, last, 60)
	return nil
}

func columnNote(c *Column, locale string) string {
	en := locale == i18n.EN
	switch {
	case len(c.Choices) > 0:
		labels := make([]string, len(c.Choices))
		for i := range c.Choices {
			labels[i] = c.Label(c.Choices[i].Code, locale)
		}
		if en {
			return "One of: " + strings.Join(labels, ", ")
		}
		return "可选：" + strings.Join(labels, "、")
	case c.Kind == kindDate:
		if en {
			return "Date as YYYY-MM-DD, e.g. 2021-07-01"
		}
		return "日期，格式为 年-月-日，如 2021-07-01"
	case c.Field == "id_number":
		if en {
			return "18-character resident ID number; birth date and gender are read from it when left empty"
		}
		return "18位公民身份号码；出生日期、性别不填时按身份证号填写"
	case c.Kind == kindOrg:
		if en {
			return "The branch's code or exact name, within the organisation you import into (may be empty when you import into a branch)"
		}
		return "党支部的组织代码或全称，须在导入的党组织之下（向党支部导入时可不填）"
	case c.Kind == kindGroup:
		if en {
			return "Name of a party group of that branch; empty for none"
		}
		return "该党支部下党小组的名称；不在党小组可不填"
	case c.Field == "phone":
		if en {
			return "11-digit mainland mobile number"
		}
		return "11位手机号码"
	}
	return ""
}
