package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"
)

// The compliance engine answers "did this organisation hold what the rules require?" (三会一课
// and more, RULES.md "Organisational life"). It is pure: the caller loads the rule schedule,
// the organisation with its party groups and the meetings held, and passes today's China
// calendar day (domain.Today(now)); held meeting days must already be China calendar days, so
// a meeting at 23:30 on 31 March Beijing time counts for March and Q1.
//
// Decisions (documented here because they change results):
//   - Only meetings whose minutes were approved by the upper organisation count, unless the
//     rules in force set count_only_approved to false (the default, also when absent, is true).
//   - A period is required only when the organisation (and, for per-group requirements, the
//     group) existed on the period's FIRST day: a branch established on 15 May owes nothing
//     for May, Q2 or that year's yearly requirements, and owes June, Q3 and so on. A period
//     that starts on the establishment day itself is required. Periods that are not required
//     produce no item at all (not "ok"), so roll-ups do not count them.
//   - An organisation or group dissolved on a day owes nothing for a period that has not
//     fully passed before that day (it must exist through the whole period).
//   - The rules in force on the FIRST day of a period decide that period: with branch
//     committee meetings monthly until 30 June and quarterly from 1 July, January–June are
//     judged monthly and Q3, Q4 quarterly; Q1, Q2 are not judged quarterly.
//   - Status: held ≥ required → ok (also before the period ends); otherwise the period is
//     upcoming until its last day inclusive and missing from the day after.

// Compliance period lengths.
const (
	PerMonth   = "month"
	PerQuarter = "quarter"
	PerYear    = "year"
)

// Compliance statuses (API.md).
const (
	ComplianceOK       = "ok"
	ComplianceMissing  = "missing"
	ComplianceUpcoming = "upcoming"
)

// RuleMeetingRequirements is the rule key of ComplianceRules (rules as data, migration 00014).
const RuleMeetingRequirements = "meeting.requirements"

// MeetingRequirement says an organisation of one of OrgTypes must hold at least Min meetings
// of Kind in every Per period (per party group when PerGroup).
type MeetingRequirement struct {
	Kind     string   `json:"kind"`
	Per      string   `json:"per"` // month | quarter | year
	Min      int      `json:"min"`
	OrgTypes []string `json:"org_types"`
	PerGroup bool     `json:"per_group,omitempty"`
	// OnlyWithCommittee: required only of organisations that have a committee (RULES.md: a
	// branch with fewer than 7 full members has a secretary but no committee).
	OnlyWithCommittee bool `json:"only_with_committee,omitempty"`
}

// AppliesTo reports whether the requirement binds an organisation of type t.
func (r MeetingRequirement) AppliesTo(t OrgType) bool { return slices.Contains(r.OrgTypes, string(t)) }

// ComplianceRules are the meeting requirements in force (rule key "meeting.requirements").
type ComplianceRules struct {
	CountOnlyApproved bool                 `json:"count_only_approved"`
	Requirements      []MeetingRequirement `json:"requirements"`
}

// UnmarshalJSON defaults count_only_approved to true when the stored value omits it: a rule
// row written before the flag existed must not start counting unapproved minutes.
func (r *ComplianceRules) UnmarshalJSON(b []byte) error {
	type plain ComplianceRules
	p := plain{CountOnlyApproved: true}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*r = ComplianceRules(p)
	return nil
}

// Validate reports the first malformed requirement, so a bad rule row is refused when saved
// rather than silently ignored when evaluated.
func (r ComplianceRules) Validate() error {
	for i, q := range r.Requirements {
		switch {
		case q.Kind == "":
			return fmt.Errorf("requirement %d: kind missing", i)
		case q.Per != PerMonth && q.Per != PerQuarter && q.Per != PerYear:
			return fmt.Errorf("requirement %d (%s): per %q is not month, quarter or year", i, q.Kind, q.Per)
		case q.Min < 1:
			return fmt.Errorf("requirement %d (%s): min must be at least 1", i, q.Kind)
		}
	}
	return nil
}

// branchTypes are the organisation types that hold branch life by default. General branches
// and committees hold their own meetings under other rules; add them with a rule row.
var branchTypes = []string{string(OrgBranch), string(OrgJointBranch), string(OrgTemporaryBranch)}

// DefaultComplianceRules are the shipped values of RULES.md (2018 branch work regulations).
// Heart-to-heart talks are counted as at least one recorded talk meeting a year; the pairs the
// rule names are not checked here.
var DefaultComplianceRules = ComplianceRules{CountOnlyApproved: true, Requirements: []MeetingRequirement{
	{Kind: "branch_general", Per: PerQuarter, Min: 1, OrgTypes: branchTypes},
	{Kind: "branch_committee", Per: PerMonth, Min: 1, OrgTypes: branchTypes, OnlyWithCommittee: true},
	{Kind: "group", Per: PerMonth, Min: 1, OrgTypes: branchTypes, PerGroup: true},
	{Kind: "lecture", Per: PerQuarter, Min: 1, OrgTypes: branchTypes},
	{Kind: "party_day", Per: PerMonth, Min: 1, OrgTypes: branchTypes},
	{Kind: "org_life", Per: PerYear, Min: 1, OrgTypes: branchTypes},
	{Kind: "appraisal", Per: PerYear, Min: 1, OrgTypes: branchTypes},
	{Kind: "talk", Per: PerYear, Min: 1, OrgTypes: branchTypes},
}}

