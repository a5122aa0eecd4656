package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var defaultSchedule = ComplianceSchedule{{From: day("1990-01-01"), Rules: DefaultComplianceRules}}

// branchWithGroups is a branch with a committee and two party groups, all long established.
func branchWithGroups() ComplianceOrg {
	return ComplianceOrg{ID: 1, Type: OrgBranch, EstablishedOn: day("2000-01-01"), HasCommittee: true,
		Groups: []ComplianceGroup{{ID: 7}, {ID: 8, EstablishedOn: day("2000-01-01")}}}
}

// find returns the item of kind, period and group, and whether there is one.
func find(items []ComplianceItem, kind, period string, group int64) (ComplianceItem, bool) {
	for _, it := range items {
		if it.Kind == kind && it.Period == period && it.GroupID == group {
			return it, true
		}
	}
	return ComplianceItem{}, false
}

func periodsOf(items []ComplianceItem, kind string) []string {
	var ps []string
	for _, it := range items {
		if it.Kind == kind && it.GroupID <= 7 {
			ps = append(ps, it.Period)
		}
	}
	return ps
}

// For every kind and every one of its periods in a leap year, a meeting on the period's
// first or last day counts for that period and no other; one a day outside the year counts
// for none. This crosses every month end (31 Jan / 1 Feb, 29 Feb / 1 Mar …), quarter end
// (31 Mar / 1 Apr …) and the year end.
func TestComplianceEveryKindAndPeriodBoundary(t *testing.T) {
	org := branchWithGroups()
	today := day("2025-06-01") // every period of 2024 has ended
	for _, req := range DefaultComplianceRules.Requirements {
		group := int64(0)
		if req.PerGroup {
			group = 7
		}
		for _, p := range CompliancePeriods(2024) {
			if p.Per != req.Per {
				continue
			}
			for _, on := range []Date{p.Start, p.End} {
				items := EvaluateCompliance(defaultSchedule, org, 2024, []HeldMeeting{{Kind: req.Kind, GroupID: group, On: on, Approved: true}}, today)
				n := 0
				for _, it := range items {
					if it.Kind != req.Kind || it.GroupID != group {
						continue
					}
					n++
					want := ComplianceMissing
					if it.Period == p.Label {
						want = ComplianceOK
					}
					if it.Status != want {
						t.Errorf("%s held %s: %s is %s, want %s", req.Kind, on, it.Period, it.Status, want)
					}
				}
				if want := map[string]int{PerMonth: 12, PerQuarter: 4, PerYear: 1}[req.Per]; n != want {
					t.Errorf("%s: %d items, want %d", req.Kind, n, want)
				}
			}
		}
		outside := []HeldMeeting{{Kind: req.Kind, GroupID: group, On: day("2023-12-31"), Approved: true},
			{Kind: req.Kind, GroupID: group, On: day("2025-01-01"), Approved: true}}
		for _, it := range EvaluateCompliance(defaultSchedule, org, 2024, outside, today) {
			if it.Kind == req.Kind && it.Held != 0 {
				t.Errorf("%s: a meeting outside 2024 counted for %s", req.Kind, it.Period)
			}
		}
	}
}

func TestComplianceLeapDayAndMonthEdges(t *testing.T) {
	held := []HeldMeeting{
		{Kind: "branch_committee", On: day("2024-01-31"), Approved: true},
		{Kind: "branch_committee", On: day("2024-02-29"), Approved: true},
		{Kind: "branch_committee", On: day("2024-04-01"), Approved: true},
	}
	items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2024, held, day("2025-01-01"))
	for period, want := range map[string]string{"2024-01": "ok", "2024-02": "ok", "2024-03": "missing", "2024-04": "ok", "2024-05": "missing"} {
		if it, _ := find(items, "branch_committee", period, 0); it.Status != want {
			t.Errorf("%s: %+v, want %s", period, it, want)
		}
	}
	if it, _ := find(items, "branch_committee", "2024-02", 0); it.EndsOn != day("2024-02-29") {
		t.Errorf("February 2024 ends %s", it.EndsOn)
	}
	if it, _ := find(EvaluateCompliance(defaultSchedule, branchWithGroups(), 2023, nil, day("2025-01-01")), "party_day", "2023-02", 0); it.EndsOn != day("2023-02-28") {
		t.Errorf("February 2023 ends %s", it.EndsOn)
	}
}

