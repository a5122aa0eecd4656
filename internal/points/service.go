// Package points is the core of the points engine (积分, issue 4): indicator catalogues per
// organisation and year ("1 + X", versioned), claims and their approval, direct awards,
// awards for events of other capabilities, the append-only ledger with two accounts per
// subject (appraisal score and reward balance), reversals, and the invariant check.
//
// Every movement of points goes through one code path (post, in ledger.go) that, inside the
// caller's write transaction, locks the subject's account row, applies de-duplication and
// caps, appends the entry with its running balances, and maintains the account and the
// per-year totals. Later capabilities build on this package:
//   - redemption posts reward-only holds and releases with PostReward;
//   - meetings, study, dues, volunteering and tasks call AwardForEvent inside their own
//     transaction, so an attendance and its points commit together;
//   - rankings and ratings read point_totals and use domain.CategoryRule / domain.StarRule.
package points

import (
	"context"
	"database/sql"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Service is the points capability.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

var shanghai = domain.Shanghai

// today is the calendar day in China: periods and years of points follow Beijing time.
func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// subject is who holds accounts: a member (in their branch) or an organisation.
type subject struct {
	Type    string
	ID      int64
	OrgID   int64  // the member's branch, or the organisation itself
	OrgPath string // its path
	Name    string
	Left    bool // a member who has left the roster: earns nothing new (see append)
}

// parentPath is where decisions about the subject are taken from: a member is decided on in
// their branch; an organisation by the level above it (a branch cannot award itself).
func (sj *subject) parentPath() string {
	if sj.Type == domain.SubjectMember {
		return sj.OrgPath
	}
	ids := domain.PathIDs(sj.OrgPath)
	p := "/"
	for _, id := range ids[:max(0, len(ids)-1)] {
		p = domain.OrgPath(p, id)
	}
	return p
}

// loadSubject returns a member or organisation subject, or ENotFound.
func loadSubject(ctx context.Context, q *store.Q, typ string, id int64) (*subject, error) {
	switch typ {
	case domain.SubjectMember:
		m, err := q.MemberSubject(ctx, id)
		if err == sql.ErrNoRows {
			return nil, domain.NotFound("member")
		}
		if err != nil {
			return nil, err
		}
		return &subject{Type: typ, ID: id, OrgID: m.OrgID, OrgPath: m.OrgPath, Name: m.Name, Left: m.Left}, nil
	case domain.SubjectOrg:
		o, err := q.Org(ctx, id)
		if err == sql.ErrNoRows {
			return nil, domain.NotFound("org")
		}
		if err != nil {
			return nil, err
		}
		return &subject{Type: typ, ID: id, OrgID: o.ID, OrgPath: o.Path, Name: o.Name}, nil
	}
	return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"subject_type": "err.choice"}}
}

// canRead reports whether the actor may see a subject's accounts, entries and claims: a
// member their own, readers those in their scope.
func canRead(a *auth.Actor, sj *subject) bool {
	if sj.Type == domain.SubjectMember && sj.ID != 0 && a.MemberID() == sj.ID {
		return true
	}
	return a.Can(auth.PointsRead, sj.OrgPath)
}

// readableSubject loads a subject the actor may read; ENotFound otherwise (API.md: out of
// scope reads look like missing ones).
func readableSubject(ctx context.Context, q *store.Q, a *auth.Actor, typ string, id int64) (*subject, error) {
	sj, err := loadSubject(ctx, q, typ, id)
	if err != nil {
		return nil, err
	}
	if !canRead(a, sj) {
		return nil, domain.NotFound(typ)
	}
	return sj, nil
}

// Rules in force for an organisation on a day; a missing row keeps the shipped default.

// CategoryRule returns the category shares in force (rule points.categories).
func CategoryRule(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (domain.CategoryRule, error) {
	var r domain.CategoryRule
	_, err := q.Rule(ctx, domain.RuleCategories, orgPath, on, &r)
	r.FillDefaults()
	return r, err
}

// StarRule returns the star thresholds in force (rule points.stars).
func StarRule(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (domain.StarRule, error) {
	var r domain.StarRule
	found, err := q.Rule(ctx, domain.RuleStars, orgPath, on, &r)
	if !found {
		r.VetoMaxStars = domain.DefaultStarRule.VetoMaxStars
	}
	r.FillDefaults()
	return r, err
}

// WelfareRule returns the duty hours in force (rule points.welfare).
func WelfareRule(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (domain.WelfareRule, error) {
	r := domain.DefaultWelfareRule
	_, err := q.Rule(ctx, domain.RuleWelfare, orgPath, on, &r)
	return r, err
}

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string, args ...any) error {
	return &domain.Error{Code: domain.EConflict, Message: key, Args: args}
}
