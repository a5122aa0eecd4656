package points_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func str(s string) *string { return &s }
func yes() *bool           { b := true; return &b }

// A change names only the fields it changes; the others keep their values.
func TestIndicatorChangeIsAPatch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "P1", Points: pts("2"), Category: domain.CategoryExperience,
			NeedsApproval: true, Caps: domain.Caps{Month: ptr("10")}, DedupTemplate: "{code}:{subject}:{date}"})
		got, err := e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, points.IndicatorChange{Name: str("  改名 ")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "改名" || got.Points != pts("2") || got.Category != domain.CategoryExperience || !got.NeedsApproval ||
			got.Caps.Month == nil || *got.Caps.Month != pts("10") || got.DedupTemplate != "{code}:{subject}:{date}" {
			t.Fatalf("after a name change: %+v", got)
		}
		// Caps, when given, replace all caps; a unit of grade gets the default grade table.
		got, err = e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, points.IndicatorChange{Caps: &domain.Caps{Day: ptr("1")},
			Unit: str(domain.UnitGrade)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Caps.Month != nil || got.Caps.Day == nil || got.Unit != domain.UnitGrade ||
			!slices.Equal(got.Grades, domain.DefaultGrades) || got.Name != "改名" {
			t.Fatalf("after caps and unit: %+v", got)
		}
		stored, _ := e.s.Indicator(e.ctx, e.admin, ind.ID)
		if stored.Name != "改名" || stored.Unit != domain.UnitGrade || stored.Caps.Month != nil {
			t.Fatalf("stored: %+v", stored)
		}
	})
}

// Concurrent changes of different fields all take effect: the service merges each onto the
// version as the one before it left it (no lost update), on both engines.
func TestIndicatorConcurrentChangesKeepEachOther(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "C1", Points: pts("1")})
		changes := []points.IndicatorChange{
			{Name: str("并发")},
			{Points: ptr("7.5")},
			{NeedsEvidence: yes()},
			{NeedsApproval: yes()},
			{Veto: yes()},
			{AppraisalOnly: yes()},
			{DedupTemplate: str("{code}:{subject}")},
			{Caps: &domain.Caps{Year: ptr("30")}},
			{AwardRoles: &[]string{domain.RoleSecretary}},
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(changes))
		for _, c := range changes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, c); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, err := e.s.Indicator(e.ctx, e.admin, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "并发" || got.Points != pts("7.5") || !got.NeedsEvidence || !got.NeedsApproval || !got.Veto ||
			!got.AppraisalOnly || got.DedupTemplate != "{code}:{subject}" || got.Caps.Year == nil ||
			!slices.Equal(got.AwardRoles, []string{domain.RoleSecretary}) || got.Version != 1 {
			t.Fatalf("a change was lost: %+v", got)
		}
		if n := testutil.AuditCount(t, db, "points.indicator.update"); n != len(changes) {
			t.Errorf("%d updates audited, want %d", n, len(changes))
		}
	})
}