// A period is upcoming through its last day and missing from the next one; a satisfied
// period is ok before it ends.
func TestComplianceUpcomingUntilTheLastDay(t *testing.T) {
	cases := []struct {
		today, kind, period, want string
	}{
		{"2026-01-31", "party_day", "2026-01", ComplianceUpcoming},
		{"2026-02-01", "party_day", "2026-01", ComplianceMissing},
		{"2026-02-01", "party_day", "2026-02", ComplianceUpcoming},
		{"2026-02-01", "party_day", "2026-12", ComplianceUpcoming}, // not started yet
		{"2026-03-31", "branch_general", "2026-Q1", ComplianceUpcoming},
		{"2026-04-01", "branch_general", "2026-Q1", ComplianceMissing},
		{"2026-04-01", "branch_general", "2026-Q2", ComplianceUpcoming},
		{"2026-12-31", "org_life", "2026", ComplianceUpcoming},
		{"2027-01-01", "org_life", "2026", ComplianceMissing},
		{"2026-03-01", "lecture", "2026-Q1", ComplianceOK}, // held on 2 February
		{"2026-01-15", "appraisal", "2026", ComplianceOK},  // held on 10 January, year not over
	}
	held := []HeldMeeting{{Kind: "lecture", On: day("2026-02-02"), Approved: true}, {Kind: "appraisal", On: day("2026-01-10"), Approved: true}}
	for _, c := range cases {
		items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2026, held, day(c.today))
		if it, ok := find(items, c.kind, c.period, 0); !ok || it.Status != c.want {
			t.Errorf("today %s %s %s: %+v (found %v), want %s", c.today, c.kind, c.period, it, ok, c.want)
		}
	}
}

func TestComplianceCountsApprovedMinutesAndEveryMeeting(t *testing.T) {
	held := []HeldMeeting{
		{Kind: "party_day", On: day("2026-05-10"), Approved: false},
		{Kind: "lecture", On: day("2026-04-02"), Approved: true},
		{Kind: "lecture", On: day("2026-05-02"), Approved: true},
		{Kind: "lecture", On: day("2026-06-30"), Approved: true},
		{Kind: "lecture", On: day("2026-06-30"), Approved: false},
	}
	items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2026, held, day("2026-07-01"))
	if it, _ := find(items, "party_day", "2026-05", 0); it.Held != 0 || it.Status != ComplianceMissing {
		t.Errorf("unapproved minutes counted: %+v", it)
	}
	if it, _ := find(items, "lecture", "2026-Q2", 0); it.Held != 3 || it.Required != 1 || it.Status != ComplianceOK {
		t.Errorf("several lectures in Q2: %+v", it)
	}
	all := DefaultComplianceRules
	all.CountOnlyApproved = false
	items = EvaluateCompliance(ComplianceSchedule{{From: day("2000-01-01"), Rules: all}}, branchWithGroups(), 2026, held, day("2026-07-01"))
	if it, _ := find(items, "party_day", "2026-05", 0); it.Held != 1 || it.Status != ComplianceOK {
		t.Errorf("count_only_approved false: %+v", it)
	}
	if it, _ := find(items, "lecture", "2026-Q2", 0); it.Held != 4 {
		t.Errorf("count_only_approved false: %+v", it)
	}
}

