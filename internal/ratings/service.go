// Package ratings is the reading and judging side of the points engine (issue 4 part 5):
// leaderboards by organisation subtree, year, subject type and category with a configurable
// tie rule; a subject's own rank; per-branch eligibility for excellent member (top N); and
// the yearly rating run — composite scores and 1–5 stars for every member and organisation
// of a subtree, computed in the background with progress, reviewed, calibrated (the
// computed value kept beside the final one, with who and why) and published, after which
// the year is closed there.
//
// Rankings read point_totals (one category) and ranking_totals (all categories), which the
// posting transaction maintains, so a leaderboard never scans the ledger. Both carry the
// subject's current organisation path: database triggers (migration 00007) move a member's
// rows when the member's org_path changes — by a transfer, a roster correction or a subtree
// moved with MoveOrg — in the same transaction, whichever code path made the change. That
// keeps rank queries on one index range instead of joining members at read time.
package ratings

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/store"
)

// Rule keys of this package (rules as data, see migration 00007).
const (
	RuleTie         = "points.tie_rule"
	RuleEligibility = "points.eligibility"
)

// Service is the ratings capability.
type Service struct {
	DB   *store.DB
	Jobs *jobs.Runner // runs rating computations; nil: StartRun computes at once, in the caller
	Now  func() time.Time
}

// New returns a Service with the real clock and registers the rating job with runner.
func New(db *store.DB, runner *jobs.Runner) *Service {
	s := &Service{DB: db, Jobs: runner, Now: time.Now}
	if runner != nil {
		runner.Register(KindRun, s.runJob)
	}
	return s
}

var shanghai = domain.Shanghai

// today is the calendar day in China: years of points and deadlines follow Beijing time.
func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

func yearEnd(year int) domain.Date { return domain.NewDate(year, time.December, 31) }

// org loads an organisation, ENotFound when missing.
func org(ctx context.Context, q *store.Q, id int64) (*domain.Org, error) {
	o, err := q.Org(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// readableOrg loads an organisation the actor may read rankings of: readers of points in
// scope; a member without a grant their own branch. ENotFound otherwise (API.md: an out of
// scope read looks like a missing one).
func readableOrg(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Org, error) {
	o, err := org(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if a.Can(auth.PointsRead, o.Path) {
		return o, nil
	}
	if mid := a.MemberID(); mid != 0 {
		m, err := q.Member(ctx, mid)
		if err == nil && m.OrgID == o.ID {
			return o, nil
		}
	}
	return nil, domain.NotFound("org")
}

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string, args ...any) error {
	return &domain.Error{Code: domain.EConflict, Message: key, Args: args}
}

// checkYear validates a year of points: from 2000 to this year.
func (s *Service) checkYear(year int) error {
	if year < 2000 || year > s.today().Time().Year() {
		return invalid("year", "err.points.year")
	}
	return nil
}

// text trims s and checks its length; "" problem when fine.
func text(s string, maxRunes int, required bool) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", "err.required"
	case utf8.RuneCountInString(s) > maxRunes:
		return "", "err.too_long"
	}
	return s, ""
}

// TieRule returns the tie rule in force on 31 December of year for the organisation at path
// (rule points.tie_rule; competition when unset or unknown).
func TieRule(ctx context.Context, q *store.Q, path string, year int) (string, error) {
	tie := store.TieCompetition
	if _, err := q.Rule(ctx, RuleTie, path, yearEnd(year), &tie); err != nil {
		return "", err
	}
	switch tie {
	case store.TieCompetition, store.TieDense, store.TieEarliestFirst:
		return tie, nil
	}
	return store.TieCompetition, nil
}

// EligibilityRule is the value of rule points.eligibility.
type EligibilityRule struct {
	Top int `json:"top"` // RULES.md: top N (default 5) by yearly points in each branch
}

// EligibleTop returns N of the eligibility rule in force for the organisation at path.
func EligibleTop(ctx context.Context, q *store.Q, path string, year int) (int, error) {
	r := EligibilityRule{Top: 5}
	if _, err := q.Rule(ctx, RuleEligibility, path, yearEnd(year), &r); err != nil {
		return 0, err
	}
	if r.Top <= 0 {
		r.Top = 5
	}
	return r.Top, nil
}
