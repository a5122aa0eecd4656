package domain

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Units of an indicator's quantity.
const (
	UnitCount = "count" // whole occurrences
	UnitHour  = "hour"  // hours, to 0.1
	UnitGrade = "grade" // a review grade (60/70/80/90); points from the grade table
)

// Caps limit the points one subject earns under one indicator per calendar period (nil: no
// cap). Periods are taken from the day the thing happened, in China's calendar; weeks start
// on Monday. For a deduction the caps bound the total deducted.
type Caps struct {
	Day     *Points `json:"day"`
	Week    *Points `json:"week"`
	Month   *Points `json:"month"`
	Quarter *Points `json:"quarter"`
	Year    *Points `json:"year"`
}

// GradeBand maps a grade to the points it earns.
type GradeBand struct {
	Grade  int    `json:"grade"`
	Points Points `json:"points"`
}

// DefaultGrades is the review grade table of seed 001: 60/70/80/90 each worth more
// (configurable per indicator).
var DefaultGrades = []GradeBand{{60, Whole(6)}, {70, Whole(7)}, {80, Whole(8)}, {90, Whole(9)}}

// DefaultAwardRoles are the roles that may award an indicator directly unless it names others.
var DefaultAwardRoles = []string{RoleOrgAdmin, RoleSecretary, RoleCommitteeMember}

// Indicator is one version of an item of a catalogue. Versions of one item share SeriesID
// (the id of its first version) and the code; each is in force on [ValidFrom, ValidTo).
// A version that any claim or entry references is never edited: a change makes a new version.
type Indicator struct {
	ID            int64
	SeriesID      int64
	Version       int
	OrgID         int64 // the organisation that owns it: its subtree inherits it ("1 + X")
	OrgPath       string
	OrgName       string
	Year          int
	Code          string
	Name          string
	Category      string
	SubjectType   string // member | org
	Points        Points // per unit (count, hour); unused for grade units
	Unit          string
	Caps          Caps
	NeedsEvidence bool
	NeedsApproval bool
	Deduction     bool // points are taken away
	Veto          bool // a veto item: caps the star rating of the year
	AppraisalOnly bool // credits the appraisal score only, not the reward balance
	Grades        []GradeBand
	Welfare       bool // the first duty hours of a year earn nothing (rule points.welfare)
	DedupTemplate string
	AwardRoles    []string
	ValidFrom     Date
	ValidTo       Date // zero: open
	CreatedBy     string
	CreatedAt     time.Time
	Inherited     bool // filled for a catalogue view: owned by an ancestor of the viewed org
	Used          bool // filled on read: a claim or entry references this version
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

// Validate checks an indicator's own fields; field names are those of API.md.
func (ind *Indicator) Validate(v *Validation, categories []string) {
	if !codePattern.MatchString(ind.Code) {
		v.Add("code", "err.points.code")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(ind.Name)); n == 0 {
		v.Add("name", "err.required")
	} else if n > 100 {
		v.Add("name", "err.too_long")
	}
	if !slices.Contains(categories, ind.Category) {
		v.Add("category", "err.choice")
	}
	if !ValidSubject(ind.SubjectType) {
		v.Add("subject", "err.choice")
	}
	if ind.Year < 2000 || ind.Year > 2100 {
		v.Add("year", "err.points.year")
	}
	switch ind.Unit {
	case UnitCount, UnitHour:
		if ind.Points <= 0 {
			v.Add("points", "err.points.positive")
		}
	case UnitGrade:
		if len(ind.Grades) == 0 {
			v.Add("grades", "err.required")
		}
		for i, g := range ind.Grades {
			if g.Grade <= 0 || g.Grade > 100 || g.Points < 0 || (i > 0 && g.Grade <= ind.Grades[i-1].Grade) {
				v.Add("grades", "err.points.grades")
			}
		}
	default:
		v.Add("unit", "err.choice")
	}
	if ind.Welfare && ind.Unit != UnitHour {
		v.Add("welfare", "err.points.welfare_unit")
	}
	for _, c := range []*Points{ind.Caps.Day, ind.Caps.Week, ind.Caps.Month, ind.Caps.Quarter, ind.Caps.Year} {
		if c != nil && *c < 0 {
			v.Add("caps", "err.points.positive")
		}
	}
	for _, r := range ind.AwardRoles {
		if !slices.Contains(Roles, r) {
			v.Add("award_roles", "err.choice")
		}
	}
	if len(ind.DedupTemplate) > 200 {
		v.Add("dedup_template", "err.too_long")
	}
	if !ind.ValidFrom.IsZero() && ind.ValidFrom.Time().Year() != ind.Year {
		v.Add("valid_from", "err.points.outside_year")
	}
}

// ValidQuantity reports the problem with a quantity for this indicator's unit, or "".
func (ind *Indicator) ValidQuantity(q Points) string {
	switch {
	case q <= 0:
		return "err.points.positive"
	case ind.Unit == UnitCount && q%10 != 0:
		return "err.points.whole"
	case ind.Unit == UnitGrade && (q%10 != 0 || q > Whole(100)):
		return "err.points.grade"
	case q > Whole(100000):
		return "err.points.too_large"
	}
	return ""
}

// GradePoints returns the points of the highest band not above grade (85 earns the 80 band),
// 0 below the lowest band.
func GradePoints(bands []GradeBand, grade int) Points {
	sorted := slices.Clone(bands)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Grade < sorted[j].Grade })
	var p Points
	for _, b := range sorted {
		if grade >= b.Grade {
			p = b.Points
		}
	}
	return p
}

