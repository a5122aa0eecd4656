package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// GroupTx under a burst: every write that succeeds is committed, every write that fails
// (by error or by panic) leaves nothing behind and gets its own error, and the others in
// the same shared transaction are not affected; a caller that cancels half-way does not
// break its write or anyone else's. On PostgreSQL GroupTx is WriteTx; the same promises
// hold (before writes ignored cancellation, a cancelled caller there now and then broke a
// concurrent transaction's connection: "driver: bad connection").
func TestGroupTxIsolatesFailures(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var root *domain.Org
		if err := db.WriteTx(ctx, func(q *store.Q) error {
			root = insertOrg(t, q, nil, "root", domain.OrgRegion)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		const n = 120
		boom := errors.New("refused")
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cctx, cancel := context.WithCancel(ctx)
				defer cancel()
				errs[i] = db.GroupTx(cctx, func(q *store.Q) error {
					if i%10 == 5 { // the caller gives up (a phone that lost its signal): a write
						cancel() // that has begun still runs to its end
					}
					child := &domain.Org{Name: "g" + strconv.Itoa(i), Type: domain.OrgBranch, ParentID: root.ID}
					if err := q.InsertOrg(cctx, child, root.Path); err != nil {
						return err
					}
					switch i % 10 {
					case 3: // wrote, then refused: its row must vanish
						return boom
					case 7:
						panic("bug in one write")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		want := 0
		for i, err := range errs {
			switch i % 10 {
			case 3:
				if !errors.Is(err, boom) {
					t.Fatalf("write %d: got %v, want its own error", i, err)
				}
			case 7:
				if err == nil {
					t.Fatalf("write %d panicked but reported success", i)
				}
			default:
				if err != nil {
					t.Fatalf("write %d: %v", i, err)
				}
				want++
			}
		}
		kids, err := db.Read().Orgs(ctx, store.OrgFilter{Scopes: []string{root.Path}, ParentID: root.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(kids) != want {
			t.Fatalf("%d children committed, want %d (the failed writes' rows must roll back alone)", len(kids), want)
		}
		for _, k := range kids {
			i, _ := strconv.Atoi(k.Name[1:])
			if i%10 == 3 || i%10 == 7 {
				t.Fatalf("row of failed write %d was committed", i)
			}
		}
	})
}

// A caller that gives up before its write ran gets its context's error, and the write does
// not happen later behind its back.
func TestGroupTxCancelledBeforeRun(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		err := db.GroupTx(ctx, func(q *store.Q) error { ran = true; return nil })
		if err == nil && !ran {
			t.Fatal("no error and not run")
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
}

// The readers' and writer's statement caches return the same answers as plain queries,
// however often a text runs, and a text first met inside a transaction keeps working once
// it has been prepared for the writer in the background.
func TestStatementCacheAnswersStayRight(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var ids []int64
		for i := range 30 {
			if err := db.WriteTx(ctx, func(q *store.Q) error {
				o := insertOrg(t, q, nil, "org"+strconv.Itoa(i), domain.OrgRegion)
				ids = append(ids, o.ID)
				// the same read inside the transaction: unprepared at first, prepared later
				got, err := q.Org(ctx, o.ID)
				if err != nil {
					return err
				}
				if got.Name != o.Name {
					t.Fatalf("in transaction %d: read %q, want %q", i, got.Name, o.Name)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		for i, id := range ids {
			o, err := db.Read().Org(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if o.Name != "org"+strconv.Itoa(i) {
				t.Fatalf("org %d: read %q", id, o.Name)
			}
		}

		// A cached reader statement must not pin an old snapshot: each read sees the last
		// committed write.
		for round := range 5 {
			want := "renamed" + strconv.Itoa(round)
			if err := db.WriteTx(ctx, func(q *store.Q) error {
				o, err := q.Org(ctx, ids[0])
				if err != nil {
					return err
				}
				o.Name = want
				return q.UpdateOrg(ctx, o)
			}); err != nil {
				t.Fatal(err)
			}
			o, err := db.Read().Org(ctx, ids[0])
			if err != nil {
				t.Fatal(err)
			}
			if o.Name != want {
				t.Fatalf("round %d: read %q after writing %q: a stale snapshot", round, o.Name, want)
			}
		}
	})
}
