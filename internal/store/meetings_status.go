package store

import "context"

// MeetingStatus returns a meeting's status alone (planned, held, cancelled), or ErrNoRows: the
// one column a check-in reads again inside its write.
func (q *Q) MeetingStatus(ctx context.Context, id int64) (string, error) {
	var s string
	err := q.q.QueryRowContext(ctx, `SELECT status FROM meetings WHERE id = $1`, id).Scan(&s)
	return s, err
}
