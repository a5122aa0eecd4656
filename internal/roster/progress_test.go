package roster_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// While an import runs, its status moves through the phases with growing processed_rows,
// including inside the one write transaction (from memory on SQLite), and ends at 100%.
func TestImportProgressIsVisible(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		sys := auth.SystemActor()
		const n = 6000
		id, err := e.svc.StartImport(ctx, sys, roster.ImportRequest{OrgID: e.Region.ID, Body: bytes.NewReader(csvBytes(n, nil))})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := e.svc.Import(ctx, sys, id)
		if st.Status != "queued" || st.Percent() != 0 {
			t.Fatalf("before: %+v", st)
		}
		done := make(chan struct{})
		go func() { e.runner.RunJob(ctx, id); close(done) }()
		seen := map[string]bool{}
		last := -1
		for running := true; running; {
			select {
			case <-done:
				running = false
			case <-time.After(time.Millisecond):
			}
			st, err := e.svc.Import(ctx, sys, id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Status == "running" && st.ProcessedRows > 0 && st.ProcessedRows < n {
				seen[st.Phase] = true
			}
			if p := st.Percent(); p < last {
				t.Fatalf("progress went back from %d to %d (%+v)", last, p, st)
			} else {
				last = p
			}
		}
		if !seen["checking"] || !seen["writing"] {
			t.Fatalf("phases seen mid-way: %v", seen)
		}
		st, _ = e.svc.Import(ctx, sys, id)
		if st.Status != "done" || st.Percent() != 100 || st.ProcessedRows != n {
			t.Fatalf("after: %+v", st)
		}
	})
}
