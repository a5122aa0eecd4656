package member_test

import (
	"context"
	"database/sql"
	"testing"

	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// OrgCache answers as q.Org does, asks once per organisation (a rename after the first
// answer is not seen: the cache belongs to one pass), and remembers a missing one.
func TestOrgCache(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		c := member.NewOrgCache(db.Read())
		o, err := c.Org(ctx, f.BranchA.ID)
		if err != nil || o.Name != "甲一支部" || o.Path != f.BranchA.Path || !o.Type.IsBranch() {
			t.Fatalf("first answer: %+v %v", o, err)
		}
		if _, err := db.SQL().Exec(`UPDATE orgs SET name = '改名' WHERE id = $1`, f.BranchA.ID); err != nil {
			t.Fatal(err)
		}
		if o, _ := c.Org(ctx, f.BranchA.ID); o.Name != "甲一支部" {
			t.Fatalf("asked the database again: %s", o.Name)
		}
		if o, _ := member.NewOrgCache(db.Read()).Org(ctx, f.BranchA.ID); o.Name != "改名" {
			t.Fatalf("a new cache should read afresh: %s", o.Name)
		}
		for range 2 {
			if o, err := c.Org(ctx, 999999); o != nil || err != sql.ErrNoRows {
				t.Fatalf("missing org: %v %v", o, err)
			}
		}
	})
}
