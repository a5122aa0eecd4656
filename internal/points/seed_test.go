package points_test

import (
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Seed 001 (Focused Photonics): project reviews graded 60/70/80/90 earn different points;
// every member owes 2 welfare hours a year and hours beyond earn welfare points; branches
// earn from activities they claimed and a year-end evaluation bonus.
func TestSeed001DualPoints(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.indicator(points.IndicatorInput{Code: "REVIEW", Category: domain.CategoryContribution, Unit: domain.UnitGrade,
			Grades: []domain.GradeBand{{Grade: 60, Points: pts("2")}, {Grade: 70, Points: pts("4")}, {Grade: 80, Points: pts("6")}, {Grade: 90, Points: pts("8.5")}}})
		e.indicator(points.IndicatorInput{Code: "WELFARE", Category: domain.CategoryContribution, Unit: domain.UnitHour,
			Points: pts("1.5"), Welfare: true, NeedsApproval: true})
		// Task reviews reported by the task capability.
		for i, c := range []struct {
			member int64
			grade  int64
			want   string
		}{{e.m1.ID, 90, "8.5"}, {e.m2.ID, 75, "4"}, {e.mSec.ID, 55, "0"}, {e.m1.ID, 60, "2"}} {
			r, err := e.s.AwardEvent(e.ctx, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: c.member,
				IndicatorCode: "REVIEW", Quantity: domain.Whole(c.grade), OccurredOn: domain.NewDate(2024, 4, 1+i),
				DedupKey: "task:review:" + string(rune('a'+i)), Source: "task"})
			if err != nil || r.PointsAwarded != pts(c.want) {
				t.Fatalf("grade %d: %+v %v", c.grade, r, err)
			}
		}
		// Welfare hours: 1 h (duty), 2 h (1 beyond), 1.5 h (all beyond) → 2.5 h × 1.5 = 3.75 → 3.8.
		var got domain.Points
		for _, h := range []string{"1", "2", "1.5"} {
			c, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: e.welfareID(), Quantity: pts(h), OccurredOn: "2024-05-01"})
			if err != nil {
				t.Fatal(err)
			}
			if c, err = e.s.ApproveClaim(e.ctx, e.sec, c.ID); err != nil {
				t.Fatal(err)
			}
			en, _ := e.s.Entry(e.ctx, e.admin, c.EntryID)
			got += en.Points
		}
		wantPoints(t, "welfare points", got, "3.8")
		wantPoints(t, "m1 contribution", e.account(domain.SubjectMember, e.m1.ID, 2024).Appraisal.ByCategory[domain.CategoryContribution], "14.3")

		// Branch points = points of the activities it claimed + the year-end bonus.
		act := e.indicator(points.IndicatorInput{Code: "PROJECT", OrgID: e.f.CommitteeA.ID, Subject: domain.SubjectOrg,
			Category: domain.CategoryActivity, Unit: domain.UnitGrade, NeedsApproval: true})
		c, err := e.s.Claim(e.ctx, e.sec, points.ClaimInput{IndicatorID: act.ID, SubjectType: domain.SubjectOrg,
			SubjectID: e.f.BranchA.ID, Quantity: domain.Whole(80), OccurredOn: "2024-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ApproveClaim(e.ctx, e.comA, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.YearEndBonus(e.ctx, e.comA, points.BonusInput{OrgID: e.f.BranchA.ID, Year: 2024, Points: pts("5")}); err != nil {
			t.Fatal(err)
		}
		// Default grade table: 80 → 8.
		wantPoints(t, "branch points", e.account(domain.SubjectOrg, e.f.BranchA.ID, 2024).Appraisal.Total, "13")
		e.clean()
	})
}

func (e *env) welfareID() int64 {
	list, err := e.s.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.Region.ID, Year: 2024})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ind := range list {
		if ind.Code == "WELFARE" {
			return ind.ID
		}
	}
	e.t.Fatal("no WELFARE")
	return 0
}

