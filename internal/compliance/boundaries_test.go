package compliance_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/org"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Service-level compliance tests (issue 5 "Done when"): every meeting kind of RULES.md at
// every period boundary, judged through compliance.Service on both engines with meetings
// planned, minuted and approved through the meeting service, and "today" pinned by a fake
// clock. Times are Beijing wall times: 2026-03-31 23:30 +08:00 is 15:30 UTC and belongs to
// March and Q1; 2026-04-01 00:10 +08:00 is 2026-03-31 16:10 UTC and belongs to April and Q2.

// boundaries is the fixture: testutil's tree plus a committee for 甲一支部 (so committee
// meetings are required), a second party group, a branch established mid-year and, for
// 乙支部, a rule changed mid-year.
type boundaries struct {
	t      *testing.T
	ctx    context.Context
	f      *testutil.Fixture
	sec    *auth.Actor // plans and files minutes everywhere (secretary of the region)
	upper  *auth.Actor // approves minutes everywhere (org admin of the region)
	groupB *domain.Org // 第二党小组 of 甲一支部
	late   *domain.Org // 丙支部, established 2026-05-15 under 甲党委
	lector int64       // a member of 甲一支部 who gives lectures
}

// sh is a Beijing wall time.
func sh(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, domain.Shanghai)
}

func newBoundaries(t *testing.T, db *store.DB) *boundaries {
	t.Helper()
	f := testutil.NewFixture(t, db)
	b := &boundaries{t: t, ctx: context.Background(), f: f}
	b.sec = f.User(t, "region_sec", 0, testutil.Grant(domain.RoleSecretary, f.Region.ID))
	b.upper = f.User(t, "region_admin", 0, testutil.Grant(domain.RoleOrgAdmin, f.Region.ID))
	b.groupB = f.Org(t, f.BranchA.ID, "第二党小组", domain.OrgGroup)
	name, typ, est := "丙支部", string(domain.OrgBranch), "2026-05-15"
	v, err := f.Set.Orgs.Create(b.ctx, auth.SystemActor(), org.Input{Name: &name, Type: &typ, ParentID: &f.CommitteeA.ID, EstablishedOn: &est})
	if err != nil {
		t.Fatal(err)
	}
	b.late = &v.Org
	for i, pos := range []string{"secretary", "organization_member", "propaganda_member"} {
		in := f.MemberInput(f.BranchA.ID, fmt.Sprintf("委员%d", i), "19800101")
		in.Positions = &[]string{pos}
		m, err := f.Set.Members.Create(b.ctx, auth.SystemActor(), in)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			b.lector = m.ID
		}
	}
	return b
}

// hold plans a meeting of kind at o starting at start (Beijing) for an hour and files its
// minutes: "approved" (saved, submitted, approved), "submitted" (not approved) or "" (none).
func (b *boundaries) hold(o *domain.Org, kind string, start time.Time, minutes string, mod ...func(*meeting.Input)) *domain.Meeting {
	b.t.Helper()
	in := meeting.Input{OrgID: o.ID, Kind: kind, Title: kind + " " + start.Format("2006-01-02 15:04"), StartsAt: start,
		EndsAt: start.Add(time.Hour)}
	if kind == domain.MeetingLecture {
		in.LecturerID = b.lector
	}
	for _, f := range mod {
		f(&in)
	}
	svc := b.f.Set.Meetings
	m, err := svc.Create(b.ctx, b.sec, in)
	if err != nil {
		b.t.Fatalf("plan %s at %s: %v", kind, start, err)
	}
	if minutes == "" {
		return m
	}
	if _, err := svc.SaveMinutes(b.ctx, b.sec, m.ID, meeting.MinutesInput{Content: "会议记录"}); err != nil {
		b.t.Fatal(err)
	}
	if _, err := svc.Submit(b.ctx, b.sec, m.ID); err != nil {
		b.t.Fatal(err)
	}
	if minutes == domain.MinutesApproved {
		if _, err := svc.Approve(b.ctx, b.upper, m.ID); err != nil {
			b.t.Fatal(err)
		}
	}
	return m
}

