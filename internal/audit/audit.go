// Package audit records every write and reveal, in the writer's transaction, and lets admins
// and auditors read the log of their subtree.
package audit

import (
	"context"
	"encoding/json"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Record appends an audit entry inside the caller's write transaction. before and after are
// marshalled to JSON (nil gives ""); orgPath is where the entry is visible from.
func Record(ctx context.Context, q *store.Q, a *auth.Actor, action, entityType string, entityID int64, orgPath string, before, after any) error {
	e := &domain.AuditEntry{UserID: a.UserID(), Username: a.Name(), Action: action, EntityType: entityType,
		EntityID: entityID, OrgPath: orgPath, Before: marshal(before), After: marshal(after)}
	if a != nil {
		e.IP = a.IP
	}
	return q.AddAudit(ctx, e)
}

func marshal(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unencodable"}`
	}
	return string(b)
}

// Service reads the audit log.
type Service struct{ DB *store.DB }

// Filter selects entries.
type Filter struct {
	Action     string
	EntityType string
	EntityID   int64
	UserID     int64
	BeforeID   int64
	Limit      int
}

// List returns entries in the caller's audit scope, newest first.
// Who: admin, org_admin, auditor (their subtrees). Errors: EForbidden for anyone else.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]domain.AuditEntry, error) {
	scopes := a.Scopes(auth.AuditRead)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return s.DB.Read().Audit(ctx, store.AuditFilter{Scopes: scopes, Action: f.Action, EntityType: f.EntityType,
		EntityID: f.EntityID, UserID: f.UserID, BeforeID: f.BeforeID, Limit: f.Limit})
}