// Amount returns the signed points a quantity earns before caps. For a welfare indicator,
// hoursBefore are the hours the subject already logged under the item this year and duty the
// hours a year that are owed as duty: only hours beyond the duty earn points (seed 001).
func (ind *Indicator) Amount(qty, hoursBefore, duty Points) Points {
	var p Points
	switch ind.Unit {
	case UnitGrade:
		p = GradePoints(ind.Grades, int(qty/10))
	case UnitHour:
		if ind.Welfare {
			qty = max(0, hoursBefore+qty-duty) - max(0, hoursBefore-duty)
		}
		p = MulQuantity(ind.Points, qty)
	default:
		p = MulQuantity(ind.Points, qty)
	}
	if ind.Deduction {
		return -p
	}
	return p
}

// InForce reports whether the version applies on day d.
func (ind *Indicator) InForce(d Date) bool {
	return !d.Before(ind.ValidFrom) && (ind.ValidTo.IsZero() || d.Before(ind.ValidTo))
}

// CanBeAwardedBy reports whether one of roles may award the indicator directly.
func (ind *Indicator) CanBeAwardedBy(role string) bool {
	roles := ind.AwardRoles
	if len(roles) == 0 {
		roles = DefaultAwardRoles
	}
	return role == RoleAdmin || slices.Contains(roles, role)
}

// DedupFields are the values a de-duplication template may name in braces.
type DedupFields struct {
	Code, SubjectType string
	SubjectID         int64
	On                Date
	Ref               string
}

// ExpandDedup fills a template such as "{code}:{subject}:{week}" so that the same subject
// earns the item at most once per the named period. Unknown names are kept as written.
// An empty template gives "" (no de-duplication beyond an explicit key).
func ExpandDedup(tmpl string, f DedupFields) string {
	if tmpl == "" {
		return ""
	}
	y, w := f.On.Time().ISOWeek()
	r := strings.NewReplacer(
		"{code}", f.Code,
		"{subject_type}", f.SubjectType,
		"{subject}", f.SubjectType+"-"+strconv.FormatInt(f.SubjectID, 10),
		"{date}", f.On.String(),
		"{week}", strconv.Itoa(y)+"-W"+strconv.Itoa(w),
		"{month}", f.On.Time().Format("2006-01"),
		"{quarter}", strconv.Itoa(f.On.Time().Year())+"-Q"+strconv.Itoa((int(f.On.Time().Month())+2)/3),
		"{year}", strconv.Itoa(f.On.Time().Year()),
		"{ref}", f.Ref,
	)
	return r.Replace(tmpl)
}
