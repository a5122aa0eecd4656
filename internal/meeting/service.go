// Package meeting is organisational life (三会一课 and more): planning meetings with their
// expected attendees, leave requests, check-in by code or rotating QR token, attendance and
// quorum, and minutes approved by the upper organisation. Points for attendance go through
// the points engine inside the same transaction.
package meeting

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Service runs meetings. Now is the clock (tests move it).
type Service struct {
	DB     *store.DB
	Points *points.Service
	Now    func() time.Time
}

// NewService builds the service; pts may be nil (attendance is then recorded only).
func NewService(db *store.DB, pts *points.Service) *Service {
	return &Service{DB: db, Points: pts, Now: time.Now}
}

// managers may plan meetings and record attendance in their subtree; approvers (officers of
// the upper organisation) decide minutes. Kept here rather than in the auth matrix because
// only this capability uses them.
var (
	managers  = []string{domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember}
	approvers = []string{domain.RoleAdmin, domain.RoleOrgAdmin, domain.RoleSecretary, domain.RoleCommitteeMember}
)

// WindowRule is the rule "meeting.checkin_window".
type WindowRule struct {
	BeforeMinutes int `json:"before_minutes"`
	AfterMinutes  int `json:"after_minutes"`
	QRSlotSeconds int `json:"qr_slot_seconds"`
}

// DefaultWindow applies when no rule row does.
var DefaultWindow = WindowRule{BeforeMinutes: 20, AfterMinutes: 20, QRSlotSeconds: 30}

func (s *Service) window(ctx context.Context, q *store.Q, m *domain.Meeting) (WindowRule, error) {
	w := DefaultWindow
	ok, err := q.Rule(ctx, "meeting.checkin_window", m.OrgPath, domain.Today(m.StartsAt), &w)
	if err != nil {
		return w, err
	}
	if !ok {
		w = DefaultWindow
	}
	if w.QRSlotSeconds <= 0 {
		w.QRSlotSeconds = DefaultWindow.QRSlotSeconds
	}
	return w, nil
}

// canRead: managers and readers of the org, and the attendees themselves (checked by callers).
func canRead(a *auth.Actor, m *domain.Meeting) bool { return a.Can(auth.OrgRead, m.OrgPath) }

func canManage(a *auth.Actor, m *domain.Meeting) bool { return a.HasRoleOver(managers, m.OrgPath) }

// load reads a meeting the actor may see: managers/readers of its org or an expected attendee.
func (s *Service) load(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Meeting, error) {
	m, err := q.Meeting(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("meeting")
	}
	if err != nil {
		return nil, err
	}
	if canRead(a, m) {
		return m, nil
	}
	if mid := a.MemberID(); mid != 0 {
		if _, err := q.Attendee(ctx, id, mid); err == nil {
			return m, nil
		}
	}
	return nil, domain.NotFound("meeting")
}

// loadForWrite reads a meeting the actor manages; one that exists but is not theirs answers
// EForbidden (API.md: outside the scope, 404 on read and 403 on write).
func (s *Service) loadForWrite(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Meeting, error) {
	m, err := q.Meeting(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("meeting")
	}
	if err != nil {
		return nil, err
	}
	if !canManage(a, m) {
		return nil, domain.Forbidden()
	}
	return m, nil
}

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string) error { return domain.Errorf(domain.EConflict, key) }

// newCode is a random 6-digit check-in code.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// newKey is a random QR signing key, hex.
func newKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func record(ctx context.Context, q *store.Q, a *auth.Actor, action string, m *domain.Meeting, before, after any) error {
	return audit.Record(ctx, q, a, action, "meeting", m.ID, m.OrgPath, before, after)
}

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }
