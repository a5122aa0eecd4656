package store

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

const floatingColumns = `f.id, f.direction, COALESCE(f.member_id, 0), f.name, f.org_id, o.name, o.path, f.place,
	f.home_org_name, f.since, f.ended_on, f.contact, f.reason, f.card_no, f.last_report_on, f.created_at, f.updated_at`

const floatingFrom = ` FROM floating_members f JOIN orgs o ON o.id = f.org_id`

func scanFloating(row interface{ Scan(...any) error }, f *domain.Floating) error {
	return row.Scan(&f.ID, &f.Direction, &f.MemberID, &f.Name, &f.OrgID, &f.OrgName, &f.OrgPath, &f.Place,
		&f.HomeOrgName, &f.Since, &f.EndedOn, &f.Contact, &f.Reason, &f.CardNo, &f.LastReportOn, &f.CreatedAt, &f.UpdatedAt)
}

// Floating returns one register entry (locked inside a write transaction), or ErrNoRows.
func (q *Q) Floating(ctx context.Context, id int64) (*domain.Floating, error) {
	var f domain.Floating
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF f"
	}
	if err := scanFloating(q.q.QueryRowContext(ctx, `SELECT `+floatingColumns+floatingFrom+` WHERE f.id = $1`+lock, id), &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// FloatingFilter selects register entries; empty Scopes selects nothing.
type FloatingFilter struct {
	Scopes     []string
	Under      string
	Direction  string
	MemberID   int64
	ActiveOnly bool // not ended
	AfterID    int64
	Limit      int // 0: no limit
}

// Floatings lists register entries in id order.
func (q *Q) Floatings(ctx context.Context, f FloatingFilter) ([]domain.Floating, error) {
	args := []any{}
	where := []string{scopeClause("o.path", f.Scopes, &args)}
	if f.Under != "" {
		where = append(where, scopeClause("o.path", []string{f.Under}, &args))
	}
	if f.Direction != "" {
		args = append(args, f.Direction)
		where = append(where, "f.direction = "+placeholder(len(args)))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		where = append(where, "f.member_id = "+placeholder(len(args)))
	}
	if f.ActiveOnly {
		where = append(where, "f.ended_on IS NULL")
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "f.id > "+placeholder(len(args)))
	}
	text := `SELECT ` + floatingColumns + floatingFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY f.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	rows, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Floating
	for rows.Next() {
		var x domain.Floating
		if err := scanFloating(rows, &x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// InsertFloating inserts f and sets f.ID.
func (q *Q) InsertFloating(ctx context.Context, f *domain.Floating) error {
	t := now()
	f.CreatedAt, f.UpdatedAt = t, t
	return q.q.QueryRowContext(ctx, `INSERT INTO floating_members (direction, member_id, name, org_id, place,
		home_org_name, since, ended_on, contact, reason, card_no, last_report_on, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13) RETURNING id`, f.Direction, nullInt(f.MemberID), f.Name,
		f.OrgID, f.Place, f.HomeOrgName, f.Since, f.EndedOn, f.Contact, f.Reason, f.CardNo, f.LastReportOn, t).Scan(&f.ID)
}

// UpdateFloatingState writes the end date and the last report date.
func (q *Q) UpdateFloatingState(ctx context.Context, f *domain.Floating) error {
	f.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE floating_members SET ended_on=$1, last_report_on=$2, updated_at=$3 WHERE id=$4`,
		f.EndedOn, f.LastReportOn, f.UpdatedAt, f.ID)
	return err
}

// InsertFloatingReport records a report to the home organisation.
func (q *Q) InsertFloatingReport(ctx context.Context, floatingID int64, on domain.Date, note, actor string) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO floating_reports (floating_id, reported_on, note, actor, created_at)
		VALUES ($1,$2,$3,$4,$5)`, floatingID, on, note, actor, now())
	return err
}