// ComplianceVersion is one rule value and the day from which it applies.
type ComplianceVersion struct {
	From  Date            `json:"from"`
	Rules ComplianceRules `json:"rules"`
}

// ComplianceSchedule is the rule values over time, oldest first. A version with no
// requirements means nothing is required from its day.
type ComplianceSchedule []ComplianceVersion

// At returns the rules in force on day and false when no version applies yet.
func (s ComplianceSchedule) At(day Date) (ComplianceRules, bool) {
	var r ComplianceRules
	found := false
	for _, v := range s {
		if v.From.After(day) {
			break
		}
		r, found = v.Rules, true
	}
	return r, found
}

// ComplianceGroup is a party group of the organisation.
type ComplianceGroup struct {
	ID            int64
	EstablishedOn Date // zero: always existed
	DissolvedOn   Date // zero: exists
}

// ComplianceOrg is what the engine needs to know about the organisation.
type ComplianceOrg struct {
	ID            int64
	Type          OrgType
	EstablishedOn Date // zero: always existed
	DissolvedOn   Date // zero: exists
	HasCommittee  bool // has an elected committee (binds OnlyWithCommittee requirements)
	Groups        []ComplianceGroup
}

// HeldMeeting is a meeting that took place, on its China calendar day.
type HeldMeeting struct {
	Kind     string
	GroupID  int64 // the party group for group meetings; 0 otherwise
	On       Date
	Approved bool // the upper organisation approved its minutes
}

// ComplianceItem is one requirement for one period (and group), API.md
// GET /orgs/{id}/compliance.
type ComplianceItem struct {
	Kind     string `json:"kind"`
	Period   string `json:"period"` // "2026-03", "2026-Q1" or "2026"
	GroupID  int64  `json:"group_id,omitempty"`
	Required int    `json:"required"`
	Held     int    `json:"held"`
	Status   string `json:"status"`
	StartsOn Date   `json:"starts_on"`
	EndsOn   Date   `json:"ends_on"` // the period's last day
}

// CompliancePeriod is a month, quarter or year.
type CompliancePeriod struct {
	Per   string
	Label string
	Start Date
	End   Date // last day, inclusive
}

// CompliancePeriods lists the periods of a year: 12 months, 4 quarters and the year.
func CompliancePeriods(year int) []CompliancePeriod {
	var ps []CompliancePeriod
	for m := 1; m <= 12; m++ {
		start := NewDate(year, time.Month(m), 1)
		ps = append(ps, CompliancePeriod{PerMonth, fmt.Sprintf("%04d-%02d", year, m), start, start.AddDate(0, 1, -1)})
	}
	for q := 1; q <= 4; q++ {
		start := NewDate(year, time.Month(3*q-2), 1)
		ps = append(ps, CompliancePeriod{PerQuarter, fmt.Sprintf("%04d-Q%d", year, q), start, start.AddDate(0, 3, -1)})
	}
	start := NewDate(year, time.January, 1)
	return append(ps, CompliancePeriod{PerYear, fmt.Sprintf("%04d", year), start, start.AddDate(1, 0, -1)})
}

// existsThrough reports whether something established and dissolved on these days owes the
// period (see the decisions above).
func existsThrough(established, dissolved Date, p CompliancePeriod) bool {
	if !established.IsZero() && established.After(p.Start) {
		return false
	}
	return dissolved.IsZero() || dissolved.After(p.End)
}

// EvaluateCompliance compares what the schedule requires of org in year with the meetings
// held and returns one item per requirement, period (and group) that is required, ordered by
// kind (MeetingKinds first), period start, period length and group.
func EvaluateCompliance(schedule ComplianceSchedule, org ComplianceOrg, year int, held []HeldMeeting, today Date) []ComplianceItem {
	items := []ComplianceItem{}
	for _, p := range CompliancePeriods(year) {
		if !existsThrough(org.EstablishedOn, org.DissolvedOn, p) {
			continue
		}
		rules, ok := schedule.At(p.Start)
		if !ok {
			continue
		}
		for _, req := range rules.Requirements {
			if req.Per != p.Per || !req.AppliesTo(org.Type) || (req.OnlyWithCommittee && !org.HasCommittee) {
				continue
			}
			if !req.PerGroup {
				items = append(items, complianceItem(req, p, 0, countHeld(held, req.Kind, 0, false, rules.CountOnlyApproved, p), today))
				continue
			}
			for _, g := range org.Groups {
				if existsThrough(g.EstablishedOn, g.DissolvedOn, p) {
					items = append(items, complianceItem(req, p, g.ID, countHeld(held, req.Kind, g.ID, true, rules.CountOnlyApproved, p), today))
				}
			}
		}
	}
	sortComplianceItems(items)
	return items
}

