package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// RuleTimeline lists the values a rule takes for an organisation over time and agrees with
// Rule on every day: an organisation's row wins inside its subtree while valid, a global row
// elsewhere, and a closed row leaves a gap.
func TestRuleTimeline(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root, special, child, plain *domain.Org
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root = insertOrg(t, q, nil, "root", domain.OrgRegion)
			special = insertOrg(t, q, root, "special", domain.OrgCommittee)
			child = insertOrg(t, q, special, "child", domain.OrgBranch)
			plain = insertOrg(t, q, root, "plain", domain.OrgBranch)
			for _, r := range []struct {
				key  string
				org  int64
				n    int
				from domain.Date
			}{
				{"test.timeline", 0, 50, domain.NewDate(2020, 1, 1)},
				{"test.timeline", 0, 40, domain.NewDate(2024, 7, 1)},
				{"test.timeline", special.ID, 30, domain.NewDate(2022, 1, 1)},
				{"test.gap", 0, 7, domain.NewDate(2020, 1, 1)},
			} {
				if err := q.InsertRule(ctx, r.key, r.org, map[string]int{"n": r.n}, r.from, "", "t"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The organisation's row ends on 1 January 2025; the gap row on 1 January 2021.
		for _, u := range []struct {
			key string
			org any
			to  domain.Date
		}{{"test.timeline", special.ID, domain.NewDate(2025, 1, 1)}, {"test.gap", nil, domain.NewDate(2021, 1, 1)}} {
			if _, err := db.SQL().ExecContext(ctx, `UPDATE rules SET valid_to = $1 WHERE key = $2 AND (org_id = $3 OR $3 IS NULL)`, u.to, u.key, u.org); err != nil {
				t.Fatal(err)
			}
		}
		render := func(vs []store.RuleVersion) []string {
			var out []string
			for _, v := range vs {
				var x struct{ N int }
				if v.Value != nil {
					if err := json.Unmarshal(v.Value, &x); err != nil {
						t.Fatal(err)
					}
				}
				out = append(out, v.From.String()+"="+itoa(int64(x.N)))
			}
			return out
		}
		cases := []struct {
			key, path string
			want      []string
		}{
			{"test.timeline", "", []string{"2020-01-01=50", "2024-07-01=40"}},
			{"test.timeline", plain.Path, []string{"2020-01-01=50", "2024-07-01=40"}},
			{"test.timeline", special.Path, []string{"2020-01-01=50", "2022-01-01=30", "2025-01-01=40"}},
			{"test.timeline", child.Path, []string{"2020-01-01=50", "2022-01-01=30", "2025-01-01=40"}},
			{"test.gap", child.Path, []string{"2020-01-01=7", "2021-01-01=0"}},
			{"test.none", child.Path, nil},
		}
		for _, c := range cases {
			vs, err := db.Read().RuleTimeline(ctx, c.key, c.path)
			if err != nil {
				t.Fatal(err)
			}
			got := render(vs)
			if len(got) != len(c.want) {
				t.Errorf("%s %q: %v, want %v", c.key, c.path, got, c.want)
				continue
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s %q: %v, want %v", c.key, c.path, got, c.want)
					break
				}
			}
			// On every day the timeline's value is the one Rule returns.
			for d := domain.NewDate(2019, 6, 1); d.Before(domain.NewDate(2026, 1, 1)); d = d.AddDate(0, 0, 13) {
				var want struct{ N int }
				if _, err := db.Read().Rule(ctx, c.key, c.path, d, &want); err != nil {
					t.Fatal(err)
				}
				var got struct{ N int }
				for _, v := range vs {
					if v.From.After(d) {
						break
					}
					got.N = 0
					if v.Value != nil {
						_ = json.Unmarshal(v.Value, &got)
					}
				}
				if got.N != want.N {
					t.Errorf("%s %q on %s: timeline %d, Rule %d", c.key, c.path, d, got.N, want.N)
				}
			}
		}
	})
}
