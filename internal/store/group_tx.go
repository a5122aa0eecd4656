package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit. On SQLite every write goes through the one writer connection, and a burst of
// small writes (2,000 members checking in to a live-streamed lecture within a minute) spends
// most of its time beginning and committing one transaction each while the others queue.
// GroupTx lets the writes that arrive while the writer is busy share one transaction: each
// runs inside its own savepoint, so a write that fails rolls back only its own work and gets
// its own error, and the rest commit together. Correctness still rests on the database
// (constraints, conditional updates); the batching is only a way of queueing, so several
// instances each batching their own requests stay correct.

// maxGroup bounds one shared transaction, so the first caller of a long burst is not kept
// waiting behind an ever-growing batch.
const maxGroup = 64

type groupReq struct {
	ctx   context.Context
	fn    func(*Q) error
	state atomic.Int32 // reqPending, then reqRunning (taken by a batch) or reqAbandoned
	done  chan error
}

const (
	reqPending int32 = iota
	reqRunning
	reqAbandoned
)

type groupCommitter struct {
	mu      sync.Mutex
	queue   []*groupReq
	working bool
}

// GroupTx runs fn in a write transaction that it may share with other GroupTx calls made at
// the same time (see above). fn must confine its effects to q and to variables it owns: it may
// run on another goroutine, and it may run a second time, alone, if the shared commit fails.
// On PostgreSQL, where transactions overlap, it is WriteTx. On both, a panic in fn comes
// back as fn's error.
func (db *DB) GroupTx(ctx context.Context, fn func(*Q) error) error {
	if db.Engine != SQLite {
		return db.WriteTx(ctx, func(q *Q) error { return runGuarded(fn, q) })
	}
	req := &groupReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, req)
	start := !g.working
	g.working = true
	g.mu.Unlock()
	if start {
		go db.drainGroups()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		if req.state.CompareAndSwap(reqPending, reqAbandoned) {
			return ctx.Err()
		}
		return <-req.done // already running: its outcome is the truth
	}
}

// drainGroups runs queued requests in batches until the queue is empty; one drainer at a
// time, started by the request that found none.
func (db *DB) drainGroups() {
	g := &db.group
	for {
		g.mu.Lock()
		n := min(len(g.queue), maxGroup)
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		if n == 0 {
			g.queue, g.working = nil, false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		var taken []*groupReq
		for _, r := range batch {
			if r.state.CompareAndSwap(reqPending, reqRunning) {
				taken = append(taken, r)
			}
		}
		if len(taken) > 0 {
			db.runGroup(taken)
		}
	}
}

// runGroup runs one batch in one transaction. If the transaction itself fails (begin, a
// savepoint, the commit), every request of the batch that had not failed on its own is run
// again in a transaction of its own, so one bad moment never answers for a whole batch.
func (db *DB) runGroup(batch []*groupReq) {
	errs := make([]error, len(batch))
	if err := db.tryGroup(batch, errs); err != nil {
		for i, r := range batch {
			if errs[i] == nil {
				errs[i] = db.WriteTx(r.ctx, func(q *Q) error { return runGuarded(r.fn, q) })
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

func (db *DB) tryGroup(batch []*groupReq, errs []error) (err error) {
	ctx := context.Background() // the batch outlives any one caller's context
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer db.afterWrite()
	defer tx.Rollback()
	q := &Q{q: db.txQuerier(tx), d: db.d, tx: true}
	for i, r := range batch {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT grp`); err != nil {
			return err
		}
		if errs[i] = runGuarded(r.fn, q); errs[i] != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT grp`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT grp`); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// runGuarded turns a panic in fn into an error for its caller alone.
func runGuarded(fn func(*Q) error, q *Q) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("group transaction: panic: %v", p)
		}
	}()
	return fn(q)
}
