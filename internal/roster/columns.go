// Package roster imports the member roster from spreadsheets (.xlsx and .csv) and exports
// it to .xlsx. Rows are checked by the member service's own rules; imports and large
// exports run as background jobs (internal/jobs).
package roster

import (
	"strings"
	"unicode"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
)

// Column kinds decide how a cell is read and how the template formats it.
const (
	kindText   = "text"
	kindDate   = "date"   // YYYY-MM-DD, formatted as text in the template
	kindNumber = "number" // ID number, phone: text, so Excel keeps every digit
	kindChoice = "choice" // one of the choices' labels (either language) or codes
	kindBool   = "bool"   // 是/否, Yes/No
	kindOrg    = "org"
	kindGroup  = "group"
)

// Column is one column of the roster spreadsheet. The header set is data: the template
// writes ZH or EN, and an import recognises either language, the field key, or an alias.
type Column struct {
	Field    string // the member field (as in API.md; "org" and "group" name the branch and group)
	ZH, EN   string
	Aliases  []string // other headers people use for this column
	Required bool     // must be present in the header and filled in each row
	Kind     string
	Choices  []Choice
	Width    float64
	ErrField string // the member service's field key, when it differs from Field
}

// Choice is one allowed value of an enumerated column.
type Choice struct{ Code, ZH, EN string }

var yesNo = []Choice{{"true", "是", "Yes"}, {"false", "否", "No"}}

// Columns is the roster layout, in template order.
var Columns = []Column{
	{Field: "name", ZH: "姓名", EN: "Name", Required: true, Kind: kindText, Width: 12},
	{Field: "gender", ZH: "性别", EN: "Gender", Kind: kindChoice, Width: 8,
		Choices: []Choice{{"male", "男", "Male"}, {"female", "女", "Female"}}},
	{Field: "ethnicity", ZH: "民族", EN: "Ethnicity", Kind: kindText, Width: 10},
	{Field: "birth_date", ZH: "出生日期", EN: "Birth date", Kind: kindDate, Width: 13},
	{Field: "id_number", ZH: "公民身份号码", EN: "ID number", Aliases: []string{"身份证号", "身份证号码", "身份证"},
		Required: true, Kind: kindNumber, Width: 22},
	{Field: "phone", ZH: "手机号码", EN: "Mobile phone", Aliases: []string{"手机号", "手机", "联系电话", "phone"},
		Kind: kindNumber, Width: 14},
	{Field: "education", ZH: "学历", EN: "Education", Kind: kindChoice, Width: 12, Choices: []Choice{
		{"primary", "小学", "Primary school"}, {"junior_high", "初中", "Junior high school"},
		{"senior_high", "高中", "Senior high school"}, {"secondary_vocational", "中专", "Secondary vocational"},
		{"junior_college", "大专", "Junior college"}, {"bachelor", "大学本科", "Bachelor"},
		{"master", "硕士研究生", "Master"}, {"doctor", "博士研究生", "Doctorate"}}},
	{Field: "org", ZH: "所在党支部", EN: "Party branch", Aliases: []string{"所在支部", "党支部", "所在党组织", "branch", "org_id"},
		Kind: kindOrg, Width: 20, ErrField: "org_id"},
	{Field: "group", ZH: "党小组", EN: "Party group", Aliases: []string{"所在党小组", "group_id"}, Kind: kindGroup, Width: 14,
		ErrField: "group_id"},
	{Field: "category", ZH: "党员类别", EN: "Category", Aliases: []string{"人员类别"}, Required: true, Kind: kindChoice,
		Width: 12, Choices: []Choice{{"full", "正式党员", "Full member"}, {"probationary", "预备党员", "Probationary member"}}},
	{Field: "standing", ZH: "党籍状态", EN: "Standing", Kind: kindChoice, Width: 12, Choices: []Choice{
		{"normal", "正常", "Normal"}, {"suspended", "停止党籍", "Suspended"}, {"retained", "保留党籍", "Retained"},
		{"expelled", "已出党", "Expelled"}}},
	{Field: "joined_on", ZH: "入党日期", EN: "Joined on", Aliases: []string{"入党时间"}, Required: true, Kind: kindDate, Width: 13},
	{Field: "full_member_on", ZH: "转正日期", EN: "Full member on", Aliases: []string{"转正时间"}, Kind: kindDate, Width: 13},
	{Field: "floating", ZH: "流动党员", EN: "Floating", Aliases: []string{"是否流动党员"}, Kind: kindBool, Width: 10, Choices: yesNo},
	{Field: "lost_contact", ZH: "失联党员", EN: "Lost contact", Aliases: []string{"是否失联党员", "失联"}, Kind: kindBool,
		Width: 10, Choices: yesNo},
	{Field: "job_title", ZH: "工作单位及职务", EN: "Job title", Aliases: []string{"职务", "工作岗位", "岗位"}, Kind: kindText, Width: 20},
}