// at pins the compliance service's clock to a Beijing wall time.
func (b *boundaries) at(now time.Time) { b.f.Set.Compliance.Now = func() time.Time { return now } }

func (b *boundaries) items(o *domain.Org, year int) []domain.ComplianceItem {
	b.t.Helper()
	items, err := b.f.Set.Compliance.ForOrg(b.ctx, auth.SystemActor(), o.ID, year)
	if err != nil {
		b.t.Fatal(err)
	}
	return items
}

// want is one expected item; status "absent" means no item (the period is not required).
type want struct {
	kind, period string
	group        int64
	status       string
	held         int
}

func check(t *testing.T, label string, items []domain.ComplianceItem, wants []want) {
	t.Helper()
	for _, w := range wants {
		got := domain.ComplianceItem{Status: "absent"}
		for _, it := range items {
			if it.Kind == w.kind && it.Period == w.period && it.GroupID == w.group {
				got = it
			}
		}
		if got.Status != w.status || got.Held != w.held {
			t.Errorf("%s: %s %s group %d: %s held %d, want %s held %d", label, w.kind, w.period, w.group, got.Status, got.Held, w.status, w.held)
		}
	}
}

// Every kind of 甲一支部 around month, quarter and year ends, on three days.
func TestComplianceServiceBoundaries(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		b := newBoundaries(t, db)
		A, gA, gB := b.f.BranchA, b.f.GroupA, b.groupB
		approved, submitted := domain.MinutesApproved, domain.MinutesSubmitted
		forGroupA := func(in *meeting.Input) { in.GroupID = gA.ID }

		// 支部党员大会 (quarterly) and 支委会 (monthly): either side of the Q1/Q2 boundary.
		b.hold(A, domain.MeetingBranchGeneral, sh(2026, 3, 31, 23, 30), approved)
		b.hold(A, domain.MeetingBranchGeneral, sh(2026, 4, 1, 0, 10), approved)
		b.hold(A, domain.MeetingBranchCommittee, sh(2026, 3, 31, 23, 30), approved)
		b.hold(A, domain.MeetingBranchCommittee, sh(2026, 4, 1, 0, 10), approved)
		// 党小组会 (monthly per group): the branch plans March's for group A, group B holds
		// April's itself; each counts for its own group only.
		b.hold(A, domain.MeetingGroup, sh(2026, 3, 31, 23, 30), approved, forGroupA)
		b.hold(gB, domain.MeetingGroup, sh(2026, 4, 1, 0, 10), approved)
		// 党课 (quarterly): Q1's minutes were submitted but never approved.
		b.hold(A, domain.MeetingLecture, sh(2026, 2, 10, 14, 0), submitted)
		// 主题党日 (monthly): 31 January late evening and 1 February just after midnight.
		b.hold(A, domain.MeetingPartyDay, sh(2026, 1, 31, 23, 30), approved)
		b.hold(A, domain.MeetingPartyDay, sh(2026, 2, 1, 0, 10), approved)
		// March's was approved and then cancelled (as data from before the rule that minutes
		// filed stop a cancellation): a cancelled meeting never counts.
		cancelled := b.hold(A, domain.MeetingPartyDay, sh(2026, 3, 15, 9, 0), approved)
		if err := db.WriteTx(b.ctx, func(q *store.Q) error {
			return q.SetMeetingStatus(b.ctx, cancelled.ID, domain.MeetingCancelled)
		}); err != nil {
			t.Fatal(err)
		}
		// December and the new year.
		b.hold(A, domain.MeetingPartyDay, sh(2026, 12, 31, 23, 30), approved)
		b.hold(A, domain.MeetingPartyDay, sh(2027, 1, 1, 0, 10), approved)
		// 组织生活会, 民主评议, 谈心谈话 (yearly): 31 December counts for 2026, 1 January for 2027.
		b.hold(A, domain.MeetingOrgLife, sh(2026, 12, 31, 23, 30), approved)
		b.hold(A, domain.MeetingAppraisal, sh(2027, 1, 1, 0, 10), approved)
		b.hold(A, domain.MeetingTalk, sh(2026, 3, 10, 15, 0), approved)

		// The last day of March: what is not held yet is still upcoming, what ended is missing.
		b.at(sh(2026, 3, 31, 12, 0))
		check(t, "31 March", b.items(A, 2026), []want{
			{"branch_committee", "2026-02", 0, domain.ComplianceMissing, 0},
			{"lecture", "2026-Q1", 0, domain.ComplianceUpcoming, 0},
			{"party_day", "2026-01", 0, domain.ComplianceOK, 1},
			{"party_day", "2026-02", 0, domain.ComplianceOK, 1},
			{"party_day", "2026-03", 0, domain.ComplianceUpcoming, 0},
			{"group", "2026-03", gB.ID, domain.ComplianceUpcoming, 0},
			// A meeting planned for a later day is not held yet, approved or not.
			{"party_day", "2026-12", 0, domain.ComplianceUpcoming, 0},
			{"talk", "2026", 0, domain.ComplianceOK, 1},
			{"org_life", "2026", 0, domain.ComplianceUpcoming, 0},
		})

		// The first day of April: March and Q1 have ended.
		b.at(sh(2026, 4, 1, 9, 0))
		check(t, "1 April", b.items(A, 2026), []want{
			{"branch_general", "2026-Q1", 0, domain.ComplianceOK, 1},
			{"branch_general", "2026-Q2", 0, domain.ComplianceOK, 1},
			{"branch_committee", "2026-02", 0, domain.ComplianceMissing, 0},
			{"branch_committee", "2026-03", 0, domain.ComplianceOK, 1},
			{"branch_committee", "2026-04", 0, domain.ComplianceOK, 1},
			{"branch_committee", "2026-05", 0, domain.ComplianceUpcoming, 0},
			{"group", "2026-03", gA.ID, domain.ComplianceOK, 1},
			{"group", "2026-03", gB.ID, domain.ComplianceMissing, 0},
			{"group", "2026-04", gA.ID, domain.ComplianceUpcoming, 0},
			{"group", "2026-04", gB.ID, domain.ComplianceOK, 1},
			{"group", "2026-03", 0, "absent", 0}, // only per group
			{"lecture", "2026-Q1", 0, domain.ComplianceMissing, 0},
			{"lecture", "2026-Q2", 0, domain.ComplianceUpcoming, 0},
			{"party_day", "2026-03", 0, domain.ComplianceMissing, 0},
			{"party_day", "2026-04", 0, domain.ComplianceUpcoming, 0},
			{"org_life", "2026", 0, domain.ComplianceUpcoming, 0},
			{"appraisal", "2026", 0, domain.ComplianceUpcoming, 0},
			{"talk", "2026", 0, domain.ComplianceOK, 1},
		})

		// New Year's Day 2027: the year 2026 has ended.
		b.at(sh(2027, 1, 1, 10, 0))
		check(t, "2026 on 1 January 2027", b.items(A, 2026), []want{
			{"branch_general", "2026-Q4", 0, domain.ComplianceMissing, 0},
			{"branch_committee", "2026-12", 0, domain.ComplianceMissing, 0},
			{"group", "2026-12", gA.ID, domain.ComplianceMissing, 0},
			{"party_day", "2026-12", 0, domain.ComplianceOK, 1},
			{"org_life", "2026", 0, domain.ComplianceOK, 1},
			{"appraisal", "2026", 0, domain.ComplianceMissing, 0},
			{"talk", "2026", 0, domain.ComplianceOK, 1},
		})
		check(t, "2027 on 1 January 2027", b.items(A, 2027), []want{
			{"party_day", "2027-01", 0, domain.ComplianceOK, 1},
			{"appraisal", "2027", 0, domain.ComplianceOK, 1},
			{"org_life", "2027", 0, domain.ComplianceUpcoming, 0},
			{"branch_general", "2027-Q1", 0, domain.ComplianceUpcoming, 0},
		})

		// Every kind of RULES.md is judged for 甲一支部.
		kinds := map[string]bool{}
		for _, it := range b.items(A, 2026) {
			kinds[it.Kind] = true
		}
		for _, k := range domain.MeetingKinds {
			if !kinds[k] {
				t.Errorf("no %s items", k)
			}
		}
		// 甲二支部 has neither a committee nor groups: no such items.
		for _, it := range b.items(b.f.BranchA2, 2026) {
			if it.Kind == "branch_committee" || it.Kind == "group" {
				t.Errorf("甲二支部: %+v", it)
			}
		}
	})
}

