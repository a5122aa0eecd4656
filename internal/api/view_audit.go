package api

import (
	"encoding/json"

	"dangjian/internal/domain"
)

// auditJSON is one audit entry. before and after are the recorded JSON, or null.
type auditJSON struct {
	ID         jsonID          `json:"id"`
	At         stamp           `json:"at"`
	UserID     nullID          `json:"user_id"`
	Username   string          `json:"username"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   nullID          `json:"entity_id"`
	OrgPath    string          `json:"org_path"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	IP         string          `json:"ip"`
}

func auditView(e *domain.AuditEntry) auditJSON {
	return auditJSON{ID: jsonID(e.ID), At: stamp(e.At), UserID: nullID(e.UserID), Username: e.Username,
		Action: e.Action, EntityType: e.EntityType, EntityID: nullID(e.EntityID), OrgPath: e.OrgPath,
		Before: rawJSON(e.Before), After: rawJSON(e.After), IP: e.IP}
}