func TestComplianceGroupMeetingsCountPerGroup(t *testing.T) {
	held := []HeldMeeting{{Kind: "group", GroupID: 7, On: day("2026-03-05"), Approved: true}}
	items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2026, held, day("2026-04-01"))
	if it, _ := find(items, "group", "2026-03", 7); it.Status != ComplianceOK {
		t.Errorf("group 7: %+v", it)
	}
	if it, _ := find(items, "group", "2026-03", 8); it.Status != ComplianceMissing || it.Held != 0 {
		t.Errorf("group 8 credited with group 7's meeting: %+v", it)
	}
	if _, ok := find(items, "group", "2026-03", 0); ok {
		t.Error("a per-group requirement produced an item without a group")
	}
	noGroups := branchWithGroups()
	noGroups.Groups = nil
	if ps := periodsOf(EvaluateCompliance(defaultSchedule, noGroups, 2026, held, day("2026-04-01")), "group"); len(ps) != 0 {
		t.Errorf("a branch without groups owes group meetings: %v", ps)
	}
}

// Periods that start before the organisation or group was established are not required;
// the one starting on the establishment day is.
func TestComplianceEstablishedMidYear(t *testing.T) {
	org := ComplianceOrg{ID: 2, Type: OrgBranch, EstablishedOn: day("2026-05-15"), HasCommittee: true}
	items := EvaluateCompliance(defaultSchedule, org, 2026, nil, day("2027-01-01"))
	if got := periodsOf(items, "party_day"); !slices.Equal(got, []string{"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"}) {
		t.Errorf("created 15 May, party days owed: %v", got)
	}
	if got := periodsOf(items, "branch_general"); !slices.Equal(got, []string{"2026-Q3", "2026-Q4"}) {
		t.Errorf("created 15 May, general meetings owed: %v", got)
	}
	if got := periodsOf(items, "org_life"); len(got) != 0 {
		t.Errorf("created 15 May, yearly meetings owed: %v", got)
	}
	if got := periodsOf(EvaluateCompliance(defaultSchedule, org, 2027, nil, day("2028-01-01")), "org_life"); !slices.Equal(got, []string{"2027"}) {
		t.Errorf("the year after: %v", got)
	}
	org.EstablishedOn = day("2026-06-01")
	if got := periodsOf(EvaluateCompliance(defaultSchedule, org, 2026, nil, day("2027-01-01")), "party_day"); got[0] != "2026-06" {
		t.Errorf("created 1 June: %v", got)
	}
	if items := EvaluateCompliance(defaultSchedule, org, 2025, nil, day("2027-01-01")); len(items) != 0 {
		t.Errorf("a year before it existed: %v", items)
	}

	groups := branchWithGroups()
	groups.Groups = []ComplianceGroup{{ID: 9, EstablishedOn: day("2026-03-10")}}
	items = EvaluateCompliance(defaultSchedule, groups, 2026, nil, day("2026-06-01"))
	var months []string
	for _, it := range items {
		if it.Kind == "group" && it.GroupID == 9 {
			months = append(months, it.Period)
		}
	}
	if len(months) != 9 || months[0] != "2026-04" {
		t.Errorf("group created 10 March owes: %v", months)
	}
}

func TestComplianceDissolved(t *testing.T) {
	org := branchWithGroups()
	org.DissolvedOn = day("2026-03-15")
	org.Groups = []ComplianceGroup{{ID: 7, DissolvedOn: day("2026-02-01")}}
	items := EvaluateCompliance(defaultSchedule, org, 2026, nil, day("2027-01-01"))
	if got := periodsOf(items, "party_day"); !slices.Equal(got, []string{"2026-01", "2026-02"}) {
		t.Errorf("dissolved 15 March: %v", got)
	}
	if got := periodsOf(items, "group"); !slices.Equal(got, []string{"2026-01"}) {
		t.Errorf("group dissolved 1 February: %v", got)
	}
}

