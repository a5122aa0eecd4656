package testutil

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// WantCode fails the test unless err carries the domain error code.
func WantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := domain.ErrorCode(err); got != code {
		tb.Fatalf("got error %v (code %q), want code %q", err, got, code)
	}
}

// WantField fails the test unless err is EInvalid (or the given code) with fields[field] == key.
func WantField(tb testing.TB, err error, code, field, key string) {
	tb.Helper()
	e, ok := domain.AsError(err)
	if !ok || e.Code != code || e.Fields[field] != key {
		tb.Fatalf("got %v, want %s with %s: %s", err, code, field, key)
	}
}

// AuditCount counts the audit entries with the action (all entries when action is "").
func AuditCount(tb testing.TB, db *store.DB, action string) int {
	tb.Helper()
	entries, err := db.Read().Audit(context.Background(), store.AuditFilter{Scopes: []string{"/"}, Action: action, Limit: 10000})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if action == "" || e.Action == action {
			n++
		}
	}
	return n
}

// LastAudit returns the newest audit entry.
func LastAudit(tb testing.TB, db *store.DB) domain.AuditEntry {
	tb.Helper()
	entries, err := db.Read().Audit(context.Background(), store.AuditFilter{Scopes: []string{"/"}, Limit: 1})
	if err != nil || len(entries) == 0 {
		tb.Fatalf("no audit entry: %v", err)
	}
	return entries[0]
}
