package ratings_test

import (
	"fmt"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The rating run of 2023 for CommitteeA: computed as a background job with progress,
// calibrated (the computed value kept beside the final, with who and why), refused while
// stale, published before 1 July; then the year is closed there: postings of 2023 to its
// subjects, new runs and calibrations are refused, while CommitteeB stays open.
func TestRatingRunCalibratePublish(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		runner := jobs.New(db, nil)
		rs := ratings.New(db, runner)
		rs.Now = e.r.Now
		act := e.indicator(e.f.Region.ID, 2023, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		exp := e.indicator(e.f.Region.ID, 2023, "EXP", domain.CategoryExperience, domain.SubjectMember, false)
		con := e.indicator(e.f.Region.ID, 2023, "CON", domain.CategoryContribution, domain.SubjectMember, false)
		veto := e.indicator(e.f.Region.ID, 2023, "VETO", domain.CategoryContribution, domain.SubjectMember, true)
		orgAct := e.indicator(e.f.Region.ID, 2023, "OACT", domain.CategoryActivity, domain.SubjectOrg, false)
		star5 := e.member(e.f.BranchA.ID, "五星")
		star2 := e.member(e.f.BranchA.ID, "二星")
		vetoed := e.member(e.f.BranchA2.ID, "否决")
		none := e.member(e.f.BranchA2.ID, "零分")
		other := e.member(e.f.BranchB.ID, "乙方")
		e.give(act, domain.SubjectMember, star5.ID, 40, "2023-03-01") // 30 (capped) + 40 + 30 = 100
		e.give(exp, domain.SubjectMember, star5.ID, 45, "2023-03-01")
		e.give(con, domain.SubjectMember, star5.ID, 30, "2023-03-01")
		e.give(act, domain.SubjectMember, star2.ID, 30, "2023-04-01") // 30 + 40 + 2 = 72 → 2★
		e.give(exp, domain.SubjectMember, star2.ID, 40, "2023-04-01")
		e.give(con, domain.SubjectMember, star2.ID, 2, "2023-04-01")
		e.give(act, domain.SubjectMember, vetoed.ID, 30, "2023-05-01")
		e.give(exp, domain.SubjectMember, vetoed.ID, 40, "2023-05-01")
		e.give(con, domain.SubjectMember, vetoed.ID, 30, "2023-05-01")
		e.give(veto, domain.SubjectMember, vetoed.ID, 1, "2023-06-01") // 99 → 0★ by the veto
		e.give(orgAct, domain.SubjectOrg, e.f.BranchA.ID, 25, "2023-06-01")

		_, err := rs.StartRun(e.ctx, e.f.User(t, "seca", 0, testutil.Grant(domain.RoleSecretary, e.f.BranchA.ID)), 2023, e.f.CommitteeA.ID)
		wantCode(t, err, domain.EForbidden, "")
		run, err := rs.StartRun(e.ctx, e.admin, 2023, e.f.CommitteeA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != store.RatingQueued || run.JobID == 0 {
			t.Fatalf("started %+v", run)
		}
		_, err = rs.StartRun(e.ctx, e.admin, 2023, e.f.CommitteeA.ID)
		wantCode(t, err, domain.EConflict, "err.ratings.running")
		if ok, err := runner.RunJob(e.ctx, run.JobID); !ok || err != nil {
			t.Fatalf("job: %v %v", ok, err)
		}
		st, err := rs.RunStatus(e.ctx, e.admin, 2023, e.f.CommitteeA.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Subjects: BranchA, GroupA? no (groups are not rated), BranchA2 + 4 members.
		if st.Status != store.RatingComputed || st.TotalSubjects != 6 || st.Processed != 6 || st.PublishBy != domain.NewDate(2024, 7, 1) {
			t.Fatalf("computed %+v", st)
		}
		if got := st.Stars[domain.SubjectMember]; got[5] != 1 || got[2] != 1 || got[0] != 2 {
			t.Fatalf("member stars %v", got)
		}
		job, _ := db.Read().Job(e.ctx, run.JobID)
		if job.Status != store.JobDone || job.TotalRows != 6 {
			t.Fatalf("job %+v", job)
		}
		page, err := rs.Results(e.ctx, e.admin, 2023, e.f.CommitteeA.ID, ratings.ResultFilter{SubjectType: domain.SubjectMember})
		if err != nil {
			t.Fatal(err)
		}
		res := map[int64]ratings.Result{}
		for _, r := range page.Items {
			res[r.SubjectID] = r
		}
		if r := res[star5.ID]; r.Composite != pts("100") || r.Stars != 5 || r.Total != pts("115") {
			t.Fatalf("star5 %+v", r)
		}
		if r := res[vetoed.ID]; r.Composite != pts("99") || r.Stars != 0 || r.Vetoes != 1 {
			t.Fatalf("vetoed %+v", r)
		}
		if _, ok := res[none.ID]; !ok || len(page.Items) != 4 {
			t.Fatalf("members rated: %d", len(page.Items))
		}
		if _, ok := res[other.ID]; ok {
			t.Fatal("a member of CommitteeB rated in CommitteeA's run")
		}

		// Calibration: the final value beside the computed one, with who and why.
		coma := e.f.User(t, "coma", 0, testutil.Grant(domain.RoleOrgAdmin, e.f.CommitteeA.ID))
		three := 3
		_, err = rs.Calibrate(e.ctx, coma, 2023, e.f.CommitteeA.ID, ratings.CalibrateInput{SubjectType: domain.SubjectMember,
			SubjectID: star2.ID, Stars: &three})
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		cal, err := rs.Calibrate(e.ctx, coma, 2023, e.f.CommitteeA.ID, ratings.CalibrateInput{SubjectType: domain.SubjectMember,
			SubjectID: star2.ID, Stars: &three, Reason: "抗洪抢险表现突出，支委会研究上调"})
		if err != nil {
			t.Fatal(err)
		}
		if cal.Stars != 2 || cal.FinalStars != 3 || !cal.Calibrated || cal.CalibratedBy != "coma" || cal.Composite != pts("72") {
			t.Fatalf("calibrated %+v", cal)
		}
		if n := testutil.AuditCount(t, db, "ratings.calibrate"); n != 1 {
			t.Fatalf("%d calibration audits", n)
		}
		// A posting of 2023 after the computation makes the results stale.
		e.give(con, domain.SubjectMember, none.ID, 1, "2023-12-30")
		_, err = rs.Publish(e.ctx, coma, 2023, e.f.CommitteeA.ID, ratings.PublishInput{})
		wantCode(t, err, domain.EConflict, "err.ratings.stale")
		// Computing again keeps the calibration.
		time.Sleep(2 * time.Millisecond)
		run, err = rs.StartRun(e.ctx, coma, 2023, e.f.CommitteeA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := runner.RunJob(e.ctx, run.JobID); err != nil {
			t.Fatal(err)
		}
		page, _ = rs.Results(e.ctx, e.admin, 2023, e.f.CommitteeA.ID, ratings.ResultFilter{Calibrated: true})
		if len(page.Items) != 1 || page.Items[0].FinalStars != 3 {
			t.Fatalf("calibration after recompute %+v", page.Items)
		}
		// Publishing: not before the year is over, with the right, in time.
		_, err = rs.Publish(e.ctx, e.f.User(t, "secb", 0, testutil.Grant(domain.RoleSecretary, e.f.BranchB.ID)), 2023, e.f.CommitteeA.ID, ratings.PublishInput{})
		wantCode(t, err, domain.EForbidden, "")
		_, err = rs.Publish(e.ctx, coma, 2024, e.f.CommitteeA.ID, ratings.PublishInput{})
		wantCode(t, err, domain.EConflict, "err.ratings.year_not_over")
		pub, err := rs.Publish(e.ctx, coma, 2023, e.f.CommitteeA.ID, ratings.PublishInput{})
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != store.RatingPublished || pub.PublishedBy != "coma" || pub.PublishedLate {
			t.Fatalf("published %+v", pub)
		}
		// The year is closed for CommitteeA's subjects, members and organisations alike.
		_, err = e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: act.ID, SubjectType: domain.SubjectMember,
			SubjectID: star2.ID, Quantity: domain.Whole(1), OccurredOn: "2023-12-01"})
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		_, err = e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: orgAct.ID, SubjectType: domain.SubjectOrg,
			SubjectID: e.f.BranchA2.ID, Quantity: domain.Whole(1), OccurredOn: "2023-12-01"})
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		entries, _ := e.pts.Entries(e.ctx, e.admin, points.EntryFilter{SubjectType: domain.SubjectMember, SubjectID: star5.ID})
		_, err = e.pts.Reverse(e.ctx, e.admin, entries[0].ID, "更正")
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		_, err = rs.Calibrate(e.ctx, coma, 2023, e.f.CommitteeA.ID, ratings.CalibrateInput{SubjectType: domain.SubjectMember,
			SubjectID: star5.ID, Stars: &three, Reason: "x"})
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		_, err = rs.StartRun(e.ctx, e.admin, 2023, e.f.CommitteeA.ID)
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		_, err = rs.StartRun(e.ctx, e.admin, 2023, e.f.Region.ID) // overlaps the published subtree
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		// CommitteeB's 2023 and CommitteeA's 2024 stay open.
		e.give(act, domain.SubjectMember, other.ID, 1, "2023-12-01")
		act24 := e.indicator(e.f.Region.ID, 2024, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		e.give(act24, domain.SubjectMember, star2.ID, 1, "2024-02-01")
		mine, err := rs.PublishedResult(e.ctx, e.f.User(t, "me2", star2.ID), 2023, domain.SubjectMember, star2.ID)
		if err != nil || mine.FinalStars != 3 || mine.Stars != 2 {
			t.Fatalf("published result %+v %v", mine, err)
		}
		if n := testutil.AuditCount(t, db, "ratings.publish"); n != 1 {
			t.Fatalf("%d publish audits", n)
		}
		e.clean()
	})
}