// A branch established on 15 May 2026 owes nothing for periods that began before: not May,
// not Q2, not the year 2026; it owes June and Q3. A meeting it held in May is simply not
// needed anywhere.
func TestComplianceServiceBranchCreatedMidYear(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		b := newBoundaries(t, db)
		b.hold(b.late, domain.MeetingPartyDay, sh(2026, 5, 20, 9, 0), domain.MinutesApproved)
		b.hold(b.late, domain.MeetingPartyDay, sh(2026, 6, 30, 23, 30), domain.MinutesApproved)
		b.at(sh(2026, 7, 1, 9, 0))
		items := b.items(b.late, 2026)
		for _, it := range items {
			if it.StartsOn.Before(domain.NewDate(2026, 6, 1)) {
				t.Errorf("required before the branch existed: %+v", it)
			}
		}
		check(t, "丙支部", items, []want{
			{"party_day", "2026-05", 0, "absent", 0},
			{"party_day", "2026-06", 0, domain.ComplianceOK, 1},
			{"party_day", "2026-07", 0, domain.ComplianceUpcoming, 0},
			{"branch_general", "2026-Q2", 0, "absent", 0},
			{"branch_general", "2026-Q3", 0, domain.ComplianceUpcoming, 0},
			{"lecture", "2026-Q3", 0, domain.ComplianceUpcoming, 0},
			{"org_life", "2026", 0, "absent", 0},
			{"appraisal", "2026", 0, "absent", 0},
			{"talk", "2026", 0, "absent", 0},
		})
		// A year before it existed: nothing at all. The next year: everything.
		if items := b.items(b.late, 2025); len(items) != 0 {
			t.Errorf("2025: %+v", items)
		}
		check(t, "丙支部 2027", b.items(b.late, 2027), []want{
			{"party_day", "2027-01", 0, domain.ComplianceUpcoming, 0},
			{"org_life", "2027", 0, domain.ComplianceUpcoming, 0},
		})
		// The roll-up of 甲党委 leaves 丙支部 out of the periods it does not owe.
		ru, err := b.f.Set.Compliance.RollUp(b.ctx, auth.SystemActor(), b.f.CommitteeA.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		for _, tl := range ru.Tallies {
			n := tl.OK + tl.Missing + tl.Upcoming
			switch {
			case tl.Kind == "party_day" && tl.Period == "2026-05" && n != 2:
				t.Errorf("May party day counts %d branches, want 2 (丙支部 not yet): %+v", n, tl)
			case tl.Kind == "party_day" && tl.Period == "2026-06" && (n != 3 || tl.OK != 1):
				t.Errorf("June party day: %+v, want 3 branches, 1 ok", tl)
			}
		}
	})
}

