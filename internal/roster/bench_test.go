package roster_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// BenchmarkImport100k imports 100,000 rows into an empty roster (the three passes and the
// one write transaction) and reports its time and peak heap beside a same-run baseline:
// reading the same file alone (roster.ReadAll: parse every row, no checks, no database).
//
//	go test ./internal/roster -run '^$' -bench Import100k -benchtime 1x
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	path := filepath.Join(b.TempDir(), "100k.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	writeCSV(bw, n, nil)
	bw.Flush()
	f.Close()
	fi, _ := os.Stat(path)
	b.Logf("file: %d rows, %.1f MB", n, float64(fi.Size())/(1<<20))

	b.Run("baseline_read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var rows int
			start := time.Now()
			peak := sampleHeap(func() {
				in, _ := os.Open(path)
				defer in.Close()
				if rows, err = roster.ReadAll(in, b.TempDir()); err != nil {
					b.Fatal(err)
				}
			})
			report(b, rows, time.Since(start), peak)
		}
	})
	for _, engine := range testutil.Engines() {
		b.Run("import_"+engine, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e := newEnv(b, testutil.MustOpen(b, engine))
				in, _ := os.Open(path)
				b.StartTimer()
				start := time.Now()
				var st *roster.ImportStatus
				peak := sampleHeap(func() {
					id, err := e.svc.StartImport(context.Background(), auth.SystemActor(), roster.ImportRequest{
						OrgID: e.Region.ID, Filename: "100k.csv", Body: in})
					if err != nil {
						b.Fatal(err)
					}
					e.runner.RunJob(context.Background(), id)
					st, _ = e.svc.Import(context.Background(), auth.SystemActor(), id)
				})
				elapsed := time.Since(start)
				in.Close()
				if st.Status != store.JobDone || st.Imported != n {
					b.Fatalf("import: %+v", st)
				}
				report(b, n, elapsed, peak)
			}
		})
	}
}

func report(b *testing.B, rows int, d time.Duration, peak uint64) {
	b.ReportMetric(d.Seconds(), "s/run")
	b.ReportMetric(float64(peak)/(1<<20), "peakMB")
	b.ReportMetric(float64(rows)/d.Seconds(), "rows/s")
	b.Logf("%d rows in %v, peak heap in use %.0f MB", rows, d.Round(time.Millisecond), float64(peak)/(1<<20))
}
