// Package study is study and exams (issue 5 parts 6–7): courses assigned to organisation
// subtrees as required (必学) or optional, effective study time counted by heartbeats, a
// question bank with .xlsx import, exams and quizzes with time limits, pass marks, attempt
// limits and random order, contests with a live leaderboard, and points for a pass through
// the points engine's event interface.
//
// Authorisation: organisation admins and secretaries (and system admins) manage courses,
// questions and exams of the organisations in their scope; members study and take exams of
// the subtrees they belong to. Every write is audited in its transaction, except study
// heartbeats: they arrive every half minute per reader and carry no decision, so only the
// completion they lead to is audited (study.course.complete).
package study

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Service is the study capability.
type Service struct {
	DB     *store.DB
	Points *points.Service // nil: passes are recorded without points
	Now    func() time.Time
}

// New returns a Service with the real clock.
func New(db *store.DB, pts *points.Service) *Service {
	return &Service{DB: db, Points: pts, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// managerRoles manage study content of the organisations in their scope.
var managerRoles = []string{domain.RoleOrgAdmin, domain.RoleSecretary}

func canManage(a *auth.Actor, path string) bool { return a.HasRoleOver(managerRoles, path) }

// canOversee: managers and the readers of the organisation (officers, auditors), who see
// study content and its results in their scope without taking part (auditors read
// everything in their scope and write nothing).
func canOversee(a *auth.Actor, path string) bool {
	return canManage(a, path) || a.Can(auth.OrgRead, path)
}

// managedScopes are the subtrees where the actor manages study content.
func managedScopes(a *auth.Actor) []string {
	if a.IsAdmin() {
		return []string{"/"}
	}
	if a == nil || a.User == nil {
		return nil
	}
	var out []string
	for _, g := range a.User.Grants {
		if domain.Contains(managerRoles, g.Role) && g.OrgPath != "" {
			out = append(out, g.OrgPath)
		}
	}
	return out
}

// memberPath is the organisation path of the actor's own member record, "" when the
// account is not linked to a current member.
func memberPath(ctx context.Context, q *store.Q, a *auth.Actor) (string, error) {
	id := a.MemberID()
	if id == 0 {
		return "", nil
	}
	m, err := q.Member(ctx, id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if m.HasLeft() {
		return "", nil
	}
	return m.OrgPath, nil
}

func loadOrg(ctx context.Context, q *store.Q, id int64) (*domain.Org, error) {
	o, err := q.Org(ctx, id)
	if err == sql.ErrNoRows {
		return nil, invalid("org_id", "err.org.unknown")
	}
	return o, err
}

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string, args ...any) error {
	return &domain.Error{Code: domain.EConflict, Message: key, Args: args}
}

// text trims v and checks it is present (when required) and at most max characters.
func text(v *domain.Validation, field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		v.Add(field, "err.required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "err.too_long")
	}
	return s
}
