package web

import (
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// The indicator form: every field of a catalogue item, read into the service's input.

// indicatorFields are the fields the indicator form shows (problems of others join the
// form's message).
var indicatorFields = []string{"code", "name", "category", "subject", "points", "unit", "caps", "cap_day", "cap_week",
	"cap_month", "cap_quarter", "cap_year", "needs_evidence", "needs_approval", "deduction", "veto", "appraisal_only",
	"welfare", "grades", "dedup_template", "award_roles", "valid_from", "year"}

// capFields are the form fields of the caps per period, in domain.Periods order.
var capFields = []string{"cap_day", "cap_week", "cap_month", "cap_quarter", "cap_year"}

// indicatorValues is a version's fields as the form shows them.
func indicatorValues(ind *domain.Indicator) url.Values {
	v := url.Values{"code": {ind.Code}, "name": {ind.Name}, "category": {ind.Category}, "subject": {ind.SubjectType},
		"points": {ind.Points.String()}, "unit": {ind.Unit}, "dedup_template": {ind.DedupTemplate},
		"year": {strconv.Itoa(ind.Year)}, "org_id": {itoa64(ind.OrgID)}}
	for i, k := range domain.Periods {
		if c := ind.Caps.Get(k); c != nil {
			v.Set(capFields[i], c.String())
		}
	}
	flags := map[string]bool{"needs_evidence": ind.NeedsEvidence, "needs_approval": ind.NeedsApproval, "deduction": ind.Deduction,
		"veto": ind.Veto, "appraisal_only": ind.AppraisalOnly, "welfare": ind.Welfare}
	for k, on := range flags {
		if on {
			v.Set(k, "1")
		}
	}
	v.Set("grades", formatGrades(ind.Grades))
	v["award_roles"] = append([]string{}, ind.AwardRoles...)
	return v
}

// formatGrades writes a grade table as "60:6, 70:7, 80:8, 90:9".
func formatGrades(bands []domain.GradeBand) string {
	parts := make([]string, len(bands))
	for i, b := range bands {
		parts[i] = strconv.Itoa(b.Grade) + ":" + b.Points.String()
	}
	return strings.Join(parts, ", ")
}

// parseGrades reads "60:6, 70:7" (also with "=", full-width colons and commas or spaces).
func parseGrades(s string) ([]domain.GradeBand, bool) {
	s = strings.NewReplacer("：", ":", "，", ",", "=", ":", ";", ",", "；", ",").Replace(s)
	var out []domain.GradeBand
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		g, p, ok := strings.Cut(part, ":")
		if !ok {
			return nil, false
		}
		grade, err := strconv.Atoi(strings.TrimSpace(g))
		if err != nil {
			return nil, false
		}
		pts, err := domain.ParsePoints(p)
		if err != nil {
			return nil, false
		}
		out = append(out, domain.GradeBand{Grade: grade, Points: pts})
	}
	return out, true
}

// indicatorForm is what the form holds, parsed; bad collects malformed numbers by field.
type indicatorForm struct {
	Points domain.Points
	Caps   domain.Caps
	Grades []domain.GradeBand
}

func readIndicatorForm(f *Form) (indicatorForm, map[string]string) {
	bad := map[string]string{}
	var out indicatorForm
	if p := parsePointsField(f, "points", bad); p != nil {
		out.Points = *p
	}
	caps := []**domain.Points{&out.Caps.Day, &out.Caps.Week, &out.Caps.Month, &out.Caps.Quarter, &out.Caps.Year}
	for i, name := range capFields {
		*caps[i] = parsePointsField(f, name, bad)
	}
	if f.Get("unit") == domain.UnitGrade && strings.TrimSpace(f.Get("grades")) != "" {
		g, ok := parseGrades(f.Get("grades"))
		if !ok {
			bad["grades"] = "err.points.grades"
		}
		out.Grades = g
	}
	return out, bad
}

// indicatorInput is a new item from the form.
func indicatorInput(f *Form, p indicatorForm) points.IndicatorInput {
	return points.IndicatorInput{OrgID: queryID(f.Get("org_id")), Year: yearParam(f.Get("year"), 0), Code: f.Get("code"),
		Name: f.Get("name"), Category: f.Get("category"), Subject: f.Get("subject"), Points: p.Points, Unit: f.Get("unit"),
		Caps: p.Caps, NeedsEvidence: f.Get("needs_evidence") != "", NeedsApproval: f.Get("needs_approval") != "",
		Deduction: f.Get("deduction") != "", Veto: f.Get("veto") != "", AppraisalOnly: f.Get("appraisal_only") != "",
		Welfare: f.Get("welfare") != "", Grades: p.Grades, DedupTemplate: f.Get("dedup_template"),
		AwardRoles: nonEmpty(f.Values["award_roles"]), ValidFrom: f.Get("valid_from")}
}

// indicatorChange is a change from the edit form: every field as shown (the service keeps
// what did not change, and starts a new version when the item was used).
func indicatorChange(f *Form, p indicatorForm) points.IndicatorChange {
	in := indicatorInput(f, p)
	roles := in.AwardRoles
	grades := in.Grades
	return points.IndicatorChange{Name: &in.Name, Category: &in.Category, Subject: &in.Subject, Points: &in.Points,
		Unit: &in.Unit, Caps: &in.Caps, NeedsEvidence: &in.NeedsEvidence, NeedsApproval: &in.NeedsApproval,
		Deduction: &in.Deduction, Veto: &in.Veto, AppraisalOnly: &in.AppraisalOnly, Welfare: &in.Welfare,
		Grades: &grades, DedupTemplate: &in.DedupTemplate, AwardRoles: &roles, ValidFrom: in.ValidFrom}
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// categoryOptions are the categories an item may take: the shipped ones, and any other the
// catalogue already uses (an organisation's own category rule).
func categoryOptions(p *Page, items []domain.Indicator, chosen string) []Option {
	var out []Option
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, Option{Value: k, Label: p.CategoryLabel(k)})
		}
	}
	for _, c := range domain.DefaultCategoryRule.Categories {
		add(c.Key)
	}
	for _, ind := range items {
		add(ind.Category)
	}
	add(chosen)
	return out
}
