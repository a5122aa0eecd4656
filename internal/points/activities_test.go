package points_test

import (
	"strconv"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The shipped bands: ≥ 90 % → 1.0, ≥ 70 % → 0.8, ≥ 50 % → 0.6, below → 0.4, decided in
// integers (2 of 3 is 66.6… %, below 70).
func TestCoverageFactorBands(t *testing.T) {
	bands := points.DefaultActivityRule.Coverage
	cases := []struct {
		participants, members int
		want                  string
	}{
		{10, 10, "1"}, {9, 10, "1"}, {89, 100, "0.8"}, {7, 10, "0.8"}, {69, 100, "0.6"}, {2, 3, "0.6"},
		{1, 2, "0.6"}, {49, 100, "0.4"}, {0, 5, "0.4"},
	}
	for _, c := range cases {
		if got := points.CoverageFactor(bands, c.participants, c.members); got != pts(c.want) {
			t.Errorf("%d of %d: factor %s, want %s", c.participants, c.members, got, c.want)
		}
	}
	// Bands that do not reach down to 0 give nothing below the lowest.
	if got := points.CoverageFactor([]store.CoverageBand{{MinPercent: 50, Factor: 10}}, 4, 10); got != 0 {
		t.Errorf("below every band: factor %s, want 0", got)
	}
}

func (e *env) at(day string) {
	d, err := domain.ParseDate(day)
	if err != nil {
		panic(err)
	}
	e.s.Now = func() time.Time { return d.Time().Add(2 * time.Hour) } // 10:00 in Beijing
}

// Seed 001: the committee plans, branches claim before 31 March, the committee records
// completion with attendance, the branch earns base × coverage once, plus the year-end bonus.
func TestActivityPlanClaimCompleteBonus(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		e.at("2024-02-01")

		plan, err := e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "主题党日",
			Description: "走进社区", Complexity: 2, Expected: "2024-Q2"})
		if err != nil {
			t.Fatal(err)
		}
		if plan.ClaimDeadline.String() != "2024-03-31" || plan.BasePoints != pts("10") || len(plan.Coverage) != 4 {
			t.Fatalf("plan defaults: deadline %s, base %s, bands %v", plan.ClaimDeadline, plan.BasePoints, plan.Coverage)
		}
		small, err := e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "读书会",
			Complexity: 1, BasePoints: ptr("7.5"), MaxClaims: 1, Expected: "2024-05"})
		if err != nil {
			t.Fatal(err)
		}
		late, err := e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "志愿服务", Complexity: 3})
		if err != nil {
			t.Fatal(err)
		}

		// Who plans, and what.
		_, err = e.s.CreatePlan(e.ctx, e.sec, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "x", Complexity: 1})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.CreatePlan(e.ctx, e.sec, points.PlanInput{OrgID: f.BranchA.ID, Year: 2024, Name: "x", Complexity: 1})
		testutil.WantField(t, err, domain.EInvalid, "org_id", "err.activities.plan_org")
		_, err = e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "x", Complexity: 4})
		testutil.WantField(t, err, domain.EInvalid, "complexity", "err.choice")
		_, err = e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: f.CommitteeA.ID, Year: 2024, Name: "x", Complexity: 1, Expected: "2025-Q1"})
		testutil.WantField(t, err, domain.EInvalid, "expected", "err.activities.expected")

		// Claims: the branch's secretary for the branch only, once; a plan's maximum holds.
		if _, err := e.s.ClaimActivity(e.ctx, e.sec, plan.ID, f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ClaimActivity(e.ctx, e.sec, plan.ID, f.BranchA.ID)
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.ClaimActivity(e.ctx, e.sec, plan.ID, f.BranchA2.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.ClaimActivity(e.ctx, e.secB, plan.ID, f.BranchB.ID)
		testutil.WantField(t, err, domain.EInvalid, "org_id", "err.activities.not_branch")
		_, err = e.s.ClaimActivity(e.ctx, e.member, plan.ID, f.BranchA.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.s.ClaimActivity(e.ctx, e.comA, plan.ID, f.BranchA2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ClaimActivity(e.ctx, e.sec, small.ID, f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ClaimActivity(e.ctx, e.comA, small.ID, f.BranchA2.ID)
		wantMessage(t, err, "err.activities.full")
		// The deadline day still claims; the day after does not.
		e.at("2024-03-31")
		if _, err := e.s.ClaimActivity(e.ctx, e.sec, late.ID, f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		e.at("2024-04-01")
		_, err = e.s.ClaimActivity(e.ctx, e.comA, late.ID, f.BranchA2.ID)
		wantMessage(t, err, "err.activities.claim_closed")
		if n := len(e.entries(domain.SubjectOrg, f.BranchA.ID)); n != 0 {
			t.Fatalf("claiming posted %d entries; points come with the completion", n)
		}

		// Completion by the committee: 8 of 10 → 0.8 × 10 = 8; 9 of 10 → 10; 1 of 3 → 0.4 × 7.5 = 3.
		e.at("2024-06-15")
		_, err = e.s.CompleteActivity(e.ctx, e.sec, plan.ID, f.BranchA.ID, points.CompleteInput{Participants: 8, Members: 10})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchA.ID, points.CompleteInput{Participants: 11, Members: 10})
		testutil.WantField(t, err, domain.EInvalid, "participants", "err.activities.participants")
		_, err = e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchA.ID, points.CompleteInput{Participants: 1, Members: 1, On: "2024-06-16"})
		testutil.WantField(t, err, domain.EInvalid, "on", "err.date_future")
		_, err = e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchB.ID, points.CompleteInput{Participants: 1, Members: 1})
		testutil.WantCode(t, err, domain.ENotFound)
		c, err := e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchA.ID, points.CompleteInput{Participants: 8, Members: 10, On: "2024-06-10"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != store.ActivityCompleted || c.Factor != pts("0.8") || c.Points != pts("8") || c.EntryID == 0 {
			t.Fatalf("completion: %+v", c)
		}
		if _, err := e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchA2.ID, points.CompleteInput{Participants: 9, Members: 10}); err != nil {
			t.Fatal(err)
		}
		if c, err := e.s.CompleteActivity(e.ctx, e.comA, small.ID, f.BranchA.ID, points.CompleteInput{Participants: 1, Members: 3}); err != nil || c.Points != pts("3") {
			t.Fatalf("small completion: %+v, %v", c, err)
		}
		// Twice: refused, and still one entry for the plan.
		_, err = e.s.CompleteActivity(e.ctx, e.comA, plan.ID, f.BranchA.ID, points.CompleteInput{Participants: 10, Members: 10})
		wantMessage(t, err, "err.activities.completed")
		list := e.entries(domain.SubjectOrg, f.BranchA.ID)
		if len(list) != 2 {
			t.Fatalf("branch A has %d entries, want 2", len(list))
		}
		for _, en := range list {
			if en.Source != domain.SourceEvent || en.Category != domain.CategoryActivity || en.IndicatorCode != "activities-"+itoa(f.CommitteeA.ID) {
				t.Errorf("entry %+v", en)
			}
		}
		acc := e.account(domain.SubjectOrg, f.BranchA.ID, 2024)
		wantPoints(t, "branch A activity points", acc.Appraisal.ByCategory[domain.CategoryActivity], "11")
		wantPoints(t, "branch A2 total", e.account(domain.SubjectOrg, f.BranchA2.ID, 2024).Appraisal.Total, "10")

		// Branch points = claim points + year-end evaluation bonus.
		if _, err := e.s.YearEndBonus(e.ctx, e.comA, points.BonusInput{OrgID: f.BranchA.ID, Year: 2024, Points: pts("5")}); err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "branch A total with bonus", e.account(domain.SubjectOrg, f.BranchA.ID, 2024).Appraisal.Total, "16")

		// What a branch's secretary sees: its committee's plans with its own claims only.
		plans, err := e.s.Plans(e.ctx, e.sec, f.BranchA.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 3 {
			t.Fatalf("secretary sees %d plans, want 3", len(plans))
		}
		if p := plans[0]; p.ClaimCount != 2 || len(p.Claims) != 1 || p.Claims[0].OrgID != f.BranchA.ID {
			t.Errorf("secretary's view of the plan: count %d, claims %+v", p.ClaimCount, p.Claims)
		}
		_, err = e.s.Plans(e.ctx, e.secB, f.CommitteeA.ID, 2024)
		testutil.WantCode(t, err, domain.ENotFound)
		e.clean()
	})
}

// Members left out takes the branch's roster: 3 members, 2 took part → 66 % → 0.6.
func TestActivityCompletionCountsRoster(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.at("2024-01-10")
		plan, err := e.s.CreatePlan(e.ctx, e.comA, points.PlanInput{OrgID: e.f.CommitteeA.ID, Year: 2024, Name: "党课", Complexity: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ClaimActivity(e.ctx, e.sec, plan.ID, e.f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		c, err := e.s.CompleteActivity(e.ctx, e.comA, plan.ID, e.f.BranchA.ID, points.CompleteInput{Participants: 2})
		if err != nil {
			t.Fatal(err)
		}
		if c.Members != 3 || c.Factor != pts("0.6") || c.Points != pts("3") {
			t.Fatalf("completion from the roster: %+v", c)
		}
		e.clean()
	})
}

func wantMessage(t *testing.T, err error, key string) {
	t.Helper()
	de, ok := domain.AsError(err)
	if !ok || de.Message != key {
		t.Fatalf("error %v, want message %s", err, key)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
