package store_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Rules are data with a validity period: a newer row applies from its date only, and a row
// for an organisation wins over the global one inside that organisation's subtree.
func TestRuleByValidityDate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root, special, child, plain *domain.Org
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root = insertOrg(t, q, nil, "root", domain.OrgRegion)
			special = insertOrg(t, q, root, "special", domain.OrgCommittee)
			child = insertOrg(t, q, special, "child", domain.OrgBranch)
			plain = insertOrg(t, q, root, "plain", domain.OrgBranch)
			if err := q.InsertRule(ctx, "test.limit", 0, map[string]int{"n": 50}, domain.NewDate(2020, 1, 1), "", "t"); err != nil {
				return err
			}
			if err := q.InsertRule(ctx, "test.limit", 0, map[string]int{"n": 40}, domain.NewDate(2024, 7, 1), "", "t"); err != nil {
				return err
			}
			return q.InsertRule(ctx, "test.limit", special.ID, map[string]int{"n": 30}, domain.NewDate(2022, 1, 1), "", "t")
		})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			path string
			on   domain.Date
			want int // 0: no rule
		}{
			{"", domain.NewDate(2019, 12, 31), 0},
			{"", domain.NewDate(2020, 1, 1), 50},
			{"", domain.NewDate(2024, 6, 30), 50}, // the day before the new row
			{"", domain.NewDate(2024, 7, 1), 40},  // from its date
			{plain.Path, domain.NewDate(2024, 6, 30), 50},
			{plain.Path, domain.NewDate(2025, 1, 1), 40},
			{special.Path, domain.NewDate(2021, 12, 31), 50}, // org row not yet valid
			{special.Path, domain.NewDate(2022, 1, 1), 30},
			{child.Path, domain.NewDate(2025, 1, 1), 30}, // inherited by the subtree, wins over newer global
		}
		for _, c := range cases {
			var v struct{ N int }
			ok, err := db.Read().Rule(ctx, "test.limit", c.path, c.on, &v)
			if err != nil {
				t.Fatal(err)
			}
			if (c.want == 0) == ok || v.N != c.want {
				t.Errorf("%q on %s: ok %v n %d, want %d", c.path, c.on, ok, v.N, c.want)
			}
		}
		// The shipped organisation rules are seeded by the migrations.
		r := domain.OrgRules{}
		if ok, err := db.Read().Rule(ctx, "org.structure", plain.Path, domain.NewDate(2024, 1, 1), &r); !ok || err != nil || r.MaxBranchMembers != 50 || r.TermYears["branch"] != 3 {
			t.Fatalf("seeded org rules: %v %v %+v", ok, err, r)
		}
	})
}
