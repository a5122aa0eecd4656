package schedule_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/schedule"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Several instances ticking at once run a daily job exactly once a day, only from its hour
// (Asia/Shanghai), and record the outcome; a failed run is recorded as failed.
func TestDailyJobRunsOnceAcrossInstances(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var runs atomic.Int32
		// 01:30 UTC on 21 Nov is 09:30 in Shanghai; 17:30 UTC the day before is 01:30 there.
		clock := time.Date(2026, 11, 20, 17, 30, 0, 0, time.UTC)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		newInstance := func(name string) *schedule.Scheduler {
			s := schedule.New(db, log,
				schedule.Job{Name: "count", Hour: 2, Run: func(context.Context) (string, error) { runs.Add(1); return "counted", nil }},
				schedule.Job{Name: "fail", Hour: 2, Run: func(context.Context) (string, error) { return "", errors.New("boom") }})
			s.Instance = name
			s.Now = func() time.Time { return clock }
			return s
		}
		instances := []*schedule.Scheduler{newInstance("a"), newInstance("b"), newInstance("c")}
		tickAll := func() {
			var wg sync.WaitGroup
			for _, s := range instances {
				wg.Add(1)
				go func() { defer wg.Done(); s.Tick(ctx) }()
			}
			wg.Wait()
		}
		tickAll()
		if runs.Load() != 0 {
			t.Fatalf("ran before 02:00 Shanghai: %d", runs.Load())
		}
		clock = time.Date(2026, 11, 21, 1, 30, 0, 0, time.UTC)
		tickAll()
		tickAll()
		if runs.Load() != 1 {
			t.Fatalf("ran %d times on one day, want 1", runs.Load())
		}
		clock = clock.Add(24 * time.Hour)
		tickAll()
		if runs.Load() != 2 {
			t.Fatalf("next day: %d runs, want 2", runs.Load())
		}
		for name, wantOK := range map[string]bool{"count": true, "fail": false} {
			list, err := db.Read().ScheduledRuns(ctx, name, 10)
			if err != nil || len(list) != 2 {
				t.Fatalf("%s runs: %+v %v", name, list, err)
			}
			if list[0].Period != "2026-11-22" || list[0].OK == nil || *list[0].OK != wantOK || list[0].FinishedAt == nil {
				t.Fatalf("%s latest run: %+v", name, list[0])
			}
		}
	})
}