// After the deadline (1 July of the next year) publishing needs a late reason, recorded.
func TestPublishAfterDeadline(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		act := e.indicator(e.f.Region.ID, 2023, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		m := e.member(e.f.BranchB.ID, "迟到")
		e.give(act, domain.SubjectMember, m.ID, 65, "2023-03-01")
		run, err := e.r.StartRun(e.ctx, e.admin, 2023, e.f.CommitteeB.ID) // no runner: computed at once
		if err != nil || run.Status != store.RatingComputed {
			t.Fatalf("run %+v %v", run, err)
		}
		e.now = time.Date(2024, 6, 30, 16, 30, 0, 0, time.UTC) // 1 July 00:30 in Beijing
		_, err = e.r.Publish(e.ctx, e.admin, 2023, e.f.CommitteeB.ID, ratings.PublishInput{})
		wantCode(t, err, domain.EConflict, "err.ratings.deadline_passed")
		pub, err := e.r.Publish(e.ctx, e.admin, 2023, e.f.CommitteeB.ID, ratings.PublishInput{LateReason: "换届延误"})
		if err != nil || !pub.PublishedLate || pub.LateReason != "换届延误" {
			t.Fatalf("late %+v %v", pub, err)
		}
	})
}

// Seed 004 (Yongchuan): "points for stars" — the district's catalogue of 58 organisation and
// 48 member indicators; last year's points give this year's stars, rated and published
// before 1 July.
func TestSeed004Stars(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.now = time.Date(2024, 6, 20, 2, 0, 0, 0, time.UTC)
		district := e.f.Region
		cats := []string{domain.CategoryActivity, domain.CategoryExperience, domain.CategoryContribution}
		var orgInds, memInds []*domain.Indicator
		for i := range 58 {
			orgInds = append(orgInds, e.indicator(district.ID, 2023, fmt.Sprintf("O%02d", i+1), cats[i%3], domain.SubjectOrg, i == 57))
		}
		for i := range 48 {
			memInds = append(memInds, e.indicator(district.ID, 2023, fmt.Sprintf("M%02d", i+1), cats[i%3], domain.SubjectMember, i == 47))
		}
		list, err := e.pts.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.BranchB.ID, Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		var nOrg, nMem int
		for _, ind := range list {
			if ind.SubjectType == domain.SubjectOrg {
				nOrg++
			} else {
				nMem++
			}
		}
		if nOrg != 58 || nMem != 48 {
			t.Fatalf("catalogue: %d org, %d member indicators", nOrg, nMem)
		}
		// Organisations: BranchA completes 57 indicators × 2 → 114 raw → composite 100 → 5★;
		// BranchB completes 30 → 10 per category → 30 → 0★; BranchA2 also the veto item.
		for i, ind := range orgInds[:57] {
			e.give(ind, domain.SubjectOrg, e.f.BranchA.ID, 2, "2023-0"+fmt.Sprint(1+i%9)+"-10")
			e.give(ind, domain.SubjectOrg, e.f.BranchA2.ID, 2, "2023-0"+fmt.Sprint(1+i%9)+"-10")
			if i < 30 {
				e.give(ind, domain.SubjectOrg, e.f.BranchB.ID, 1, "2023-10-10")
			}
		}
		e.give(orgInds[57], domain.SubjectOrg, e.f.BranchA2.ID, 1, "2023-11-11")
		// Members: m1 every member indicator once → 16 per category; m2 47 × 2 → 30+32+30 = 92 → 4★.
		m1, m2 := e.member(e.f.BranchA.ID, "一号"), e.member(e.f.BranchB.ID, "二号")
		for _, ind := range memInds[:47] {
			e.give(ind, domain.SubjectMember, m1.ID, 1, "2023-08-08")
			e.give(ind, domain.SubjectMember, m2.ID, 2, "2023-08-08")
		}
		run, err := e.r.StartRun(e.ctx, e.admin, 2023, district.ID)
		if err != nil {
			t.Fatal(err)
		}
		page, err := e.r.Results(e.ctx, e.admin, 2023, district.ID, ratings.ResultFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		stars := map[string]int{}
		for _, r := range page.Items {
			stars[fmt.Sprint(r.SubjectType, r.SubjectID)] = r.FinalStars
		}
		for k, want := range map[string]int{fmt.Sprint("org", e.f.BranchA.ID): 5, fmt.Sprint("org", e.f.BranchB.ID): 0,
			fmt.Sprint("org", e.f.BranchA2.ID): 0, fmt.Sprint("member", m1.ID): 0, fmt.Sprint("member", m2.ID): 4} {
			if stars[k] != want {
				t.Errorf("%s: %d stars, want %d (all %v)", k, stars[k], want, stars)
			}
		}
		pub, err := e.r.Publish(e.ctx, e.admin, 2023, district.ID, ratings.PublishInput{})
		if err != nil {
			t.Fatal(err)
		}
		if pub.ID != run.ID || pub.PublishedLate || pub.PublishedAt == nil || !domain.DateOf(pub.PublishedAt.In(time.FixedZone("CST", 8*3600))).Before(pub.PublishBy) {
			t.Fatalf("published %+v", pub)
		}
		_, err = e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: memInds[0].ID, SubjectType: domain.SubjectMember,
			SubjectID: m1.ID, Quantity: domain.Whole(1), OccurredOn: "2023-12-31"})
		wantCode(t, err, domain.EConflict, "err.ratings.year_closed")
		e.clean()
	})
}