// Header is a column's header in the locale.
func (c *Column) Header(locale string) string {
	if locale == i18n.EN {
		return c.EN
	}
	return c.ZH
}

// Label is the locale's label of a choice code ("" stays "").
func (c *Column) Label(code, locale string) string {
	for _, ch := range c.Choices {
		if ch.Code == code {
			if locale == i18n.EN {
				return ch.EN
			}
			return ch.ZH
		}
	}
	return code
}

// code maps a cell to a choice code: a label in either language or the code itself, with
// case and spaces ignored. ok is false for a value that is none of them.
func (c *Column) code(cell string) (string, bool) {
	k := normalizeHeader(cell)
	for _, ch := range c.Choices {
		if k == normalizeHeader(ch.Code) || k == normalizeHeader(ch.ZH) || k == normalizeHeader(ch.EN) {
			return ch.Code, true
		}
	}
	return cell, false
}

func (c *Column) errField() string {
	if c.ErrField != "" {
		return c.ErrField
	}
	return c.Field
}

// normalizeHeader folds a header for matching: no spaces, no required marks, lower case,
// full-width forms as half-width.
func normalizeHeader(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\ufeff' || unicode.IsSpace(r) || r == '*' || r == '＊' || r == '_' || r == '-':
			continue
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	out := b.String()
	for _, suffix := range []string{"(必填)", "(required)"} {
		out = strings.TrimSuffix(out, suffix)
	}
	return out
}

var headerIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range Columns {
		for _, h := range append([]string{c.Field, c.ZH, c.EN}, c.Aliases...) {
			m[normalizeHeader(h)] = i
		}
	}
	return m
}()

// columnFor returns the index in Columns of a header cell, or -1.
func columnFor(header string) int {
	if i, ok := headerIndex[normalizeHeader(header)]; ok {
		return i
	}
	return -1
}

// ExampleIDNumber is the ID number of the template's example row. A row with it is skipped
// on import, so a user who leaves the example in does not import a "张三".
var ExampleIDNumber = func() string {
	first17 := "11010519900307003"
	return first17 + string(domain.IDNumberCheckChar(first17))
}()

// exampleRow is the template's example, by field, in the locale's labels.
func exampleRow(locale string) map[string]string {
	zh := locale != i18n.EN
	pick := func(a, b string) string {
		if zh {
			return a
		}
		return b
	}
	return map[string]string{"name": pick("张三（示例）", "Zhang San (example)"), "gender": pick("男", "Male"),
		"ethnicity": pick("汉族", "Han"), "birth_date": "1990-03-07", "id_number": ExampleIDNumber,
		"phone": "13800138000", "education": pick("大学本科", "Bachelor"), "org": pick("第一党支部", "First Branch"),
		"group": "", "category": pick("正式党员", "Full member"), "standing": pick("正常", "Normal"),
		"joined_on": "2015-07-01", "full_member_on": "2016-07-01", "floating": pick("否", "No"),
		"lost_contact": pick("否", "No"), "job_title": pick("某某公司 职员", "Clerk, Example Ltd")}
}