// On 1 January, "from today" is the first day of an item valid from 1 January: a used item
// still gets a new version, and again later the same day.
func TestIndicatorVersionOnFirstOfJanuary(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// 1 January 2024, 01:00 in Beijing: still 31 December in UTC.
		e.s.Now = func() time.Time { return time.Date(2023, time.December, 31, 17, 0, 0, 0, time.UTC) }
		v1 := e.indicator(points.IndicatorInput{Code: "NY", Points: pts("2"), NeedsApproval: true})
		first := e.award(e.admin, v1, domain.SubjectMember, e.m1.ID, "1", "2024-01-01")
		pending, err := e.s.Claim(e.ctx, e.member, points.ClaimInput{IndicatorID: v1.ID, OccurredOn: "2024-01-01"})
		if err != nil {
			t.Fatal(err)
		}

		v2, err := e.s.UpdateIndicator(e.ctx, e.admin, v1.ID, points.IndicatorChange{Points: ptr("5")})
		if err != nil {
			t.Fatalf("new version on 1 January: %v", err)
		}
		if v2.ID == v1.ID || v2.Version != 2 || v2.ValidFrom.String() != "2024-01-01" || v2.Points != pts("5") {
			t.Fatalf("v2: %+v", v2)
		}
		old, _ := e.s.Indicator(e.ctx, e.admin, v1.ID)
		if old.ValidTo.String() != "2024-01-01" || old.Points != pts("2") {
			t.Fatalf("v1 after the change: %+v", old)
		}
		// What happens today earns under the new version; what named the old one keeps it.
		now := e.award(e.admin, v1, domain.SubjectMember, e.m2.ID, "1", "2024-01-01")
		wantPoints(t, "award after the change", now.PointsAwarded, "5")
		if en, _ := e.s.Entry(e.ctx, e.admin, now.EntryID); en.IndicatorID != v2.ID {
			t.Errorf("today's award names version %d, want %d", en.IndicatorID, v2.ID)
		}
		if en, _ := e.s.Entry(e.ctx, e.admin, first.EntryID); en.IndicatorID != v1.ID || en.Points != pts("2") {
			t.Errorf("the earlier entry changed: %+v", en)
		}
		approved, err := e.s.ApproveClaim(e.ctx, e.sec, pending.ID)
		if err != nil {
			t.Fatal(err)
		}
		if en, _ := e.s.Entry(e.ctx, e.admin, approved.EntryID); en.IndicatorID != v1.ID || en.Points != pts("2") {
			t.Errorf("the claim filed under v1 posted %+v", en)
		}
		cat, _ := e.s.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.BranchA.ID, Year: 2024, On: "2024-01-01"})
		if len(cat) != 1 || cat[0].ID != v2.ID {
			t.Fatalf("in force on 1 January: %+v", cat)
		}

		// Used again the same day, it changes again the same day.
		v3, err := e.s.UpdateIndicator(e.ctx, e.admin, v2.ID, points.IndicatorChange{Points: ptr("6")})
		if err != nil || v3.Version != 3 || v3.ValidFrom.String() != "2024-01-01" {
			t.Fatalf("v3: %+v %v", v3, err)
		}
		// Never before the current version, nor in another year.
		e.award(e.admin, v3, domain.SubjectMember, e.m1.ID, "1", "2024-01-01")
		_, err = e.s.UpdateIndicator(e.ctx, e.admin, v3.ID, points.IndicatorChange{Points: ptr("7"), ValidFrom: "2023-12-31"})
		testutil.WantField(t, err, domain.EInvalid, "valid_from", "err.points.version_from")
		versions, _ := e.s.Versions(e.ctx, e.admin, v3.ID)
		if len(versions) != 3 {
			t.Fatalf("versions: %d", len(versions))
		}
		e.clean()
	})
}

// Whoever sees an item in a catalogue they may read, reads it by id: officers of a branch
// read what their committee and region set.
func TestIndicatorReadableWhereInherited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		region := e.indicator(points.IndicatorInput{Code: "R1", Points: pts("1")})
		committee := e.indicator(points.IndicatorInput{Code: "CA1", Points: pts("1"), OrgID: e.f.CommitteeA.ID})
		branchA := e.indicator(points.IndicatorInput{Code: "BA1", Points: pts("1"), OrgID: e.f.BranchA.ID})
		branchB := e.indicator(points.IndicatorInput{Code: "BB1", Points: pts("1"), OrgID: e.f.BranchB.ID})
		cases := []struct {
			who  string
			ind  *domain.Indicator
			seen bool
		}{
			{"sec", region, true}, {"sec", committee, true}, {"sec", branchA, true}, {"sec", branchB, false},
			{"committee", committee, true}, {"leader", committee, true}, {"leader", branchB, false},
			{"secB", region, true}, {"secB", committee, false}, {"secB", branchA, false}, {"secB", branchB, true},
			{"comA", region, true}, {"comA", branchA, true}, {"comA", branchB, false},
			{"member", region, true}, {"member", committee, true}, {"member", branchB, false},
		}
		actors := map[string]*auth.Actor{"sec": e.sec, "committee": e.committee, "leader": e.leader, "secB": e.secB,
			"comA": e.comA, "member": e.member}
		for _, c := range cases {
			name := fmt.Sprintf("%s reads %s", c.who, c.ind.Code)
			_, err := e.s.Indicator(e.ctx, actors[c.who], c.ind.ID)
			switch {
			case c.seen && err != nil:
				t.Errorf("%s: %v", name, err)
			case !c.seen && domain.ErrorCode(err) != domain.ENotFound:
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		// What a branch officer reads by id is what their catalogue shows.
		list, err := e.s.Catalogue(e.ctx, e.committee, points.CatalogueFilter{OrgID: e.f.BranchA.ID, Year: 2024})
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range list {
			if _, err := e.s.Indicator(e.ctx, e.committee, ind.ID); err != nil {
				t.Errorf("%s in the catalogue but not by id: %v", ind.Code, err)
			}
			if _, err := e.s.Versions(e.ctx, e.committee, ind.ID); err != nil {
				t.Errorf("%s versions: %v", ind.Code, err)
			}
		}
	})
}
