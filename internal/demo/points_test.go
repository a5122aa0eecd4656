package demo

import (
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The demo's points: seed 004's 58 + 48 indicators for the district, seed 001's "1 + X" for
// the enterprise, a year of entries for everyone and a synthetic region's bulk entries — all
// consistent with the ledger's invariants, and ready for rankings and a rating run.
func TestDemoPoints(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := newSet(t, db)
		set.Ratings = ratings.New(db, nil)
		res, err := Load(ctx, set, Options{Members: 600, PointEntries: 6000})
		if err != nil {
			t.Fatal(err)
		}
		var dist, ent, syn int64
		for name, id := range map[string]*int64{DistrictName: &dist, EnterpriseName: &ent, SyntheticName: &syn} {
			if err := db.SQL().QueryRowContext(ctx, `SELECT id FROM orgs WHERE name = $1`, name).Scan(id); err != nil {
				t.Fatal(err)
			}
		}
		year := set.Orgs.Today().Time().Year() - 1
		list, err := set.Points.Catalogue(ctx, auth.SystemActor(), points.CatalogueFilter{OrgID: dist, Year: year})
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, ind := range list {
			n[ind.SubjectType]++
		}
		if n[domain.SubjectOrg] != 58 || n[domain.SubjectMember] != 48 {
			t.Fatalf("district catalogue %v", n)
		}
		var synEntries int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM point_entries e JOIN orgs o ON o.id = $1
			WHERE e.org_path LIKE o.path || '%'`, syn).Scan(&synEntries); err != nil {
			t.Fatal(err)
		}
		if synEntries != 6000 {
			t.Fatalf("synthetic entries %d", synEntries)
		}
		breaches, err := set.Points.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range breaches {
			t.Errorf("breach %s %s %d: %s", b.Check, b.SubjectType, b.SubjectID, b.Detail)
		}
		el, err := set.Ratings.Eligibility(ctx, auth.SystemActor(), ent, year, 0)
		if err != nil || len(el.Items) != 16 || len(el.Items[0].Members) < 5 {
			t.Fatalf("enterprise eligibility: %v", err)
		}
		run, err := set.Ratings.StartRun(ctx, auth.SystemActor(), year, dist)
		if err != nil || run.Status != store.RatingComputed || run.Processed == 0 {
			t.Fatalf("district run %+v %v", run, err)
		}
		if res.Members == 0 {
			t.Fatal("no members")
		}
	})
}
