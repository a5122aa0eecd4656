package store_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestOrgTreeAndMove(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var a, b, c, d domain.Org
		err := db.WriteTx(ctx, func(q *store.Q) error {
			a = domain.Org{Name: "区委", Type: domain.OrgRegion, TermStartedOn: domain.NewDate(2022, 1, 1)}
			if err := q.InsertOrg(ctx, &a, ""); err != nil {
				return err
			}
			b = domain.Org{Name: "党委", Type: domain.OrgCommittee, ParentID: a.ID}
			if err := q.InsertOrg(ctx, &b, a.Path); err != nil {
				return err
			}
			c = domain.Org{Name: "一支部", Type: domain.OrgBranch, ParentID: b.ID}
			if err := q.InsertOrg(ctx, &c, b.Path); err != nil {
				return err
			}
			d = domain.Org{Name: "二党委", Type: domain.OrgCommittee, ParentID: a.ID}
			return q.InsertOrg(ctx, &d, a.Path)
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Path != a.Path+itoa(b.ID)+"/"+itoa(c.ID)+"/" || c.Depth != 3 {
			t.Fatalf("path %q depth %d", c.Path, c.Depth)
		}
		got, err := db.Read().Org(ctx, a.ID)
		if err != nil || !got.TermStartedOn.Time().Equal(a.TermStartedOn.Time()) || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v %v", got, err)
		}
		sub, err := db.Read().Orgs(ctx, store.OrgFilter{Scopes: []string{b.Path}})
		if err != nil || len(sub) != 2 {
			t.Fatalf("subtree of b: %d %v", len(sub), err)
		}
		if err := db.WriteTx(ctx, func(q *store.Q) error { return q.MoveOrg(ctx, &b, &d) }); err != nil {
			t.Fatal(err)
		}
		moved, _ := db.Read().Org(ctx, c.ID)
		if moved.Path != d.Path+itoa(b.ID)+"/"+itoa(c.ID)+"/" || moved.Depth != 4 {
			t.Fatalf("after move: %q depth %d", moved.Path, moved.Depth)
		}
		none, _ := db.Read().Orgs(ctx, store.OrgFilter{})
		if len(none) != 0 {
			t.Fatalf("empty scope returned %d orgs", len(none))
		}
	})
}

func itoa(n int64) string { return domain.OrgPath("", n)[1 : len(domain.OrgPath("", n))-1] }
