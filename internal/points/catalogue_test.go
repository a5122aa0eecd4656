package points_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func codes(list []domain.Indicator) map[string]bool {
	out := map[string]bool{}
	for _, ind := range list {
		out[ind.Code] = ind.Inherited
	}
	return out
}

// "1 + X": a branch's catalogue is its ancestors' items plus its own, and only those score.
func TestCatalogueInheritance(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.indicator(points.IndicatorInput{Code: "R1", Points: pts("1")})
		e.indicator(points.IndicatorInput{Code: "C1", OrgID: e.f.CommitteeA.ID, Points: pts("2")})
		b1, err := e.s.CreateIndicator(e.ctx, e.sec, points.IndicatorInput{OrgID: e.f.BranchA.ID, Year: 2024, Code: "B1",
			Name: "支部特色", Category: domain.CategoryContribution, Subject: domain.SubjectMember, Points: pts("1.5"), Unit: domain.UnitCount})
		if err != nil {
			t.Fatal(err)
		}
		e.indicator(points.IndicatorInput{Code: "BB1", OrgID: e.f.BranchB.ID, Points: pts("1")})

		got, err := e.s.Catalogue(e.ctx, e.member, points.CatalogueFilter{OrgID: e.f.BranchA.ID, Year: 2024})
		if err != nil {
			t.Fatal(err)
		}
		if c := codes(got); len(c) != 3 || !c["R1"] || !c["C1"] || c["B1"] {
			t.Fatalf("BranchA catalogue (code → inherited): %v", c)
		}
		got, _ = e.s.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.BranchB.ID, Year: 2024})
		if c := codes(got); len(c) != 2 || !c["R1"] || c["BB1"] {
			t.Fatalf("BranchB catalogue: %v", c)
		}
		own, _ := e.s.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.BranchA.ID, Year: 2024, OwnOnly: true})
		if len(own) != 1 || own[0].ID != b1.ID {
			t.Fatalf("own items: %v", codes(own))
		}

		// A code names one item wherever it is visible: not again below, nor above.
		_, err = e.s.CreateIndicator(e.ctx, e.sec, points.IndicatorInput{OrgID: e.f.BranchA.ID, Year: 2024, Code: "R1",
			Name: "x", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: pts("1"), Unit: domain.UnitCount})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.CreateIndicator(e.ctx, e.admin, points.IndicatorInput{OrgID: e.f.Region.ID, Year: 2024, Code: "B1",
			Name: "x", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: pts("1"), Unit: domain.UnitCount})
		testutil.WantCode(t, err, domain.EConflict)
		// A secretary edits their branch's catalogue only.
		_, err = e.s.CreateIndicator(e.ctx, e.sec, points.IndicatorInput{OrgID: e.f.CommitteeA.ID, Year: 2024, Code: "Z",
			Name: "x", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: pts("1"), Unit: domain.UnitCount})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.CreateIndicator(e.ctx, e.member, points.IndicatorInput{OrgID: e.f.BranchA.ID, Year: 2024, Code: "Z",
			Name: "x", Category: domain.CategoryActivity, Subject: domain.SubjectMember, Points: pts("1"), Unit: domain.UnitCount})
		testutil.WantCode(t, err, domain.EForbidden)
		// Validation names the fields.
		_, err = e.s.CreateIndicator(e.ctx, e.admin, points.IndicatorInput{OrgID: e.f.Region.ID, Year: 2024, Code: "bad code",
			Name: "", Category: "nope", Subject: "x", Points: 0, Unit: domain.UnitCount})
		for _, field := range []string{"code", "name", "category", "subject", "points"} {
			if de, ok := domain.AsError(err); !ok || de.Fields[field] == "" {
				t.Errorf("no problem reported for %s: %v", field, err)
			}
		}

		// Only the subject's effective catalogue scores.
		e.award(e.admin, b1, domain.SubjectMember, e.m1.ID, "1", "2024-03-01")
		_, err = e.s.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: b1.ID, SubjectType: domain.SubjectMember,
			SubjectID: e.mB.ID, OccurredOn: "2024-03-01"})
		testutil.WantField(t, err, domain.EInvalid, "indicator_id", "err.points.not_in_catalogue")

		// Copying last year's catalogue: the organisation's own current items, once.
		n, err := e.s.CopyCatalogue(e.ctx, e.sec, e.f.BranchA.ID, 2024, 2025)
		if err != nil || n != 1 {
			t.Fatalf("copy: %d %v", n, err)
		}
		n, _ = e.s.CopyCatalogue(e.ctx, e.sec, e.f.BranchA.ID, 2024, 2025)
		if n != 0 {
			t.Fatalf("second copy copied %d", n)
		}
		next, _ := e.s.Catalogue(e.ctx, e.admin, points.CatalogueFilter{OrgID: e.f.BranchA.ID, Year: 2025})
		if len(next) != 1 || next[0].Code != "B1" || next[0].Points != pts("1.5") || next[0].ValidFrom.String() != "2025-01-01" || next[0].Used {
			t.Fatalf("2025 catalogue: %+v", next)
		}
		if testutil.AuditCount(t, db, "points.indicator.create") != 4 || testutil.AuditCount(t, db, "points.catalogue.copy") != 2 {
			t.Error("catalogue writes not audited")
		}
	})
}

