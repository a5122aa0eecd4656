package store

import (
	"context"
	"database/sql"

	"dangjian/internal/domain"
)

// Dues profiles: a member's category and monthly base from a month on. Rows are never
// changed except that saving the same member and month again replaces that month's row
// (UNIQUE (member_id, from_month)); the history is every row.

const duesProfileColumns = `p.id, p.member_id, p.category, p.base_fen, p.from_month, p.note, COALESCE(p.created_by, 0),
	COALESCE(u.username, ''), p.created_at`

const duesProfileFrom = ` FROM dues_profiles p LEFT JOIN users u ON u.id = p.created_by`

func scanDuesProfile(row interface{ Scan(...any) error }, p *domain.DuesProfile) error {
	var cat string
	err := row.Scan(&p.ID, &p.MemberID, &cat, &p.BaseFen, &p.FromMonth, &p.Note, &p.CreatedBy, &p.CreatedByName, &p.CreatedAt)
	p.Category = domain.DuesCategory(cat)
	p.CreatedAt = p.CreatedAt.UTC()
	return err
}

// DuesProfiles returns a member's profiles, latest from_month first.
func (q *Q) DuesProfiles(ctx context.Context, memberID int64) ([]domain.DuesProfile, error) {
	var out []domain.DuesProfile
	err := q.scanAll(ctx, `SELECT `+duesProfileColumns+duesProfileFrom+` WHERE p.member_id = $1 ORDER BY p.from_month DESC`,
		[]any{memberID}, func(rows *sql.Rows) error {
			var p domain.DuesProfile
			if err := scanDuesProfile(rows, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	return out, err
}

// DuesProfileAt returns the profile in force for a month (the latest from_month not after
// it), ErrNoRows when the member has none yet.
func (q *Q) DuesProfileAt(ctx context.Context, memberID int64, month string) (*domain.DuesProfile, error) {
	var p domain.DuesProfile
	err := scanDuesProfile(q.q.QueryRowContext(ctx, `SELECT `+duesProfileColumns+duesProfileFrom+`
		WHERE p.member_id = $1 AND p.from_month <= $2 ORDER BY p.from_month DESC LIMIT 1`, memberID, month), &p)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// SaveDuesProfile stores a profile from its month, replacing a row of the same member and
// month; it sets ID and CreatedAt and returns the row it replaced (nil when new).
func (q *Q) SaveDuesProfile(ctx context.Context, p *domain.DuesProfile) (*domain.DuesProfile, error) {
	var before *domain.DuesProfile
	var old domain.DuesProfile
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF p"
	}
	err := scanDuesProfile(q.q.QueryRowContext(ctx, `SELECT `+duesProfileColumns+duesProfileFrom+`
		WHERE p.member_id = $1 AND p.from_month = $2`+lock, p.MemberID, p.FromMonth), &old)
	switch {
	case err == nil:
		before = &old
	case err != sql.ErrNoRows:
		return nil, err
	}
	p.CreatedAt = now()
	// An upsert, so two saves of the same month at the same time both succeed (the later wins).
	err = q.q.QueryRowContext(ctx, `INSERT INTO dues_profiles (member_id, category, base_fen, from_month, note, created_by,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (member_id, from_month) DO UPDATE SET category = EXCLUDED.category, base_fen = EXCLUDED.base_fen,
		note = EXCLUDED.note, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at RETURNING id`,
		p.MemberID, string(p.Category), p.BaseFen, p.FromMonth, p.Note, nullInt(p.CreatedBy), p.CreatedAt).Scan(&p.ID)
	return before, err
}
