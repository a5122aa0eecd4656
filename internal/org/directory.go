package org

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// DirectoryEntry is a receiving organisation as the directory shows it: id, name and the
// names of the organisations above it (top first), and nothing more.
type DirectoryEntry = store.DirectoryEntry

// DirectoryLimit is the most entries one directory search returns.
const DirectoryLimit = 20

// Directory finds the organisations that can receive a member (the branches) by part of
// their name, anywhere in the tree. A transfer usually goes to a branch under another
// committee, which the sender cannot read; the directory names it without opening it: no
// counts, no members, no particulars. An empty query finds nothing.
// Who: anyone with member.write somewhere (who may start a transfer).
// Errors: EForbidden, EInvalid (q too long).
func (s *Service) Directory(ctx context.Context, a *auth.Actor, q string, limit int) ([]DirectoryEntry, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden()
	}
	q = strings.TrimSpace(q)
	switch {
	case strings.ContainsRune(q, 0) || !utf8.ValidString(q): // PostgreSQL cannot compare them
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"q": "err.invalid"}}
	case utf8.RuneCountInString(q) > 100:
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"q": "err.too_long"}}
	}
	if q == "" {
		return []DirectoryEntry{}, nil
	}
	if limit <= 0 || limit > DirectoryLimit {
		limit = DirectoryLimit
	}
	return s.DB.Read().OrgDirectory(ctx, q, []domain.OrgType{domain.OrgBranch, domain.OrgJointBranch, domain.OrgTemporaryBranch}, limit)
}
