package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

// Merchants of the service alliance and their operators (issue 4 part 6). A merchant names
// the organisation that runs its alliance; its path is read through orgs, so moving a subtree
// never leaves it stale.

const merchantColumns = `mc.id, mc.org_id, o.path, o.name, mc.name, mc.address, mc.contact, mc.phone, mc.status,
	mc.created_at, mc.updated_at`

const merchantFrom = ` FROM merchants mc JOIN orgs o ON o.id = mc.org_id`

func scanMerchant(row interface{ Scan(...any) error }, m *domain.Merchant) error {
	return row.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Name, &m.Address, &m.Contact, &m.Phone, &m.Status,
		&m.CreatedAt, &m.UpdatedAt)
}

// InsertMerchant stores a new merchant and sets its ID and times.
func (q *Q) InsertMerchant(ctx context.Context, m *domain.Merchant) error {
	m.CreatedAt = now()
	m.UpdatedAt = m.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO merchants (org_id, name, address, contact, phone, status, created_at,
		updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, m.OrgID, m.Name, m.Address, m.Contact, m.Phone,
		m.Status, m.CreatedAt, m.UpdatedAt).Scan(&m.ID)
}

// UpdateMerchant stores a merchant's fields.
func (q *Q) UpdateMerchant(ctx context.Context, m *domain.Merchant) error {
	m.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE merchants SET org_id = $1, name = $2, address = $3, contact = $4, phone = $5,
		status = $6, updated_at = $7 WHERE id = $8`, m.OrgID, m.Name, m.Address, m.Contact, m.Phone, m.Status, m.UpdatedAt, m.ID)
	return err
}

// Merchant returns one merchant, or ErrNoRows.
func (q *Q) Merchant(ctx context.Context, id int64) (*domain.Merchant, error) {
	var m domain.Merchant
	if err := scanMerchant(q.q.QueryRowContext(ctx, `SELECT `+merchantColumns+merchantFrom+` WHERE mc.id = $1`, id), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MerchantVisibility says which merchants a caller sees; the parts are alternatives (OR),
// and an empty visibility sees nothing.
type MerchantVisibility struct {
	Scopes     []string // merchants whose alliance organisation is in one of these subtrees
	PathOrgIDs []int64  // active merchants run by one of these organisations (a member's path)
	UserID     int64    // merchants this operator is linked to
}

// clause returns the SQL condition on mc (merchants) and o (its organisation).
func (v MerchantVisibility) clause(args *[]any) string {
	var parts []string
	if len(v.Scopes) > 0 {
		parts = append(parts, scopeClause("o.path", v.Scopes, args))
	}
	if len(v.PathOrgIDs) > 0 {
		parts = append(parts, "(mc.status = 'active' AND mc.org_id IN ("+inList(v.PathOrgIDs, args)+"))")
	}
	if v.UserID != 0 {
		*args = append(*args, v.UserID)
		parts = append(parts, "mc.id IN (SELECT mu.merchant_id FROM merchant_users mu WHERE mu.user_id = "+
			placeholder(len(*args))+")")
	}
	if len(parts) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// inList appends ids to args and returns their placeholders, comma-separated.
func inList(ids []int64, args *[]any) string {
	ph := make([]string, len(ids))
	for i, id := range ids {
		*args = append(*args, id)
		ph[i] = placeholder(len(*args))
	}
	return strings.Join(ph, ", ")
}

// MerchantFilter selects merchants in id order.
type MerchantFilter struct {
	Visibility MerchantVisibility
	Status     string
	AfterID    int64
	Limit      int
}

// Merchants lists merchants in id order (keyset paging on AfterID).
func (q *Q) Merchants(ctx context.Context, f MerchantFilter) ([]domain.Merchant, error) {
	args := []any{}
	where := []string{f.Visibility.clause(&args)}
	if f.Status != "" {
		args = append(args, f.Status)
		where = append(where, "mc.status = "+placeholder(len(args)))
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "mc.id > "+placeholder(len(args)))
	}
	text := `SELECT ` + merchantColumns + merchantFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY mc.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	out := []domain.Merchant{}
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var m domain.Merchant
		if err := scanMerchant(rows, &m); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// AddMerchantUser links an operator to a merchant; it reports false when the link existed.
func (q *Q) AddMerchantUser(ctx context.Context, merchantID, userID int64) (bool, error) {
	res, err := q.q.ExecContext(ctx, `INSERT INTO merchant_users (merchant_id, user_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (merchant_id, user_id) DO NOTHING`, merchantID, userID, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RemoveMerchantUser unlinks an operator; it reports false when there was no link.
func (q *Q) RemoveMerchantUser(ctx context.Context, merchantID, userID int64) (bool, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM merchant_users WHERE merchant_id = $1 AND user_id = $2`, merchantID, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// IsMerchantUser reports whether the user is linked to the merchant.
func (q *Q) IsMerchantUser(ctx context.Context, merchantID, userID int64) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM merchant_users WHERE merchant_id = $1 AND user_id = $2`,
		merchantID, userID).Scan(&n)
	return n > 0, err
}

// MerchantUsers lists a merchant's operators by username.
func (q *Q) MerchantUsers(ctx context.Context, merchantID int64) ([]domain.MerchantOperator, error) {
	out := []domain.MerchantOperator{}
	err := q.scanAll(ctx, `SELECT mu.merchant_id, mu.user_id, u.username, mu.created_at FROM merchant_users mu
		JOIN users u ON u.id = mu.user_id WHERE mu.merchant_id = $1 ORDER BY u.username`, []any{merchantID},
		func(rows *sql.Rows) error {
			var o domain.MerchantOperator
			if err := rows.Scan(&o.MerchantID, &o.UserID, &o.Username, &o.CreatedAt); err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	return out, err
}
