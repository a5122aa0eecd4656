package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Many goroutines writing at once all succeed (SQLite: one writer connection and BEGIN
// IMMEDIATE, so they queue instead of failing with SQLITE_BUSY), and read-modify-write
// inside WriteTx loses no update (PostgreSQL: SELECT … FOR UPDATE).
func TestConcurrentWriteTx(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root *domain.Org
		if err := db.WriteTx(ctx, func(q *store.Q) error {
			root = insertOrg(t, q, nil, "root", domain.OrgRegion)
			root.Code = "0"
			return q.UpdateOrg(ctx, root)
		}); err != nil {
			t.Fatal(err)
		}
		const n = 40
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.WriteTx(ctx, func(q *store.Q) error {
					o, err := q.Org(ctx, root.ID) // locks the row on PostgreSQL
					if err != nil {
						return err
					}
					c, _ := strconv.Atoi(o.Code)
					o.Code = strconv.Itoa(c + 1)
					if err := q.UpdateOrg(ctx, o); err != nil {
						return err
					}
					child := &domain.Org{Name: "child" + strconv.Itoa(i), Type: domain.OrgBranch, ParentID: root.ID}
					return q.InsertOrg(ctx, child, root.Path)
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		o, _ := db.Read().Org(ctx, root.ID)
		if o.Code != strconv.Itoa(n) {
			t.Fatalf("counter %s after %d increments: lost updates", o.Code, n)
		}
		kids, _ := db.Read().Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}, ParentID: root.ID})
		if len(kids) != n {
			t.Fatalf("%d children", len(kids))
		}
	})
}

// A failed transaction leaves nothing behind.
func TestWriteTxRollsBack(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := &domain.Error{Code: domain.EInvalid}
		err := db.WriteTx(ctx, func(q *store.Q) error {
			insertOrg(t, q, nil, "root", domain.OrgRegion)
			return boom
		})
		if err != boom {
			t.Fatalf("error %v", err)
		}
		func() {
			defer func() { recover() }()
			db.WriteTx(ctx, func(q *store.Q) error {
				insertOrg(t, q, nil, "root2", domain.OrgRegion)
				panic("boom")
			})
		}()
		if orgs, _ := db.Read().Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}}); len(orgs) != 0 {
			t.Fatalf("%d orgs survived the rollback", len(orgs))
		}
		// and the writer is usable afterwards
		if err := db.WriteTx(ctx, func(q *store.Q) error { insertOrg(t, q, nil, "ok", domain.OrgRegion); return nil }); err != nil {
			t.Fatal(err)
		}
	})
}
