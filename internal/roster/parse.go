package roster

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/member"
)

// rowInput is a data row read into member input. Columns missing from the header stay nil
// (an update leaves those fields alone); columns present but empty are "" (cleared).
type rowInput struct {
	num      int
	in       member.Input
	idNumber string            // normalised, for duplicate checks
	orgText  string            // the branch cell, resolved later
	group    *string           // the group cell, resolved later
	problems map[string]string // errField → message key, from reading the cells
	args     map[string][]any  // message arguments by errField
}

func (r *rowInput) problem(field, key string, args ...any) {
	if r.problems == nil {
		r.problems = map[string]string{}
		r.args = map[string][]any{}
	}
	if _, ok := r.problems[field]; !ok {
		r.problems[field] = key
		if len(args) > 0 {
			r.args[field] = args
		}
	}
}

// readRow turns the cells (by Columns index) into input. It checks only what the member
// rules cannot see (unreadable dates, yes/no); everything else is left to member.Service.
func readRow(num int, cells []string, present []bool) *rowInput {
	r := &rowInput{num: num}
	for i := range Columns {
		if !present[i] {
			continue
		}
		c := &Columns[i]
		v := cells[i]
		switch c.Kind {
		case kindDate:
			if d, ok := normalizeDate(v); ok {
				v = d
			} // else left as typed: the member rules report it as a bad date
		case kindChoice:
			if v != "" {
				v, _ = c.code(v) // an unknown value goes through and fails the member rules' choice check
			}
		case kindBool:
			b := false
			switch code, ok := c.code(v); {
			case v == "":
			case ok:
				b = code == "true"
			default:
				switch strings.ToLower(v) {
				case "1", "y", "true", "t", "√", "✓":
					b = true
				case "0", "n", "false", "f", "×":
				default:
					r.problem(c.errField(), "roster.cell.yes_no")
				}
			}
			setBool(&r.in, c.Field, b)
			continue
		case kindOrg:
			r.orgText = v
			continue
		case kindGroup:
			g := v
			r.group = &g
			continue
		}
		if c.Field == "id_number" {
			r.idNumber = normalizeID(v)
			v = r.idNumber
		}
		if c.Field == "standing" && v == "" {
			continue // not given: a new member is "normal", an existing one keeps theirs
		}
		if c.Required && v == "" {
			r.problem(c.errField(), "err.required")
		}
		setText(&r.in, c.Field, v)
	}
	return r
}

func setText(in *member.Input, field, v string) {
	p := &v
	switch field {
	case "name":
		in.Name = p
	case "gender":
		in.Gender = p
	case "ethnicity":
		in.Ethnicity = p
	case "birth_date":
		in.BirthDate = p
	case "id_number":
		in.IDNumber = p
	case "phone":
		in.Phone = p
	case "education":
		in.Education = p
	case "category":
		in.Category = p
	case "standing":
		in.Standing = p
	case "joined_on":
		in.JoinedOn = p
	case "full_member_on":
		in.FullMemberOn = p
	case "job_title":
		in.JobTitle = p
	}
}

func setBool(in *member.Input, field string, b bool) {
	switch field {
	case "floating":
		in.Floating = &b
	case "lost_contact":
		in.LostContact = &b
	}
}

var (
	dateSep     = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	dateCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	dateSerial  = regexp.MustCompile(`^\d{1,5}(\.\d+)?$`)
)

// normalizeDate reads the ways a date arrives from a spreadsheet: YYYY-MM-DD, 2024/7/1,
// 2024.7.1, 2024年7月1日, 20240701, or Excel's day serial number (a cell formatted as a
// date instead of text). ok is false when it is none of them (or empty).
func normalizeDate(v string) (string, bool) {
	if v == "" {
		return "", false
	}
	var y, m, d string
	if p := dateSep.FindStringSubmatch(v); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dateCompact.FindStringSubmatch(v); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if dateSerial.MatchString(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return "", false
		}
		return t.Format(time.DateOnly), true
	} else {
		return "", false
	}
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	out := y + "-" + pad2(mi) + "-" + pad2(di)
	if _, err := time.Parse(time.DateOnly, out); err != nil {
		return "", false
	}
	return out, true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
