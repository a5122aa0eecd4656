package store

import (
	"context"
	"database/sql"
	"sync"
)

// Prepared-statement cache (SQLite). The pure-Go SQLite driver parses and plans every query
// text afresh, and in a profile of the check-in storm and the member list half of each
// query's time was the parser. database/sql already knows how to keep one prepared
// statement per connection (sql.Stmt), so the store keeps one sql.Stmt per query text and
// pool of readers. The writer's one connection is held by the very transaction that meets a
// new query text, so preparing it on the pool then would wait for itself: a transaction runs
// a text it has not seen plainly and notes it, and the texts noted are prepared after the
// commit, in the background, for the transactions that follow (Tx.StmtContext then reuses
// the statement the writer connection holds). PostgreSQL needs none of this: pgx caches
// prepared statements per connection by itself.

// maxCachedStmts bounds the cache: query texts are a fixed set in the code, but some are
// built with an IN list of varying length, and those beyond the bound run unprepared.
const maxCachedStmts = 1000

type stmtCache struct {
	pool      *sql.DB
	mu        sync.RWMutex
	m         map[string]*sql.Stmt
	pending   map[string]bool // texts a transaction met unprepared (writer)
	preparing bool            // a background preparer is running (writer)
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns the cached statement for the text, preparing it on first use; nil when the
// cache is full or the text does not prepare (the caller then runs it plainly, and gets the
// driver's own error for a bad query).
func (c *stmtCache) get(ctx context.Context, text string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[text]
	n := len(c.m)
	c.mu.RUnlock()
	if ok {
		return st
	}
	if n >= maxCachedStmts {
		return nil
	}
	st, err := c.pool.PrepareContext(ctx, text)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[text]; ok { // prepared meanwhile by another caller
		st.Close()
		return old
	}
	c.m[text] = st
	return st
}

// lookup returns the cached statement, or nil after noting the text for preparePending.
func (c *stmtCache) lookup(text string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[text]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	if len(c.m)+len(c.pending) < maxCachedStmts {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[text] = true
	}
	c.mu.Unlock()
	return nil
}

// preparePending prepares the noted texts in the background, once the writer is free; call
// it after a transaction ends.
func (c *stmtCache) preparePending() {
	c.mu.Lock()
	if c.preparing || len(c.pending) == 0 {
		c.mu.Unlock()
		return
	}
	c.preparing = true
	c.mu.Unlock()
	go func() {
		for {
			c.mu.Lock()
			var text string
			for t := range c.pending {
				text = t
				break
			}
			if text == "" {
				c.preparing = false
				c.mu.Unlock()
				return
			}
			delete(c.pending, text)
			c.mu.Unlock()
			c.get(context.Background(), text)
		}
	}()
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, st := range c.m {
		st.Close()
		delete(c.m, k)
	}
}

// cachedPool runs queries on a pool through the cache.
type cachedPool struct {
	pool  *sql.DB
	cache *stmtCache
}

func (p cachedPool) ExecContext(ctx context.Context, text string, args ...any) (sql.Result, error) {
	if st := p.cache.get(ctx, text); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.pool.ExecContext(ctx, text, args...)
}

func (p cachedPool) QueryContext(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	if st := p.cache.get(ctx, text); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.pool.QueryContext(ctx, text, args...)
}

func (p cachedPool) QueryRowContext(ctx context.Context, text string, args ...any) *sql.Row {
	if st := p.cache.get(ctx, text); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.pool.QueryRowContext(ctx, text, args...)
}

// cachedTx runs queries in a write transaction with the statements already prepared on
// the writer connection, noting the others.
type cachedTx struct {
	tx    *sql.Tx
	cache *stmtCache
}

func (t cachedTx) ExecContext(ctx context.Context, text string, args ...any) (sql.Result, error) {
	if st := t.cache.lookup(text); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, text, args...)
}

func (t cachedTx) QueryContext(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	if st := t.cache.lookup(text); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, text, args...)
}

func (t cachedTx) QueryRowContext(ctx context.Context, text string, args ...any) *sql.Row {
	if st := t.cache.lookup(text); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, text, args...)
}

// txQuerier is what a write transaction queries through: its statements ignore the
// caller's cancellation (see WriteTx).
func (db *DB) txQuerier(tx *sql.Tx) querier {
	if db.writeCache != nil {
		return uncancelled{cachedTx{tx: tx, cache: db.writeCache}}
	}
	return uncancelled{tx}
}

// uncancelled runs statements with the caller's context values but not its cancellation.
type uncancelled struct{ q querier }

func (u uncancelled) ExecContext(ctx context.Context, text string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), text, args...)
}

func (u uncancelled) QueryContext(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), text, args...)
}

func (u uncancelled) QueryRowContext(ctx context.Context, text string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), text, args...)
}

// afterWrite starts preparing the texts the ended transaction met unprepared.
func (db *DB) afterWrite() {
	if db.writeCache != nil {
		db.writeCache.preparePending()
	}
}

// reader returns what Read queries through.
func (db *DB) reader() querier {
	if db.readCache != nil {
		return cachedPool{pool: db.read, cache: db.readCache}
	}
	return db.read
}
