package store

import "context"

// monthSums runs a query that answers (month, sum) rows and collects them by month. The fund
// pool compares what its ledger booked with the dues collected month by month; both sides are
// read this way so that they scan and fail alike.
func (q *Q) monthSums(ctx context.Context, query string, args ...any) (map[string]int64, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var m string
		var n int64
		if err := rows.Scan(&m, &n); err != nil {
			return nil, err
		}
		out[m] = n
	}
	return out, rows.Err()
}
