// Package dues is the core of party dues (党费, issue 6; RULES.md "Party dues"): the
// calculator by the 2008 rates kept as data (rule dues.rates, valid from a day, so past months
// keep their rule), members' dues profiles (category and monthly base from a month on, with
// history), hardship reductions and exemptions (member applies → branch agrees → the
// next-level organisation approves), monthly bills per organisation subtree (idempotent per
// member and month, as a job for large scopes) and the import of bases from a payroll .xlsx.
//
// Payments, arrears, statistics and the fund pool live in their own packages; they read the
// bills this package makes (domain.DuesBill, store.Q.DuesBill).
package dues

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// Job kinds.
const (
	KindGenerate = "dues.generate"
	KindImport   = "dues.import"
)

// RuleRates is the rule key of the rates.
const RuleRates = "dues.rates"

// DefaultInlineLimit is the largest scope (members) whose bills are generated in the request;
// larger ones run as a job.
const DefaultInlineLimit = 3000

// Service is the dues capability.
type Service struct {
	DB      *store.DB
	Members *member.Service // ID-number hashes for the payroll import
	Jobs    *jobs.Runner    // nil: every generation and import runs in the caller
	Now     func() time.Time
	TempDir string
	// InlineLimit is the largest scope generated in the request (0: DefaultInlineLimit).
	InlineLimit int
}

// New returns the service with the real clock and registers its jobs on runner (may be nil).
func New(db *store.DB, members *member.Service, runner *jobs.Runner) *Service {
	s := &Service{DB: db, Members: members, Jobs: runner, Now: time.Now}
	if runner != nil {
		runner.Register(KindGenerate, s.runGenerate)
		runner.Register(KindImport, s.runImport)
	}
	return s
}

// now is the service's clock in UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the calendar day in China.
func (s *Service) today() domain.Date { return domain.Today(s.Now()) }

// thisMonth is the month in China now.
func (s *Service) thisMonth() string { return domain.DuesMonthOf(s.today()) }

func (s *Service) inlineLimit() int {
	if s.InlineLimit > 0 {
		return s.InlineLimit
	}
	return DefaultInlineLimit
}

// record writes an audit entry in the caller's transaction.
func record(ctx context.Context, q *store.Q, a *auth.Actor, action, entity string, id int64, orgPath string, before, after any) error {
	if a == nil {
		a = auth.SystemActor()
	}
	return audit.Record(ctx, q, a, action, entity, id, orgPath, before, after)
}

// invalid is an EInvalid error naming one field.
func invalid(field, key string) *domain.Error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string) *domain.Error { return &domain.Error{Code: domain.EConflict, Message: key} }

// text trims s and checks its length; the error's text is the message key.
func text(s string, maxRunes int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", errors.New("err.required")
	case utf8.RuneCountInString(s) > maxRunes:
		return "", errors.New("err.too_long")
	}
	return s, nil
}

// limit normalises a list limit (API.md: default 50, max 500).
func limit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}

// loadMember returns a member as stored, ENotFound when missing.
func loadMember(ctx context.Context, q *store.Q, id int64) (*store.MemberRecord, error) {
	m, err := q.Member(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("member")
	}
	return m, err
}

// loadOrg returns an organisation, ENotFound when missing.
func loadOrg(ctx context.Context, q *store.Q, id int64) (*domain.Org, error) {
	o, err := q.Org(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// canReadMember reports whether the actor sees a member's dues: dues readers over the
// member's organisation, and the member themself.
func canReadMember(a *auth.Actor, m *store.MemberRecord) bool {
	return a.Can(auth.DuesRead, m.OrgPath) || (a.MemberID() != 0 && a.MemberID() == m.ID)
}

// parentPath is the path of the organisation above the one at path ("" at the top).
func parentPath(path string) string {
	p := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return ""
	}
	return p[:i+1]
}

// CanApproveFor reports whether the actor approves hardship for members of the branch at
// path: dues.approve over the organisation above it (the next level). Pages use it to show
// the approval form; ApproveHardship decides.
func CanApproveFor(a *auth.Actor, path string) bool { return canApproveFor(a, path) }

func canApproveFor(a *auth.Actor, path string) bool {
	if a.IsAdmin() {
		return true
	}
	pp := parentPath(path)
	return pp != "" && a.Can(auth.DuesApprove, pp)
}

// checkMonth validates a YYYY-MM month for field.
func checkMonth(v *domain.Validation, field, month string) {
	if month == "" {
		v.Add(field, "err.required")
	} else if k := domain.CheckMonth(month); k != "" {
		v.Add(field, k)
	}
}
