package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"dangjian/internal/store"
)

// Job is a claimed job as its handler sees it.
type Job struct {
	Record *store.JobRecord
	Result any // set by the handler; stored as JSON when the job ends

	r        *Runner
	live     *Live
	cancel   context.CancelFunc
	lost     atomic.Bool
	finished bool

	mu        sync.Mutex
	liveOnly  bool
	lastSaved time.Time
}

// ID is the job's id.
func (j *Job) ID() int64 { return j.Record.ID }

// Args decodes the job's arguments into v.
func (j *Job) Args(v any) error { return json.Unmarshal([]byte(j.Record.Args), v) }

// SaveEvery is how often Progress writes the counters to the jobs row; in between they live
// only in memory, where Runner.Live reads them.
const SaveEvery = 500 * time.Millisecond

// Progress reports the phase and row counts. The in-memory counters change at once; the
// jobs row (what other instances see) at most every SaveEvery, and never while LiveOnly is
// on. A failed write is not an error of the job: progress is a courtesy.
func (j *Job) Progress(ctx context.Context, phase string, total, processed int) {
	j.live.set(phase, total, processed)
	j.mu.Lock()
	skip := j.liveOnly || time.Since(j.lastSaved) < SaveEvery
	if !skip {
		j.lastSaved = time.Now()
	}
	j.mu.Unlock()
	if !skip {
		j.SaveProgress(ctx)
	}
}

// SaveProgress writes the current counters to the jobs row now.
func (j *Job) SaveProgress(ctx context.Context) {
	phase, total, processed := j.live.get()
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := j.r.DB.WriteTx(wctx, func(q *store.Q) error {
		ok, err := q.SetJobProgress(wctx, j.Record.ID, j.r.Owner, phase, total, processed, j.r.now())
		if err == nil && !ok {
			return errLost
		}
		return err
	})
	if errors.Is(err, errLost) {
		j.lost.Store(true)
		j.cancel()
	}
}

// LiveOnly stops (on) or resumes (off) progress writes to the jobs row. A handler turns it
// on before it holds SQLite's only writer connection in a long transaction, where a
// progress write from another goroutine would wait for that very connection.
func (j *Job) LiveOnly(on bool) {
	j.mu.Lock()
	j.liveOnly = on
	j.mu.Unlock()
}

var errLost = errors.New("jobs: lease lost")

// renew extends the lease by d from now; errLost when the job is no longer ours. A write
// that cannot get the connection in time (SQLite, busy with the job's own transaction) is
// skipped: ExtendLease before a long transaction covers it.
func (j *Job) renew(ctx context.Context, d time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, max(j.r.Lease/3, time.Second))
	defer cancel()
	err := j.r.DB.WriteTx(wctx, func(q *store.Q) error {
		at := j.r.now()
		ok, err := q.RenewJobLease(wctx, j.Record.ID, j.r.Owner, at, at.Add(d))
		if err == nil && !ok {
			return errLost
		}
		return err
	})
	return err
}

// ExtendLease makes the claim hold for d from now, for a step (one long transaction) during
// which the heartbeat may not get through.
func (j *Job) ExtendLease(ctx context.Context, d time.Duration) error {
	if err := j.renew(ctx, max(d, j.r.Lease)); err != nil {
		if errors.Is(err, errLost) {
			j.lost.Store(true)
		}
		return err
	}
	return nil
}

// FinishIn marks the job done inside the caller's write transaction, so the work and the
// job's end commit together: a crash after the commit cannot make the job run again.
func (j *Job) FinishIn(ctx context.Context, q *store.Q) error {
	raw, err := json.Marshal(j.Result)
	if err != nil {
		return err
	}
	ok, err := q.FinishJob(ctx, j.Record.ID, j.r.Owner, store.JobDone, string(raw), "", j.r.now())
	if err != nil {
		return err
	}
	if !ok {
		j.lost.Store(true)
		return errLost // roll the work back: another runner has the job now
	}
	j.finished = true
	return nil
}

// Live is a running job's progress in memory.
type Live struct {
	mu               sync.Mutex
	phase            string
	total, processed int
}

func (l *Live) set(phase string, total, processed int) {
	l.mu.Lock()
	l.phase, l.total, l.processed = phase, total, processed
	l.mu.Unlock()
}

func (l *Live) get() (string, int, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.phase, l.total, l.processed
}

// ChunkSize is the size of the pieces a job's file is stored in.
const ChunkSize = 1 << 20

// WriteFile stores r as the job's file with the role (input, output) in the caller's
// transaction, a chunk at a time, and returns its size.
func WriteFile(ctx context.Context, q *store.Q, jobID int64, role string, r io.Reader) (int64, error) {
	buf := make([]byte, ChunkSize)
	var n int64
	for seq := 0; ; seq++ {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			if err := q.AddJobFileChunk(ctx, jobID, role, seq, buf[:k]); err != nil {
				return n, err
			}
			n += int64(k)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// OpenFile reads the job's file with the role chunk by chunk from the reader pool, so no
// more than one chunk is in memory. It reads nothing (io.EOF at once) when there is none.
func OpenFile(ctx context.Context, db *store.DB, jobID int64, role string) io.Reader {
	return &fileReader{ctx: ctx, db: db, jobID: jobID, role: role}
}

type fileReader struct {
	ctx   context.Context
	db    *store.DB
	jobID int64
	role  string
	seq   int
	buf   []byte
	done  bool
}

func (f *fileReader) Read(p []byte) (int, error) {
	for len(f.buf) == 0 {
		if f.done {
			return 0, io.EOF
		}
		chunk, err := f.db.Read().JobFileChunk(f.ctx, f.jobID, f.role, f.seq)
		if err == sql.ErrNoRows {
			f.done = true
			continue
		}
		if err != nil {
			return 0, err
		}
		f.seq++
		f.buf = chunk
	}
	n := copy(p, f.buf)
	f.buf = f.buf[n:]
	return n, nil
}
