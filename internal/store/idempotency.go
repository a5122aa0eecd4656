package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"dangjian/internal/domain"
)

// IdempotencyRequest names one request that carries an Idempotency-Key (API.md): the key is
// the caller's, per user and scope (e.g. "points.award", "redemptions.create"); Hash is a
// digest of the request body in a canonical form (RequestHash helps).
type IdempotencyRequest struct {
	UserID int64 // 0 for the system
	Scope  string
	Key    string
	Hash   string
}

// IdempotentResponse is what the first request with a key answered.
type IdempotentResponse struct {
	Status int    // e.g. 201; the service decides, the API replays it
	Body   []byte // JSON
}

// RequestHash returns a hex SHA-256 of v's JSON encoding: equal inputs give equal hashes.
func RequestHash(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(err.Error())
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Idempotent runs fn at most once per (user, scope, key), inside the caller's write
// transaction. The key is claimed first with INSERT … ON CONFLICT DO NOTHING: on PostgreSQL a
// concurrent transaction with the same key waits on that insert until the first commits (or
// rolls back, in which case it proceeds to run fn itself); on SQLite writers are serial. Then:
//   - the key is new: fn runs, and its response is stored with the key in the same
//     transaction, so the response exists exactly when fn's effects do; replay is false.
//   - the key was used with the same request hash: fn does not run; the stored response is
//     returned with replay true.
//   - the key was used with another request: EConflict (err.idempotency.mismatch).
//
// When fn fails the whole transaction rolls back, the key included, so a failed request can
// be retried with the same key.
func (q *Q) Idempotent(ctx context.Context, r IdempotencyRequest, fn func() (IdempotentResponse, error)) (resp IdempotentResponse, replay bool, err error) {
	res, err := q.q.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, scope, key) DO NOTHING`, r.UserID, r.Scope, r.Key, r.Hash, now())
	if err != nil {
		return resp, false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return resp, false, err
	}
	if n == 0 {
		var hash, body string
		err := q.q.QueryRowContext(ctx, `SELECT request_hash, status, body FROM idempotency_keys
			WHERE user_id = $1 AND scope = $2 AND key = $3`, r.UserID, r.Scope, r.Key).Scan(&hash, &resp.Status, &body)
		if err != nil {
			return resp, false, err
		}
		if hash != r.Hash {
			return resp, false, &domain.Error{Code: domain.EConflict, Message: "err.idempotency.mismatch"}
		}
		resp.Body = []byte(body)
		return resp, true, nil
	}
	resp, err = fn()
	if err != nil {
		return resp, false, err
	}
	_, err = q.q.ExecContext(ctx, `UPDATE idempotency_keys SET status = $1, body = $2 WHERE user_id = $3 AND scope = $4
		AND key = $5`, resp.Status, string(resp.Body), r.UserID, r.Scope, r.Key)
	return resp, false, err
}

// DeleteIdempotencyKeysBefore removes keys older than t (a retention job; replays after that
// run the request again, so keep them longer than any client retries).
func (q *Q) DeleteIdempotencyKeysBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, t.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