// The rule in force on a period's first day decides it.
func TestComplianceRuleChangedMidYear(t *testing.T) {
	quarterly := ComplianceRules{CountOnlyApproved: true}
	for _, r := range DefaultComplianceRules.Requirements {
		if r.Kind == "branch_committee" {
			r.Per = PerQuarter
		}
		quarterly.Requirements = append(quarterly.Requirements, r)
	}
	schedule := ComplianceSchedule{{From: day("1990-01-01"), Rules: DefaultComplianceRules}, {From: day("2026-07-01"), Rules: quarterly}}
	held := []HeldMeeting{{Kind: "branch_committee", On: day("2026-08-20"), Approved: true}}
	items := EvaluateCompliance(schedule, branchWithGroups(), 2026, held, day("2027-01-01"))
	want := []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q3", "2026-Q4"}
	if got := periodsOf(items, "branch_committee"); !slices.Equal(got, want) {
		t.Fatalf("branch committee periods: %v, want %v", got, want)
	}
	if it, _ := find(items, "branch_committee", "2026-Q3", 0); it.Status != ComplianceOK {
		t.Errorf("Q3: %+v", it)
	}
	if it, _ := find(items, "branch_committee", "2026-Q4", 0); it.Status != ComplianceMissing {
		t.Errorf("Q4: %+v", it)
	}
	// A change on 15 July applies from the next period that starts after it.
	schedule[1].From = day("2026-07-15")
	want = []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-Q4"}
	if got := periodsOf(EvaluateCompliance(schedule, branchWithGroups(), 2026, held, day("2027-01-01")), "branch_committee"); !slices.Equal(got, want) {
		t.Errorf("change on 15 July: %v, want %v", got, want)
	}
	// No rule yet: nothing is required; an empty version lifts every requirement.
	late := ComplianceSchedule{{From: day("2026-04-01"), Rules: DefaultComplianceRules}, {From: day("2026-10-01"), Rules: ComplianceRules{}}}
	if got := periodsOf(EvaluateCompliance(late, branchWithGroups(), 2026, nil, day("2027-01-01")), "branch_general"); !slices.Equal(got, []string{"2026-Q2", "2026-Q3"}) {
		t.Errorf("rules from April to September: %v", got)
	}
}

func TestComplianceByOrgType(t *testing.T) {
	for typ, want := range map[OrgType]int{OrgBranch: 12, OrgJointBranch: 12, OrgTemporaryBranch: 12, OrgGeneralBranch: 0, OrgCommittee: 0, OrgGroup: 0} {
		org := ComplianceOrg{Type: typ}
		if got := len(periodsOf(EvaluateCompliance(defaultSchedule, org, 2026, nil, day("2026-01-01")), "party_day")); got != want {
			t.Errorf("%s owes %d party days, want %d", typ, got, want)
		}
	}
	noCommittee := ComplianceOrg{Type: OrgBranch}
	if got := periodsOf(EvaluateCompliance(defaultSchedule, noCommittee, 2026, nil, day("2026-01-01")), "branch_committee"); len(got) != 0 {
		t.Errorf("a branch without a committee owes committee meetings: %v", got)
	}
	custom := DefaultComplianceRules
	custom.Requirements = append(slices.Clone(custom.Requirements), MeetingRequirement{Kind: "branch_committee", Per: PerMonth, Min: 2, OrgTypes: []string{"general_branch"}})
	gb := ComplianceOrg{Type: OrgGeneralBranch}
	items := EvaluateCompliance(ComplianceSchedule{{From: day("2000-01-01"), Rules: custom}}, gb, 2026, nil, day("2026-01-01"))
	if len(items) != 12 || items[0].Required != 2 {
		t.Errorf("general branch rule: %v", items)
	}
}

func TestComplianceItemOrder(t *testing.T) {
	items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2026, nil, day("2026-01-01"))
	if len(items) != 4+12+24+4+12+1+1+1 {
		t.Fatalf("%d items", len(items))
	}
	first, last := items[0], items[len(items)-1]
	if first.Kind != "branch_general" || first.Period != "2026-Q1" || last.Kind != "talk" || last.Period != "2026" {
		t.Errorf("order: first %+v last %+v", first, last)
	}
	if it := items[4+12]; it.Kind != "group" || it.Period != "2026-01" || it.GroupID != 7 {
		t.Errorf("groups: %+v", it)
	}
}

