package suite

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// usage is what one measured step cost: wall time and two peaks of memory.
//
//   - heap: the most Go heap in use (runtime.MemStats.HeapInuse), sampled every 50 ms from
//     a goroutine, after a GC before the step so garbage of earlier steps does not count;
//   - rss: the process's peak resident set (VmHWM in /proc/self/status), reset before the
//     step by writing 5 to /proc/self/clear_refs. It includes what the heap figure cannot
//     see: SQLite's page cache (the modernc driver allocates outside the Go heap), the
//     runtime's own overhead and the binary. 0 where Linux's /proc is not available.
type usage struct {
	took      time.Duration
	heap, rss uint64
}

// measure runs fn and returns its usage.
func measure(fn func() error) (usage, error) {
	runtime.GC()
	debug.FreeOSMemory() // return freed pages, so the RSS peak starts near what is live
	resetPeakRSS()
	var u usage
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			u.heap = max(u.heap, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	err := fn()
	u.took = time.Since(start)
	close(stop)
	<-done
	u.rss = peakRSS()
	return u, err
}

func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is VmHWM in bytes, 0 if unknown.
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// mb formats bytes as megabytes ("–" for unknown).
func mb(n uint64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}

// String is the usage as a table cell.
func (u usage) String() string {
	return fmt.Sprintf("%.2f s · peak heap %s · peak RSS %s", u.took.Seconds(), mb(u.heap), mb(u.rss))
}
