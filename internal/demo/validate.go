package demo

import (
	"fmt"
	"unicode/utf8"

	"dangjian/internal/domain"
)

// The bulk path skips the services for speed, so every row it writes passes these checks
// first: the same domain validators and limits as org.Service and member.Service apply
// (a test also pushes generated rows through the services themselves, so the two agree).

// checkOrg validates an organisation under parent (nil for a root).
func checkOrg(o, parent *orgPlan, today domain.Date) error {
	v := &domain.Validation{}
	if o.Name == "" {
		v.Add("name", "err.required")
	} else if utf8.RuneCountInString(o.Name) > 100 {
		v.Add("name", "err.too_long")
	}
	if !o.Type.Valid() {
		v.Add("type", "err.org.type")
	}
	if parent != nil && !o.Type.CanParent(parent.Type) {
		v.Add("parent_id", "err.org.parent_type")
	}
	if utf8.RuneCountInString(o.Code) > 32 {
		v.Add("code", "err.too_long")
	}
	if utf8.RuneCountInString(o.UnitName) > 200 {
		v.Add("unit_name", "err.too_long")
	}
	if o.UnitCreditCode != "" {
		if key := domain.CheckCreditCode(o.UnitCreditCode); key != "" {
			v.Add("unit_credit_code", key)
		}
	}
	if o.EstablishedOn.After(today) {
		v.Add("established_on", "err.date_future")
	}
	if !o.TermStartedOn.IsZero() && !o.TermEndsOn.IsZero() && !o.TermEndsOn.After(o.TermStartedOn) {
		v.Add("term_ends_on", "err.org.term_order")
	}
	if o.DemonstrationLevel != "" && !domain.Contains(domain.DemonstrationLevels, o.DemonstrationLevel) {
		v.Add("demonstration_level", "err.org.demonstration_level")
	}
	return describe("org "+o.Name, v.Err())
}

// checkMember validates a member of branch.
func checkMember(p *person, branch *orgPlan, today domain.Date) error {
	v := &domain.Validation{}
	text := func(field, s string, max int, required bool) {
		switch {
		case required && s == "":
			v.Add(field, "err.required")
		case utf8.RuneCountInString(s) > max:
			v.Add(field, "err.too_long")
		}
	}
	choice := func(field, s string, options []string, required bool) {
		if (s != "" || required) && !domain.Contains(options, s) {
			v.Add(field, "err.choice")
		}
	}
	text("name", p.Name, 50, true)
	text("ethnicity", p.Ethnicity, 20, false)
	text("job_title", p.JobTitle, 100, false)
	choice("gender", p.Gender, domain.Genders, false)
	choice("education", p.Education, domain.Educations, false)
	choice("category", p.Category, domain.Categories, true)
	choice("standing", p.Standing, domain.Standings, true)
	info, problem := domain.ParseIDNumber(p.IDNumber, today)
	switch {
	case problem != "":
		v.Add("id_number", problem)
	case info.Birth != p.BirthDate:
		v.Add("birth_date", "err.member.birth_date_mismatch")
	case info.Female != (p.Gender == "female"):
		v.Add("gender", "err.member.gender_mismatch")
	}
	if p.Phone != "" {
		if problem := domain.CheckPhone(p.Phone); problem != "" {
			v.Add("phone", problem)
		}
	}
	if p.JoinedOn.IsZero() {
		v.Add("joined_on", "err.required")
	} else if p.BirthDate.YearsSince(p.JoinedOn) < 18 {
		v.Add("joined_on", "err.member.joined_under_18")
	} else if p.JoinedOn.After(today) {
		v.Add("joined_on", "err.date_future")
	}
	if p.Category == domain.CategoryFull && !p.FullMemberOn.IsZero() {
		if p.FullMemberOn.Before(p.JoinedOn) {
			v.Add("full_member_on", "err.member.full_before_joined")
		} else if p.FullMemberOn.After(today) {
			v.Add("full_member_on", "err.date_future")
		}
	}
	if p.Category == domain.CategoryProbationary && !p.FullMemberOn.IsZero() {
		v.Add("full_member_on", "err.member.probationary_full_date")
	}
	for _, pos := range p.Positions {
		if !domain.Contains(domain.Positions, pos) {
			v.Add("positions", "err.choice")
		}
	}
	if !branch.Type.IsBranch() {
		v.Add("org_id", "err.member.org_not_branch")
	}
	if p.group != nil && (p.group.Type != domain.OrgGroup || p.group.ParentID != branch.ID) {
		v.Add("group_id", "err.member.group_not_in_org")
	}
	return describe("member "+p.Name, v.Err())
}

func describe(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("demo: generated %s is invalid: %w", what, err)
}
