package compliance_test

import (
	"context"
	"slices"
	"testing"

	"dangjian/internal/compliance"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func newOrg(t *testing.T, q *store.Q, parent *domain.Org, name string, typ domain.OrgType) *domain.Org {
	t.Helper()
	o := &domain.Org{Name: name, Type: typ, EstablishedOn: domain.NewDate(2000, 1, 1)}
	path := ""
	if parent != nil {
		o.ParentID, path = parent.ID, parent.Path
	}
	if err := q.InsertOrg(context.Background(), o, path); err != nil {
		t.Fatal(err)
	}
	return o
}

// The shipped requirements come from migration 00014; an organisation's own row (here: branch
// committee meetings quarterly from 1 July 2026) applies in its subtree from its day, and the
// engine then judges the first half-year monthly and the second quarterly.
func TestScheduleWithOrgOverride(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root, special, branch, plain *domain.Org
		quarterly := domain.ComplianceRules{CountOnlyApproved: true}
		for _, r := range domain.DefaultComplianceRules.Requirements {
			if r.Kind == "branch_committee" {
				r.Per = domain.PerQuarter
			}
			quarterly.Requirements = append(quarterly.Requirements, r)
		}
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root = newOrg(t, q, nil, "root", domain.OrgRegion)
			special = newOrg(t, q, root, "special", domain.OrgCommittee)
			branch = newOrg(t, q, special, "branch", domain.OrgBranch)
			plain = newOrg(t, q, root, "plain", domain.OrgBranch)
			return q.InsertRule(ctx, domain.RuleMeetingRequirements, special.ID, quarterly, domain.NewDate(2026, 7, 1), "test", "t")
		})
		if err != nil {
			t.Fatal(err)
		}
		svc := &compliance.Service{DB: db}
		shipped, err := svc.Schedule(ctx, db.Read(), plain.Path)
		if err != nil {
			t.Fatal(err)
		}
		if len(shipped) != 1 || shipped[0].From != domain.NewDate(1990, 1, 1) || !shipped[0].Rules.CountOnlyApproved ||
			!slices.EqualFunc(shipped[0].Rules.Requirements, domain.DefaultComplianceRules.Requirements, sameRequirement) {
			t.Fatalf("seeded schedule: %+v", shipped)
		}
		sched, err := svc.Schedule(ctx, db.Read(), branch.Path)
		if err != nil {
			t.Fatal(err)
		}
		if len(sched) != 2 || sched[1].From != domain.NewDate(2026, 7, 1) {
			t.Fatalf("schedule with override: %+v", sched)
		}
		org := compliance.OrgInput(branch, nil)
		org.HasCommittee = true
		var periods []string
		for _, it := range domain.EvaluateCompliance(sched, org, 2026, nil, domain.NewDate(2026, 12, 1)) {
			if it.Kind == "branch_committee" {
				periods = append(periods, it.Period)
			}
		}
		want := []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q3", "2026-Q4"}
		if !slices.Equal(periods, want) {
			t.Errorf("branch committee periods: %v, want %v", periods, want)
		}
	})
}

func sameRequirement(a, b domain.MeetingRequirement) bool {
	return a.Kind == b.Kind && a.Per == b.Per && a.Min == b.Min && a.PerGroup == b.PerGroup &&
		a.OnlyWithCommittee == b.OnlyWithCommittee && slices.Equal(a.OrgTypes, b.OrgTypes)
}

func TestOrgInput(t *testing.T) {
	branch := &domain.Org{ID: 5, Type: domain.OrgBranch, EstablishedOn: domain.NewDate(2026, 5, 15), CommitteeSize: 2}
	children := []domain.Org{
		{ID: 6, ParentID: 5, Type: domain.OrgGroup, EstablishedOn: domain.NewDate(2026, 6, 1)},
		{ID: 7, ParentID: 5, Type: domain.OrgBranch},
		{ID: 8, ParentID: 6, Type: domain.OrgGroup},
	}
	in := compliance.OrgInput(branch, children)
	if in.HasCommittee || len(in.Groups) != 1 || in.Groups[0].ID != 6 || in.Groups[0].EstablishedOn != domain.NewDate(2026, 6, 1) || in.EstablishedOn != branch.EstablishedOn {
		t.Errorf("%+v", in)
	}
	branch.CommitteeSize = 3
	if !compliance.OrgInput(branch, nil).HasCommittee {
		t.Error("a committee of 3")
	}
}
