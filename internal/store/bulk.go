package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

// Bulk writes for large loads (the demo's synthetic region, imports of a whole district):
// multi-row INSERTs inside the caller's transaction, portable to both engines. Callers
// validate every row first; these helpers only write.

// maxParams keeps a statement within SQLite's limit of 32766 bound parameters (PostgreSQL
// allows 65535), and maxRows keeps statements small enough to parse quickly.
const (
	maxParams = 32000
	maxRows   = 500
)

// anonymous reports whether statements should use "?" rather than "$n" placeholders. The
// SQL is the same on both engines except for this: SQLite looks numbered parameters up by
// a linear scan when it parses and binds them, so a 500-row VALUES list with $1…$11500 costs
// quadratic time (measured: 10,000 rows of 23 columns took 6 s with $n, 0.08 s with ?).
// The bulk statements number their parameters in order and use each once, so "?" binds
// exactly the same values.
func (q *Q) anonymous() bool {
	_, ok := q.d.(sqliteDialect)
	return ok
}

// insertRows inserts rows of len(cols) values into table in as few statements as the limits
// allow. With returning set, scan is called for each returned row.
func (q *Q) insertRows(ctx context.Context, table string, cols []string, rows [][]any, returning string, scan func(*sql.Rows) error) error {
	per := min(maxRows, maxParams/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	texts := map[int]string{} // statement text by row count: most chunks are full-size
	args := make([]any, 0, per*len(cols))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		text, ok := texts[len(chunk)]
		if !ok {
			text = head + valuesList(len(chunk), len(cols), q.anonymous())
			if returning != "" {
				text += " RETURNING " + returning
			}
			texts[len(chunk)] = text
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		if returning == "" {
			if _, err := q.q.ExecContext(ctx, text, args...); err != nil {
				return err
			}
			continue
		}
		if err := q.scanAll(ctx, text, args, scan); err != nil {
			return err
		}
	}
	return nil
}

func (q *Q) scanAll(ctx context.Context, text string, args []any, scan func(*sql.Rows) error) error {
	res, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		if err := scan(res); err != nil {
			return err
		}
	}
	return res.Err()
}

// valuesList is "($1, $2), ($3, $4)" for rows × cols placeholders, or "(?, ?), (?, ?)".
func valuesList(rows, cols int, anonymous bool) string {
	var b strings.Builder
	b.Grow(rows * cols * 6)
	n := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			if anonymous {
				b.WriteByte('?')
			} else {
				b.WriteString(placeholder(n))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

var memberInsertColumns = []string{"org_id", "org_path", "group_id", "name", "gender", "ethnicity", "birth_date",
	"id_number_enc", "id_number_hash", "id_number_masked", "phone_enc", "phone_hash", "phone_masked", "education",
	"category", "standing", "floating", "lost_contact", "joined_on", "full_member_on", "job_title", "created_at",
	"updated_at"}

// InsertMembersBulk inserts the records and sets their IDs. Records are matched to the
// returned IDs by ID-number hash (unique), so no engine's RETURNING order is relied on.
func (q *Q) InsertMembersBulk(ctx context.Context, recs []*MemberRecord) error {
	t := now()
	rows := make([][]any, len(recs))
	byHash := make(map[string]*MemberRecord, len(recs))
	for i, r := range recs {
		r.CreatedAt, r.UpdatedAt = t, t
		byHash[r.IDNumberHash] = r
		rows[i] = []any{r.OrgID, r.OrgPath, nullInt(r.GroupID), r.Name, r.Gender, r.Ethnicity, r.BirthDate,
			r.IDNumberEnc, r.IDNumberHash, r.IDNumberMasked, r.PhoneEnc, r.PhoneHash, r.PhoneMasked, r.Education,
			r.Category, r.Standing, r.Floating, r.LostContact, r.JoinedOn, r.FullMemberOn, r.JobTitle, t, t}
	}
	return q.insertRows(ctx, "members", memberInsertColumns, rows, "id, id_number_hash", func(res *sql.Rows) error {
		var id int64
		var hash string
		if err := res.Scan(&id, &hash); err != nil {
			return err
		}
		if r := byHash[hash]; r != nil {
			r.ID = id
		}
		return nil
	})
}

// PositionRow is one position a member holds in an organisation.
type PositionRow struct {
	MemberID, OrgID int64
	Position        string
}

// InsertPositionsBulk inserts position rows.
func (q *Q) InsertPositionsBulk(ctx context.Context, list []PositionRow) error {
	t := now()
	rows := make([][]any, len(list))
	for i, p := range list {
		rows[i] = []any{p.MemberID, p.OrgID, p.Position, t}
	}
	return q.insertRows(ctx, "member_positions", []string{"member_id", "org_id", "position", "created_at"}, rows, "", nil)
}

// InsertMemberEventsBulk appends history entries (IDs are not read back).
func (q *Q) InsertMemberEventsBulk(ctx context.Context, events []domain.MemberEvent) error {
	t := now()
	rows := make([][]any, len(events))
	for i, e := range events {
		rows[i] = []any{e.MemberID, t, e.Kind, nullInt(e.ActorID), e.Actor, e.Data}
	}
	return q.insertRows(ctx, "member_events", []string{"member_id", "at", "kind", "actor_id", "actor", "data"}, rows, "", nil)
}

// CountOrgs counts every organisation (whether a database is still empty).
func (q *Q) CountOrgs(ctx context.Context) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n)
	return n, err
}
