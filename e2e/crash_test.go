package e2e

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/testutil"
)

// Shape of the crash test: the server is killed this many times, each time after a random
// moment of a stream from this many concurrent clients.
const (
	crashKills   = 5
	crashWorkers = 8
	minLife      = 150 * time.Millisecond
	maxLife      = 700 * time.Millisecond
	finalPasses  = 3
)

// The server killed with SIGKILL again and again in the middle of a stream of awards and
// redemptions: after each kill `dangjian points verify` finds no breach; every request is
// retried with its Idempotency-Key until it is answered; in the end every answered request
// is in the ledger exactly once, no key posted twice, and the member's balances moved by
// exactly what the answers say.
func TestCrashDuringAwardsAndRedemptions(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and kills the real binary")
	}
	bin := buildBinary(t)
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) { crashTest(t, bin, testutil.MustDSN(t, engine)) })
	}
}

func crashTest(t *testing.T, bin, dsn string) {
	started := time.Now()
	data := filepath.Join(t.TempDir(), "data")
	if out, err := runCLI(t, bin, "demo", "--db", dsn, "--data", data); err != nil {
		t.Fatalf("dangjian demo: %v\n%s", err, out)
	}
	srv := newServer(t, bin, dsn, data)
	srv.start(t)
	setup := &api{t: t, client: newClient(), base: srv.base}
	f := setUp(t, setup)
	before := readSnapshot(setup, f)

	s := &stream{t: t, f: f, workers: crashWorkers, redeemShare: 0.25}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	for life := 0; ; life++ {
		if life > 0 {
			srv.start(t)
		}
		client := newClient()
		last := life == crashKills
		done := s.life(client, srv.base, !last, seed+uint64(life)+1)
		if last {
			<-done
			// A retry that timed out on a slow machine gets a few more passes; only one the
			// living server never answers fails the test.
			for pass := 1; pass < finalPasses && len(s.pending) > 0; pass++ {
				<-s.life(client, srv.base, false, 0)
			}
			client.CloseIdleConnections()
			break
		}
		// Any moment is a valid moment to die; the delay only spreads the kills.
		time.Sleep(minLife + time.Duration(rng.Int64N(int64(maxLife-minLife))))
		srv.kill(t)
		<-done
		client.CloseIdleConnections()
		verifyLedger(t, bin, dsn, data, life+1)
		if t.Failed() {
			return
		}
	}

	if len(s.pending) > 0 {
		t.Fatalf("%d requests still without an answer after the last life", len(s.pending))
	}
	final := &api{t: t, client: newClient(), base: srv.base}
	checkLedger(final, f, s, before)
	srv.stop(t)
	verifyLedger(t, bin, dsn, data, 0)

	awards, redemptions, refused := 0, 0, 0
	for _, o := range s.ops {
		switch {
		case o.kind == kindAward:
			awards++
		case o.applied():
			redemptions++
		default:
			refused++
		}
	}
	t.Logf("%d kills, %d requests (%d awards, %d redemptions, %d refused for the balance), %d attempts lost to "+
		"kills: %d had been applied (the retry was a replay), %d were applied by the retry; %s",
		crashKills, len(s.ops), awards, redemptions, refused, s.lost, s.replayedRetries, s.freshRetries,
		time.Since(started).Round(time.Millisecond))
}

// verifyLedger runs `dangjian points verify` on the database while no server runs; after
// is the kill it follows (0: the end).
func verifyLedger(t *testing.T, bin, dsn, data string, after int) {
	t.Helper()
	out, err := runCLI(t, bin, "points", "verify", "--db", dsn, "--data", data)
	if err != nil || !strings.Contains(out, "no breach") {
		t.Errorf("points verify after kill %d: %v\n%s", after, err, out)
	}
}
