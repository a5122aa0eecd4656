// Package redemption is reward redemption at the service alliance (seed 003; issue 4 part 6):
// merchants run by an organisation for the members of its subtree, their operators (users
// with role merchant, linked to the merchants they serve), rewards with cost, stock and
// per-member limits per period, and redemptions: a member redeems → the points are held and a
// code (and its QR code) shown → the merchant's operator confirms it (fulfilled, the points
// stay spent), or it is cancelled or expires and the points come back.
//
// Money safety comes from two locks taken in one order by every transaction that touches a
// reward's stock or a member's points: the reward row first (LockReward), then the member's
// point account (inside points.PostReward). A member can never spend more than the balance
// (PostReward checks under the account lock), and a reward's stock never goes below zero
// (checked under the reward lock, with a CHECK constraint behind it), whatever the number of
// goroutines or instances. Settling a redemption (confirm, cancel, expire) is a conditional
// UPDATE … WHERE status = 'held' checked in the transaction that also releases the points,
// so each hold is released at most once.
package redemption

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
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Service is the redemption capability.
type Service struct {
	DB     *store.DB
	Points *points.Service
	Now    func() time.Time
}

// NewService returns a Service with the real clock, posting through pts.
func NewService(db *store.DB, pts *points.Service) *Service {
	return &Service{DB: db, Points: pts, Now: time.Now}
}

var shanghai = domain.Shanghai

// now is the service's clock in UTC, to the microsecond (what both engines store).
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the calendar day in China: reward windows and per-member limit periods follow
// Beijing time.
func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// isOperator reports whether the actor serves the merchant: linked to it and holding role
// merchant over its alliance organisation (a grant removed later ends the right even while
// the link remains).
func isOperator(ctx context.Context, q *store.Q, a *auth.Actor, m *domain.Merchant) (bool, error) {
	if a == nil || a.User == nil || a.UserID() == 0 {
		return false, nil
	}
	hasRole := false
	for _, g := range a.User.Grants {
		if g.Role == domain.RoleMerchant && g.OrgPath != "" && domain.InSubtree(m.OrgPath, g.OrgPath) {
			hasRole = true
		}
	}
	if !hasRole {
		return false, nil
	}
	return q.IsMerchantUser(ctx, m.ID, a.UserID())
}

// canManage reports whether the actor manages the merchant's alliance.
func canManage(a *auth.Actor, m *domain.Merchant) bool {
	return a.Can(auth.RedemptionManage, m.OrgPath)
}

// canReadMerchant reports whether the actor sees a merchant: readers in scope, its
// operators, and the members of its alliance while it is active.
func canReadMerchant(ctx context.Context, q *store.Q, a *auth.Actor, m *domain.Merchant) (bool, error) {
	if a.Can(auth.RedemptionRead, m.OrgPath) {
		return true, nil
	}
	if op, err := isOperator(ctx, q, a, m); op || err != nil {
		return op, err
	}
	if m.Status != domain.MerchantActive || a.MemberID() == 0 {
		return false, nil
	}
	mem, err := q.Member(ctx, a.MemberID())
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return domain.InSubtree(mem.OrgPath, m.OrgPath), nil
}

// loadMerchant returns a merchant, ENotFound when missing.
func loadMerchant(ctx context.Context, q *store.Q, id int64) (*domain.Merchant, error) {
	m, err := q.Merchant(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("merchant")
	}
	return m, err
}

// visibility is what merchants (and so rewards) the actor sees, for lists.
func visibility(ctx context.Context, q *store.Q, a *auth.Actor) (store.MerchantVisibility, error) {
	v := store.MerchantVisibility{Scopes: a.Scopes(auth.RedemptionRead)}
	for _, g := range grantsOf(a) {
		if g.Role == domain.RoleMerchant {
			v.UserID = a.UserID()
		}
	}
	if a.MemberID() != 0 {
		mem, err := q.Member(ctx, a.MemberID())
		switch {
		case err == nil:
			v.PathOrgIDs = domain.PathIDs(mem.OrgPath)
		case err != sql.ErrNoRows:
			return v, err
		}
	}
	return v, nil
}

func grantsOf(a *auth.Actor) []domain.Grant {
	if a == nil || a.User == nil {
		return nil
	}
	return a.User.Grants
}

// record writes an audit entry in the caller's transaction (the system when a is nil).
func record(ctx context.Context, q *store.Q, a *auth.Actor, action, entity string, id int64, orgPath string, before, after any) error {
	if a == nil {
		a = auth.SystemActor()
	}
	return audit.Record(ctx, q, a, action, entity, id, orgPath, before, after)
}

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

func conflict(key string) error { return &domain.Error{Code: domain.EConflict, Message: key} }

// limit normalises a list limit (API.md: default 50, max 500).
func limit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}