// Seed 003 (Taicang): activity 30 / experience 40 / contribution 30; raw activity 50,
// experience 10, contribution 30 → composite 70, and the reward balance spent at a merchant
// never lowers it.
func TestSeed003Composite(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		act := e.indicator(points.IndicatorInput{Code: "SHARE", Category: domain.CategoryActivity, Points: pts("5")})
		exp := e.indicator(points.IndicatorInput{Code: "MEET", Category: domain.CategoryExperience, Points: pts("2.5")})
		con := e.indicator(points.IndicatorInput{Code: "IDEA", Category: domain.CategoryContribution, Points: pts("10")})
		e.award(e.admin, act, domain.SubjectMember, e.m1.ID, "10", "2024-03-01")
		e.award(e.admin, exp, domain.SubjectMember, e.m1.ID, "4", "2024-03-01")
		e.award(e.admin, con, domain.SubjectMember, e.m1.ID, "3", "2024-03-01")
		v := e.account(domain.SubjectMember, e.m1.ID, 2024)
		wantPoints(t, "total", v.Appraisal.Total, "90")
		wantPoints(t, "composite", v.Appraisal.Composite, "70")
		if v.Stars != 2 {
			t.Errorf("stars %d, want 2 (70 ≥ 2★ threshold)", v.Stars)
		}
		err := db.WriteTx(e.ctx, func(q *store.Q) error {
			_, err := e.s.PostReward(e.ctx, q, points.RewardPosting{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
				Amount: -pts("60"), Source: domain.SourceHold, SourceRef: "redemption:1"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		v = e.account(domain.SubjectMember, e.m1.ID, 2024)
		wantPoints(t, "composite after spending", v.Appraisal.Composite, "70")
		wantPoints(t, "reward after spending", v.RewardBalance, "30")

		// An organisation overrides the shares from a date (rules as data): 2024 keeps the old.
		err = db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, domain.RuleCategories, e.f.CommitteeA.ID, domain.CategoryRule{Mode: domain.ModeCap,
				Categories: []domain.CategoryShare{{Key: domain.CategoryActivity, Share: pts("50")}, {Key: domain.CategoryExperience, Share: pts("20")},
					{Key: domain.CategoryContribution, Share: pts("30")}}}, domain.NewDate(2025, 1, 1), "test", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "2024 under the old rule", e.account(domain.SubjectMember, e.m1.ID, 2024).Appraisal.Composite, "70")
		e.s.Now = func() time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) }
		e.indicator(points.IndicatorInput{Code: "SHARE", Year: 2025, Category: domain.CategoryActivity, Points: pts("5")})
		if _, err := e.s.AwardEvent(e.ctx, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: e.m1.ID,
			IndicatorCode: "SHARE", Quantity: domain.Whole(10), DedupKey: "share:2025"}); err != nil {
			t.Fatal(err)
		}
		wantPoints(t, "2025 under the new rule", e.account(domain.SubjectMember, e.m1.ID, 2025).Appraisal.Composite, "50")
		e.clean()
	})
}

// Points are exact to 0.1: ten awards of 0.1 make exactly 1, with no float anywhere.
func TestPointsExactToATenth(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "TENTH", Points: pts("0.1")})
		for range 10 {
			e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-05-01")
		}
		hours := e.indicator(points.IndicatorInput{Code: "HRS", Unit: domain.UnitHour, Points: pts("0.3")})
		r := e.award(e.admin, hours, domain.SubjectMember, e.m1.ID, "0.5", "2024-05-01") // 0.15 → 0.2
		wantPoints(t, "0.3 × 0.5 h", r.PointsAwarded, "0.2")
		v := e.account(domain.SubjectMember, e.m1.ID, 2024)
		wantPoints(t, "total", v.Appraisal.Total, "1.2")
		wantPoints(t, "reward", v.RewardBalance, "1.2")
		_, err := e.s.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: ind.ID, SubjectType: domain.SubjectMember,
			SubjectID: e.m1.ID, Quantity: pts("1.5"), OccurredOn: "2024-05-01"})
		testutil.WantField(t, err, domain.EInvalid, "quantity", "err.points.whole")
		e.clean()
	})
}
