package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func enqueue(t *testing.T, r *jobs.Runner, kind string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	err := r.DB.WriteTx(ctx, func(q *store.Q) error {
		for i := 0; i < n; i++ {
			j, err := r.Enqueue(ctx, q, kind, 0, "/", map[string]int{"i": i})
			if err != nil {
				return err
			}
			ids = append(ids, j.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func job(t *testing.T, db *store.DB, id int64) *store.JobRecord {
	t.Helper()
	j, err := db.Read().Job(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// Several runners on separate connections (as separate instances would be) work one queue:
// every job runs exactly once.
func TestRunnersNeverShareAJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		const runners, n = 4, 60
		var mu sync.Mutex
		ran := map[int64][]string{}
		var all []*jobs.Runner
		for i := 0; i < runners; i++ {
			d := db
			if i > 0 {
				var err error
				if d, err = store.Open(context.Background(), db.DSN); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
			}
			r := jobs.New(d, nil)
			r.Poll = 5 * time.Millisecond
			r.Workers = 3
			owner := r.Owner
			r.Register("count", func(ctx context.Context, j *jobs.Job) error {
				mu.Lock()
				ran[j.ID()] = append(ran[j.ID()], owner)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond)
				j.Result = map[string]string{"by": owner}
				return nil
			})
			all = append(all, r)
		}
		ids := enqueue(t, all[0], "count", n)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, r := range all {
			wg.Add(1)
			go func() { defer wg.Done(); r.Run(ctx) }()
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			var done int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM jobs WHERE status = 'done'`).Scan(&done); err != nil {
				t.Fatal(err)
			}
			if done == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d jobs done", done, n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		wg.Wait()
		owners := map[string]bool{}
		for _, id := range ids {
			if len(ran[id]) != 1 {
				t.Errorf("job %d ran %d times: %v", id, len(ran[id]), ran[id])
			}
			j := job(t, db, id)
			if j.Attempts != 1 || j.LockedBy != "" {
				t.Errorf("job %d: attempts %d, locked_by %q", id, j.Attempts, j.LockedBy)
			}
			owners[ran[id][0]] = true
		}
		t.Logf("%d jobs spread over %d runners", n, len(owners))
	})
}

// Concurrent claims of the same single job: exactly one claimer wins.
func TestClaimIsExclusive(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		for round := 0; round < 10; round++ {
			r0 := jobs.New(db, nil)
			r0.Register("x", func(context.Context, *jobs.Job) error { return nil })
			id := enqueue(t, r0, "x", 1)[0]
			var wins atomic.Int32
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				d := db
				if i%2 == 1 {
					var err error
					if d, err = store.Open(context.Background(), db.DSN); err != nil {
						t.Fatal(err)
					}
					defer d.Close()
				}
				r := jobs.New(d, nil)
				r.Register("x", func(ctx context.Context, j *jobs.Job) error { time.Sleep(20 * time.Millisecond); return nil })
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := r.RunJob(context.Background(), id)
					if err != nil {
						t.Error(err)
					}
					if ok {
						wins.Add(1)
					}
				}()
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Fatalf("round %d: %d runners ran the job", round, wins.Load())
			}
		}
	})
}

// A runner that dies holding a job (its lease runs out) does not lose the job: another
// runner takes it over, and the dead one can no longer write to it.
func TestExpiredLeaseIsRetried(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := time.Now()
		a, b := jobs.New(db, nil), jobs.New(db, nil)
		for _, r := range []*jobs.Runner{a, b} {
			r.Now = func() time.Time { return clock }
			r.Lease = time.Hour // the heartbeat stays quiet during the test
		}
		started := make(chan struct{})
		release := make(chan struct{})
		a.Register("slow", func(ctx context.Context, j *jobs.Job) error {
			close(started)
			<-release // "crashed": never heartbeats, never finishes in time
			j.Result = "a"
			return nil
		})
		b.Register("slow", func(ctx context.Context, j *jobs.Job) error { j.Result = "b"; return nil })
		id := enqueue(t, a, "slow", 1)[0]
		aDone := make(chan bool)
		go func() { ok, _ := a.RunJob(ctx, id); aDone <- ok }()
		<-started
		if ok, err := b.RunJob(ctx, id); ok || err != nil {
			t.Fatalf("b claimed a held job: %v %v", ok, err)
		}
		clock = clock.Add(2 * time.Hour) // a's lease has run out
		if ok, err := b.RunJob(ctx, id); !ok || err != nil {
			t.Fatalf("b could not take over: %v %v", ok, err)
		}
		close(release)
		<-aDone
		j := job(t, db, id)
		if j.Status != store.JobDone || j.Result != `"b"` || j.Attempts != 2 {
			t.Fatalf("job: status %s result %s attempts %d", j.Status, j.Result, j.Attempts)
		}
	})
}

func TestFailuresRetriesAndPanics(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := time.Now()
		r := jobs.New(db, nil)
		r.Now = func() time.Time { return clock }
		r.Register("bad_input", func(context.Context, *jobs.Job) error {
			return &domain.Error{Code: domain.EInvalid, Message: "roster.file.empty"}
		})
		calls := 0
		r.Register("flaky", func(context.Context, *jobs.Job) error { calls++; return errors.New("network") })
		r.Register("panics", func(context.Context, *jobs.Job) error { panic("boom") })
		bad := enqueue(t, r, "bad_input", 1)[0]
		flaky := enqueue(t, r, "flaky", 1)[0]
		panics := enqueue(t, r, "panics", 1)[0]

		r.RunJob(ctx, bad)
		if j := job(t, db, bad); j.Status != store.JobFailed || j.Error != "roster.file.empty" || j.Attempts != 1 {
			t.Fatalf("bad input: %+v", j)
		}
		for i := 0; i < 3; i++ {
			ok, err := r.RunJob(ctx, flaky)
			if !ok || err != nil {
				t.Fatalf("attempt %d: %v %v", i+1, ok, err)
			}
			if ok, _ := r.RunJob(ctx, flaky); ok {
				t.Fatal("a retried job ran before its backoff")
			}
			clock = clock.Add(time.Hour)
		}
		if j := job(t, db, flaky); j.Status != store.JobFailed || j.Attempts != 3 || calls != 3 {
			t.Fatalf("flaky: %+v calls %d", j, calls)
		}
		for i := 0; i < 3; i++ {
			r.RunJob(ctx, panics)
			clock = clock.Add(time.Hour)
		}
		if j := job(t, db, panics); j.Status != store.JobFailed {
			t.Fatalf("panics: %+v", j)
		}
	})
}

func TestFilesRoundTrip(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := jobs.New(db, nil)
		id := enqueue(t, r, "x", 1)[0]
		data := bytes.Repeat([]byte("党建0123456789"), jobs.ChunkSize/7) // a little over 2 chunks
		err := db.WriteTx(ctx, func(q *store.Q) error {
			n, err := jobs.WriteFile(ctx, q, id, "input", bytes.NewReader(data))
			if n != int64(len(data)) {
				t.Errorf("wrote %d of %d", n, len(data))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(jobs.OpenFile(ctx, db, id, "input"))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes (want %d): %v", len(got), len(data), err)
		}
		if got, _ := io.ReadAll(jobs.OpenFile(ctx, db, id, "output")); len(got) != 0 {
			t.Fatalf("missing file read %d bytes", len(got))
		}
	})
}
