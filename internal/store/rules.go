package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"dangjian/internal/domain"
)

// Rule decodes into v the value of a rule in force on a day for an organisation: a row for
// the nearest organisation on its path wins over the global one, and among those the latest
// valid_from not after the day. It reports false when no row applies.
func (q *Q) Rule(ctx context.Context, key string, orgPath string, on domain.Date, v any) (bool, error) {
	ids := domain.PathIDs(orgPath)
	args := []any{key, on}
	orgCond := "r.org_id IS NULL"
	depth := "" // no ORDER BY term: a bare 0 there would mean "column 0", an error
	if len(ids) > 0 {
		orgCond = "(r.org_id IS NULL OR r.org_id IN (SELECT id FROM orgs WHERE id IN ("
		for i, id := range ids {
			args = append(args, id)
			if i > 0 {
				orgCond += ","
			}
			orgCond += placeholder(len(args))
		}
		orgCond += ")))"
		depth = "COALESCE((SELECT o.depth FROM orgs o WHERE o.id = r.org_id), 0) DESC, "
	}
	var raw string
	err := q.q.QueryRowContext(ctx, `SELECT r.value FROM rules r WHERE r.key = $1 AND r.valid_from <= $2
		AND (r.valid_to IS NULL OR r.valid_to > $2) AND `+orgCond+`
		ORDER BY `+depth+`r.valid_from DESC, r.id DESC LIMIT 1`, args...).Scan(&raw)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal([]byte(raw), v)
}

// InsertRule records a new rule value from a date (for one org when orgID is not 0).
func (q *Q) InsertRule(ctx context.Context, key string, orgID int64, value any, from domain.Date, note, by string) error {
	b, err := json.Marshal(value)
	if err != nil {
		return err
	}
	_, err = q.q.ExecContext(ctx, `INSERT INTO rules (key, org_id, value, valid_from, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, key, nullInt(orgID), string(b), from, note, by, now())
	return err
}