// A version that scored is never edited: a change makes a new version from a date, and the
// entries keep theirs.
func TestIndicatorVersioning(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(points.IndicatorInput{Code: "V1", Points: pts("2")})
		name := "学习"
		in := points.IndicatorChange{Name: &name, Points: ptr("3")}
		same, err := e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, in)
		if err != nil || same.ID != ind.ID || same.Version != 1 || same.Points != pts("3") || same.Name != "学习" ||
			same.Category != domain.CategoryActivity || same.Unit != domain.UnitCount {
			t.Fatalf("unused edit in place: %+v %v", same, err)
		}
		first := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-03-01")
		wantPoints(t, "first award", first.PointsAwarded, "3")

		in = points.IndicatorChange{Points: ptr("5"), ValidFrom: "2024-05-01"}
		v2, err := e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if v2.ID == ind.ID || v2.SeriesID != ind.ID || v2.Version != 2 || v2.ValidFrom.String() != "2024-05-01" || v2.Name != "学习" {
			t.Fatalf("new version: %+v", v2)
		}
		old, _ := e.s.Indicator(e.ctx, e.admin, ind.ID)
		if old.Points != pts("3") || old.ValidTo.String() != "2024-05-01" || !old.Used {
			t.Fatalf("old version changed: %+v", old)
		}
		entry, _ := e.s.Entry(e.ctx, e.admin, first.EntryID)
		if entry.IndicatorID != ind.ID {
			t.Fatalf("entry moved to version %d", entry.IndicatorID)
		}
		// Any version's id resolves to the version in force on the day it happened.
		after := e.award(e.admin, ind, domain.SubjectMember, e.m1.ID, "1", "2024-06-01")
		before := e.award(e.admin, v2, domain.SubjectMember, e.m1.ID, "1", "2024-04-01")
		wantPoints(t, "award under v2", after.PointsAwarded, "5")
		wantPoints(t, "award before v2", before.PointsAwarded, "3")
		if en, _ := e.s.Entry(e.ctx, e.admin, after.EntryID); en.IndicatorID != v2.ID {
			t.Errorf("award after the change names version %d", en.IndicatorID)
		}
		_, err = e.s.UpdateIndicator(e.ctx, e.admin, ind.ID, in)
		testutil.WantCode(t, err, domain.EConflict) // only the current version changes
		in.ValidFrom = "2024-04-01"                 // before v2's start
		_, err = e.s.UpdateIndicator(e.ctx, e.admin, v2.ID, in)
		testutil.WantField(t, err, domain.EInvalid, "valid_from", "err.points.version_from")
		other := "V2"
		_, err = e.s.UpdateIndicator(e.ctx, e.admin, v2.ID, points.IndicatorChange{Code: &other})
		testutil.WantField(t, err, domain.EInvalid, "code", "err.points.code_fixed")
		versions, _ := e.s.Versions(e.ctx, e.admin, v2.ID)
		if len(versions) != 2 {
			t.Fatalf("versions: %d", len(versions))
		}
		// Retired: nothing after the end scores.
		if _, err := e.s.RetireIndicator(e.ctx, e.admin, v2.ID, "2024-06-10"); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: v2.ID, SubjectType: domain.SubjectMember,
			SubjectID: e.m1.ID, OccurredOn: "2024-06-11"})
		testutil.WantField(t, err, domain.EInvalid, "occurred_on", "err.points.indicator_not_in_force")
		// Entries are append-only in the database itself.
		if _, err := db.SQL().Exec(`UPDATE point_entries SET points = 0`); err == nil {
			t.Error("UPDATE of point_entries accepted")
		}
		if _, err := db.SQL().Exec(`DELETE FROM point_entries`); err == nil {
			t.Error("DELETE of point_entries accepted")
		}
		e.clean()
	})
}