func countHeld(held []HeldMeeting, kind string, groupID int64, perGroup, onlyApproved bool, p CompliancePeriod) int {
	n := 0
	for _, m := range held {
		if m.Kind != kind || (perGroup && m.GroupID != groupID) || (onlyApproved && !m.Approved) {
			continue
		}
		if !m.On.Before(p.Start) && !m.On.After(p.End) {
			n++
		}
	}
	return n
}

func complianceItem(req MeetingRequirement, p CompliancePeriod, groupID int64, held int, today Date) ComplianceItem {
	status := ComplianceMissing
	switch {
	case held >= req.Min:
		status = ComplianceOK
	case !today.After(p.End): // the last day of the period still counts
		status = ComplianceUpcoming
	}
	return ComplianceItem{Kind: req.Kind, Period: p.Label, GroupID: groupID, Required: req.Min, Held: held,
		Status: status, StartsOn: p.Start, EndsOn: p.End}
}

func kindRank(kind string) int {
	if i := slices.Index(MeetingKinds, kind); i >= 0 {
		return i
	}
	return len(MeetingKinds)
}

func sortComplianceItems(items []ComplianceItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if ra, rb := kindRank(a.Kind), kindRank(b.Kind); ra != rb {
			return ra < rb
		}
		if a.Kind != b.Kind { // kinds outside MeetingKinds, alphabetically
			return a.Kind < b.Kind
		}
		if !a.StartsOn.Time().Equal(b.StartsOn.Time()) {
			return a.StartsOn.Before(b.StartsOn)
		}
		if !a.EndsOn.Time().Equal(b.EndsOn.Time()) {
			return a.EndsOn.Before(b.EndsOn)
		}
		return a.GroupID < b.GroupID
	})
}

// ComplianceDueSoon returns the items still open (upcoming and not yet satisfied) whose
// period ends within the next `within` days from today (the last day included): whom to
// remind before a period ends.
func ComplianceDueSoon(items []ComplianceItem, today Date, within int) []ComplianceItem {
	var due []ComplianceItem
	limit := today.AddDate(0, 0, within)
	for _, it := range items {
		if it.Status == ComplianceUpcoming && !it.StartsOn.After(today) && !it.EndsOn.After(limit) {
			due = append(due, it)
		}
	}
	return due
}

// OrgCompliance is one organisation's items, the input of RollUpCompliance.
type OrgCompliance struct {
	OrgID int64
	Items []ComplianceItem
}

// ComplianceTally counts organisations per kind and period for a subtree's table and chart.
// An organisation with several groups counts once: missing when any group missed, else
// upcoming when any group is still open, else ok.
type ComplianceTally struct {
	Kind      string  `json:"kind"`
	Period    string  `json:"period"`
	StartsOn  Date    `json:"starts_on"`
	EndsOn    Date    `json:"ends_on"`
	OK        int     `json:"ok"`
	Missing   int     `json:"missing"`
	Upcoming  int     `json:"upcoming"`
	MissingBy []int64 `json:"missing_org_ids"` // which organisations missed it, ascending
}

// RollUpCompliance tallies the organisations' items per kind and period, in the order of
// EvaluateCompliance.
func RollUpCompliance(orgs []OrgCompliance) []ComplianceTally {
	type key struct{ kind, period string }
	worst := map[key]map[int64]string{} // per kind/period: each org's overall status
	first := map[key]ComplianceItem{}
	var order []ComplianceItem
	for _, o := range orgs {
		for _, it := range o.Items {
			k := key{it.Kind, it.Period}
			if worst[k] == nil {
				worst[k] = map[int64]string{}
				first[k] = it
				order = append(order, ComplianceItem{Kind: it.Kind, Period: it.Period, StartsOn: it.StartsOn, EndsOn: it.EndsOn})
			}
			if statusRank(it.Status) > statusRank(worst[k][o.OrgID]) {
				worst[k][o.OrgID] = it.Status
			}
		}
	}
	sortComplianceItems(order)
	tallies := make([]ComplianceTally, 0, len(order))
	for _, it := range order {
		k := key{it.Kind, it.Period}
		t := ComplianceTally{Kind: it.Kind, Period: it.Period, StartsOn: first[k].StartsOn, EndsOn: first[k].EndsOn, MissingBy: []int64{}}
		for id, st := range worst[k] {
			switch st {
			case ComplianceOK:
				t.OK++
			case ComplianceUpcoming:
				t.Upcoming++
			case ComplianceMissing:
				t.Missing++
				t.MissingBy = append(t.MissingBy, id)
			}
		}
		slices.Sort(t.MissingBy)
		tallies = append(tallies, t)
	}
	return tallies
}

// statusRank orders statuses from best to worst; "" (not seen yet) is below all.
func statusRank(s string) int {
	switch s {
	case ComplianceOK:
		return 1
	case ComplianceUpcoming:
		return 2
	case ComplianceMissing:
		return 3
	}
	return 0
}