func TestComplianceRulesJSON(t *testing.T) {
	b, err := json.Marshal(DefaultComplianceRules)
	if err != nil {
		t.Fatal(err)
	}
	var back ComplianceRules
	if err := json.Unmarshal(b, &back); err != nil || fmt.Sprint(back) != fmt.Sprint(DefaultComplianceRules) {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	var r ComplianceRules
	if err := json.Unmarshal([]byte(`{"requirements":[{"kind":"lecture","per":"quarter","min":1,"org_types":["branch"]}]}`), &r); err != nil || !r.CountOnlyApproved {
		t.Errorf("count_only_approved must default to true: %v %+v", err, r)
	}
	if err := json.Unmarshal([]byte(`{"count_only_approved":false}`), &r); err != nil || r.CountOnlyApproved {
		t.Errorf("explicit false: %v %+v", err, r)
	}
	if err := DefaultComplianceRules.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []MeetingRequirement{{Per: PerMonth, Min: 1}, {Kind: "x", Per: "week", Min: 1}, {Kind: "x", Per: PerYear}} {
		if (ComplianceRules{Requirements: []MeetingRequirement{bad}}).Validate() == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestRollUpCompliance(t *testing.T) {
	today := day("2026-02-10")
	okOrg := branchWithGroups()
	held := []HeldMeeting{
		{Kind: "group", GroupID: 7, On: day("2026-01-05"), Approved: true},
		{Kind: "group", GroupID: 8, On: day("2026-01-06"), Approved: true},
		{Kind: "party_day", On: day("2026-01-06"), Approved: true},
	}
	halfOrg := branchWithGroups()
	halfOrg.ID = 2
	halfHeld := held[:1] // group 8 and the party day missed
	lateOrg := ComplianceOrg{ID: 3, Type: OrgBranch, EstablishedOn: day("2026-01-20")}
	tallies := RollUpCompliance([]OrgCompliance{
		{OrgID: 1, Items: EvaluateCompliance(defaultSchedule, okOrg, 2026, held, today)},
		{OrgID: 2, Items: EvaluateCompliance(defaultSchedule, halfOrg, 2026, halfHeld, today)},
		{OrgID: 3, Items: EvaluateCompliance(defaultSchedule, lateOrg, 2026, nil, today)},
	})
	get := func(kind, period string) ComplianceTally {
		for _, t := range tallies {
			if t.Kind == kind && t.Period == period {
				return t
			}
		}
		return ComplianceTally{}
	}
	if g := get("group", "2026-01"); g.OK != 1 || g.Missing != 1 || g.Upcoming != 0 || !slices.Equal(g.MissingBy, []int64{2}) {
		t.Errorf("group January: %+v", g)
	}
	if g := get("party_day", "2026-02"); g.Upcoming != 3 || g.OK+g.Missing != 0 {
		t.Errorf("party day February: %+v", g)
	}
	if g := get("party_day", "2026-01"); g.OK != 1 || g.Missing != 1 || g.Upcoming != 0 { // org 3 did not exist on 1 January
		t.Errorf("party day January: %+v", g)
	}
	if tallies[0].Kind != "branch_general" || tallies[0].Period != "2026-Q1" {
		t.Errorf("order: %+v", tallies[0])
	}
	if len(RollUpCompliance(nil)) != 0 {
		t.Error("empty roll-up")
	}
}

func TestComplianceDueSoon(t *testing.T) {
	held := []HeldMeeting{{Kind: "party_day", On: day("2026-03-02"), Approved: true}}
	items := EvaluateCompliance(defaultSchedule, branchWithGroups(), 2026, held, day("2026-03-25"))
	var got []string
	for _, it := range ComplianceDueSoon(items, day("2026-03-25"), 7) {
		got = append(got, fmt.Sprint(it.Kind, " ", it.Period, " ", it.GroupID))
	}
	want := []string{"branch_general 2026-Q1 0", "branch_committee 2026-03 0", "group 2026-03 7", "group 2026-03 8", "lecture 2026-Q1 0"}
	if !slices.Equal(got, want) {
		t.Errorf("due soon: %v, want %v", got, want)
	}
	if len(ComplianceDueSoon(items, day("2026-03-25"), 5)) != 0 {
		t.Error("31 March is 6 days away")
	}
}