// 乙党委 changes the rule from 1 July 2026: themed party days quarterly, at least two, and
// minutes need no approval to count. January–June are still judged monthly with approved
// minutes only; Q3 and Q4 quarterly, counting every meeting that was not cancelled.
func TestComplianceServiceRuleChangedMidYear(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		b := newBoundaries(t, db)
		changed := domain.ComplianceRules{CountOnlyApproved: false}
		for _, r := range domain.DefaultComplianceRules.Requirements {
			if r.Kind == domain.MeetingPartyDay {
				r.Per, r.Min = domain.PerQuarter, 2
			}
			changed.Requirements = append(changed.Requirements, r)
		}
		err := db.WriteTx(b.ctx, func(q *store.Q) error {
			return q.InsertRule(b.ctx, domain.RuleMeetingRequirements, b.f.CommitteeB.ID, changed, domain.NewDate(2026, 7, 1), "test", "t")
		})
		if err != nil {
			t.Fatal(err)
		}
		B := b.f.BranchB
		b.hold(B, domain.MeetingPartyDay, sh(2026, 6, 10, 9, 0), "")                     // old rule: no approved minutes, no count
		b.hold(B, domain.MeetingPartyDay, sh(2026, 5, 10, 9, 0), domain.MinutesApproved) // old rule: counts
		b.hold(B, domain.MeetingPartyDay, sh(2026, 7, 10, 9, 0), "")                     // new rule: counts without minutes
		b.hold(B, domain.MeetingPartyDay, sh(2026, 9, 30, 23, 30), domain.MinutesSubmitted)
		b.hold(B, domain.MeetingPartyDay, sh(2026, 10, 1, 0, 10), "") // Q4, although 30 September in UTC
		gone := b.hold(B, domain.MeetingPartyDay, sh(2026, 11, 5, 9, 0), "")
		if _, err := b.f.Set.Meetings.Cancel(b.ctx, b.sec, gone.ID, "改期"); err != nil {
			t.Fatal(err)
		}
		b.at(sh(2027, 1, 1, 9, 0))
		items := b.items(B, 2026)
		check(t, "乙支部", items, []want{
			{"party_day", "2026-05", 0, domain.ComplianceOK, 1},
			{"party_day", "2026-06", 0, domain.ComplianceMissing, 0},
			{"party_day", "2026-07", 0, "absent", 0},
			{"party_day", "2026-Q2", 0, "absent", 0},
			{"party_day", "2026-Q3", 0, domain.ComplianceOK, 2},
			{"party_day", "2026-Q4", 0, domain.ComplianceMissing, 1},
		})
		for _, it := range items {
			if it.Kind == domain.MeetingPartyDay && it.Period == "2026-Q3" && it.Required != 2 {
				t.Errorf("Q3 requires %d, want 2", it.Required)
			}
		}
		var periods []string
		for _, it := range items {
			if it.Kind == domain.MeetingPartyDay {
				periods = append(periods, it.Period)
			}
		}
		wantPeriods := []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q3", "2026-Q4"}
		if !slices.Equal(periods, wantPeriods) {
			t.Errorf("party day periods %v, want %v", periods, wantPeriods)
		}
		// 甲一支部 keeps the shipped rule all year.
		check(t, "甲一支部", b.items(b.f.BranchA, 2026), []want{
			{"party_day", "2026-07", 0, domain.ComplianceMissing, 0},
			{"party_day", "2026-Q3", 0, "absent", 0},
		})
	})
}

