package store

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

// AddAudit appends an audit entry in the caller's transaction, so the write and its record
// commit or vanish together.
func (q *Q) AddAudit(ctx context.Context, e *domain.AuditEntry) error {
	e.At = now()
	if e.OrgPath == "" {
		e.OrgPath = "/"
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO audit_log (at, user_id, username, action, entity_type, entity_id,
		org_path, before_data, after_data, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.At, nullInt(e.UserID), e.Username, e.Action, e.EntityType, nullInt(e.EntityID), e.OrgPath, e.Before,
		e.After, e.IP).Scan(&e.ID)
}

// AuditFilter selects audit entries; as elsewhere, empty Scopes selects nothing.
type AuditFilter struct {
	Scopes     []string
	Action     string // prefix, e.g. "member."
	EntityType string
	EntityID   int64
	UserID     int64
	BeforeID   int64
	Limit      int
}

// Audit lists entries newest first.
func (q *Q) Audit(ctx context.Context, f AuditFilter) ([]domain.AuditEntry, error) {
	args := []any{}
	where := []string{scopeClause("a.org_path", f.Scopes, &args)}
	if f.Action != "" {
		args = append(args, f.Action+"%")
		where = append(where, "a.action LIKE "+placeholder(len(args)))
	}
	if f.EntityType != "" {
		args = append(args, f.EntityType)
		where = append(where, "a.entity_type = "+placeholder(len(args)))
	}
	if f.EntityID != 0 {
		args = append(args, f.EntityID)
		where = append(where, "a.entity_id = "+placeholder(len(args)))
	}
	if f.UserID != 0 {
		args = append(args, f.UserID)
		where = append(where, "a.user_id = "+placeholder(len(args)))
	}
	if f.BeforeID != 0 {
		args = append(args, f.BeforeID)
		where = append(where, "a.id < "+placeholder(len(args)))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT a.id, a.at, COALESCE(a.user_id, 0), a.username, a.action, a.entity_type,
		COALESCE(a.entity_id, 0), a.org_path, a.before_data, a.after_data, a.ip FROM audit_log a WHERE `+
		strings.Join(where, " AND ")+` ORDER BY a.id DESC LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.EntityType, &e.EntityID, &e.OrgPath,
			&e.Before, &e.After, &e.IP); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
