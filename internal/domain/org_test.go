package domain_test

import (
	"slices"
	"testing"

	"dangjian/internal/domain"
)

func TestCanParent(t *testing.T) {
	allowed := map[[2]domain.OrgType]bool{}
	for _, child := range domain.OrgTypes {
		for _, parent := range domain.OrgTypes {
			allowed[[2]domain.OrgType{child, parent}] = child.CanParent(parent)
		}
	}
	yes := [][2]domain.OrgType{
		{domain.OrgRegion, domain.OrgRegion},
		{domain.OrgCommittee, domain.OrgRegion},
		{domain.OrgCommittee, domain.OrgCommittee},
		{domain.OrgGeneralBranch, domain.OrgCommittee},
		{domain.OrgBranch, domain.OrgGeneralBranch},
		{domain.OrgBranch, domain.OrgCommittee},
		{domain.OrgBranch, domain.OrgRegion},
		{domain.OrgJointBranch, domain.OrgRegion},
		{domain.OrgGroup, domain.OrgBranch},
		{domain.OrgGroup, domain.OrgJointBranch},
		{domain.OrgGroup, domain.OrgTemporaryBranch},
	}
	no := [][2]domain.OrgType{
		{domain.OrgRegion, domain.OrgCommittee},
		{domain.OrgRegion, domain.OrgBranch},
		{domain.OrgBranch, domain.OrgBranch},
		{domain.OrgCommittee, domain.OrgBranch},
		{domain.OrgGroup, domain.OrgCommittee},
		{domain.OrgGroup, domain.OrgGroup},
		{domain.OrgBranch, domain.OrgGroup},
		{domain.OrgGroup, domain.OrgGeneralBranch},
	}
	for _, p := range yes {
		if !allowed[p] {
			t.Errorf("%s under %s should be allowed", p[0], p[1])
		}
	}
	for _, p := range no {
		if allowed[p] {
			t.Errorf("%s under %s should be refused", p[0], p[1])
		}
	}
	for _, ty := range domain.OrgTypes {
		if !ty.Valid() || ty.CanParent(domain.OrgGroup) {
			t.Errorf("%s: valid, and nothing sits in a group", ty)
		}
	}
	if domain.OrgType("party").Valid() {
		t.Error("unknown type valid")
	}
}

func TestOrgWarnings(t *testing.T) {
	r := domain.DefaultOrgRules
	day := domain.NewDate(2024, 7, 1)
	branch := func(members, full, committee int) *domain.Org {
		return &domain.Org{Type: domain.OrgBranch, MemberCount: members, FullMemberCount: full, CommitteeSize: committee}
	}
	cases := []struct {
		name string
		o    *domain.Org
		want []string
	}{
		{"two full members", branch(2, 2, 0), []string{domain.WarnTooFewFullMembers}},
		{"three full members", branch(3, 3, 0), nil},
		{"six without committee", branch(6, 6, 0), nil},
		{"seven without committee", branch(7, 7, 2), []string{domain.WarnNeedsCommittee}},
		{"seven with committee", branch(7, 7, 3), nil},
		{"fifty", branch(50, 50, 5), nil},
		{"fifty-one", branch(51, 40, 5), []string{domain.WarnOver50Members}},
		{"committee with few members", &domain.Org{Type: domain.OrgCommittee, MemberCount: 1}, nil},
		{"joint branch is a branch", &domain.Org{Type: domain.OrgJointBranch, FullMemberCount: 1, MemberCount: 1}, []string{domain.WarnTooFewFullMembers}},
		{"term ends today", &domain.Org{Type: domain.OrgCommittee, TermEndsOn: day}, []string{domain.WarnTermExpired}},
		{"term ended", &domain.Org{Type: domain.OrgCommittee, TermEndsOn: day.AddDate(0, 0, -1)}, []string{domain.WarnTermExpired}},
		{"term ends tomorrow", &domain.Org{Type: domain.OrgCommittee, TermEndsOn: day.AddDate(0, 0, 1)}, []string{domain.WarnTermEnding}},
		{"term ends in exactly 6 months", &domain.Org{Type: domain.OrgCommittee, TermEndsOn: day.AddDate(0, 6, 0)}, []string{domain.WarnTermEnding}},
		{"term ends in 6 months and a day", &domain.Org{Type: domain.OrgCommittee, TermEndsOn: day.AddDate(0, 6, 1)}, nil},
		{"group has no term", &domain.Org{Type: domain.OrgGroup, TermEndsOn: day}, nil},
		{"all at once", &domain.Org{Type: domain.OrgBranch, MemberCount: 60, FullMemberCount: 58, TermEndsOn: day},
			[]string{domain.WarnOver50Members, domain.WarnNeedsCommittee, domain.WarnTermExpired}},
	}
	for _, c := range cases {
		got := c.o.Warnings(r, day)
		if got == nil || !slices.Equal(got, append([]string{}, c.want...)) {
			t.Errorf("%s: got %v want %v", c.name, got, c.want)
		}
	}
	// The thresholds are data: a rule with a stricter limit warns earlier.
	strict := r
	strict.MaxBranchMembers = 30
	if got := branch(31, 31, 3).Warnings(strict, day); !slices.Contains(got, domain.WarnOver50Members) {
		t.Errorf("configured limit ignored: %v", got)
	}
}

func TestTermEndAndPaths(t *testing.T) {
	r := domain.DefaultOrgRules
	if got := r.TermEnd(domain.OrgCommittee, domain.NewDate(2020, 2, 29)); got.String() != "2025-03-01" {
		t.Errorf("committee term from a leap day: %s", got)
	}
	if got := r.TermEnd(domain.OrgBranch, domain.NewDate(2021, 7, 1)); got.String() != "2024-07-01" {
		t.Errorf("branch term: %s", got)
	}
	if !r.TermEnd(domain.OrgGroup, domain.NewDate(2021, 7, 1)).IsZero() || !r.TermEnd(domain.OrgBranch, domain.Date{}).IsZero() {
		t.Error("no term for groups or without a start")
	}
	if p := domain.OrgPath("", 7); p != "/7/" {
		t.Errorf("root path %q", p)
	}
	if p := domain.OrgPath("/1/7/", 42); p != "/1/7/42/" {
		t.Errorf("child path %q", p)
	}
	if ids := domain.PathIDs("/1/7/42/"); !slices.Equal(ids, []int64{1, 7, 42}) {
		t.Errorf("ids %v", ids)
	}
	if domain.InSubtree("/1/23/", "/1/2/") || !domain.InSubtree("/1/2/3/", "/1/2/") || domain.InSubtree("/1/", "") {
		t.Error("InSubtree")
	}
	// The upper bound sorts after every descendant and before every sibling with a longer id.
	ub := domain.PathUpperBound("/1/2/")
	if !("/1/2/999/" < ub && ub < "/1/20/" && ub < "/1/23/" && "/1/2/" < ub) {
		t.Errorf("upper bound %q", ub)
	}
}