// Group meetings in the roll-up: 甲一支部 counts once per period, by its worst group.
func TestComplianceServiceGroupRollUp(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		b := newBoundaries(t, db)
		A := b.f.BranchA
		b.hold(A, domain.MeetingGroup, sh(2026, 3, 5, 19, 0), domain.MinutesApproved, func(in *meeting.Input) { in.GroupID = b.f.GroupA.ID })
		b.hold(A, domain.MeetingGroup, sh(2026, 4, 5, 19, 0), domain.MinutesApproved, func(in *meeting.Input) { in.GroupID = b.f.GroupA.ID })
		b.hold(A, domain.MeetingGroup, sh(2026, 4, 6, 19, 0), domain.MinutesApproved, func(in *meeting.Input) { in.GroupID = b.groupB.ID })
		b.at(sh(2026, 5, 1, 9, 0))
		ru, err := b.f.Set.Compliance.RollUp(b.ctx, auth.SystemActor(), b.f.CommitteeA.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]domain.ComplianceTally{}
		for _, tl := range ru.Tallies {
			if tl.Kind == domain.MeetingGroup {
				got[tl.Period] = tl
			}
		}
		if tl := got["2026-03"]; tl.Missing != 1 || tl.OK != 0 || !slices.Equal(tl.MissingBy, []int64{A.ID}) {
			t.Errorf("March (group B missed): %+v", tl)
		}
		if tl := got["2026-04"]; tl.OK != 1 || tl.Missing != 0 {
			t.Errorf("April (both groups met): %+v", tl)
		}
		if tl := got["2026-05"]; tl.Upcoming != 1 {
			t.Errorf("May: %+v", tl)
		}
	})
}
