package member

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Departures from the roster (members.left_on, left_reason). A member leaves when their
// formal relationship is transferred out of the system (the transfer service, on the
// receipt), when their probation is cancelled (the development service), or when an
// officer records a death or another reason here. The row and its history stay; lists and
// counts leave the member out. A departure is not a change of standing: a cancelled
// probation is not an expulsion.

// undoRoles may take back a departure recorded by mistake: the people who run the roster
// of a whole subtree, not a branch secretary alone.
var undoRoles = []string{domain.RoleAdmin, domain.RoleOrgAdmin}

// recordedByHand are the reasons an officer records with RecordDeparture; the others follow
// from a transfer or a development decision, which own them.
var recordedByHand = []string{domain.LeftDeceased, domain.LeftOther}

// maxNoteRunes bounds the free text of a departure or its undoing.
const maxNoteRunes = 500

// DepartureInput is a departure recorded by hand: why (deceased, other), from which day, and
// a note (required for other).
type DepartureInput struct {
	Reason string
	On     string // YYYY-MM-DD
	Note   string
}

// ErrLeft is the conflict of a change to a member who has left the roster: their record is
// history now (undo a mistaken departure first).
func ErrLeft() error { return domain.Errorf(domain.EConflict, "err.member.left") }

// currentMember is writableMember for a change that needs the member on the roster.
func currentMember(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*store.MemberRecord, error) {
	r, err := writableMember(ctx, q, a, id)
	if err == nil && r.HasLeft() {
		return nil, ErrLeft()
	}
	return r, err
}

// RecordDeparture takes a member off the roster for a reason recorded by hand (deceased,
// other), from a day, with a member event and an audit entry.
// Who: member.write over the member's org. Errors: ENotFound (no such member), EForbidden
// (also a member outside the caller's scope), EInvalid (reason, on, note; a reason that
// only a transfer or a cancelled probation records is err.member.departure_by_process),
// EConflict (the member has already left).
func (s *Service) RecordDeparture(ctx context.Context, a *auth.Actor, id int64, in DepartureInput) (*domain.Member, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := writableMember(ctx, q, a, id)
		if err != nil {
			return err
		}
		v := &domain.Validation{}
		reason := strings.TrimSpace(in.Reason)
		switch {
		case reason == "":
			v.Add("reason", "err.required")
		case domain.Contains(recordedByHand, reason):
		case domain.Contains(domain.LeftReasons, reason):
			v.Add("reason", "err.member.departure_by_process")
		default:
			v.Add("reason", "err.choice")
		}
		on, err := domain.ParseDate(strings.TrimSpace(in.On))
		switch {
		case err != nil:
			v.Add("on", "err.date")
		case on.IsZero():
			v.Add("on", "err.required")
		case on.After(s.today()):
			v.Add("on", "err.date_future")
		case on.Before(r.JoinedOn):
			v.Add("on", "err.member.left_before_joined")
		}
		note := strings.TrimSpace(in.Note)
		if note == "" && reason == domain.LeftOther {
			v.Add("note", "err.required")
		} else if utf8.RuneCountInString(note) > maxNoteRunes {
			v.Add("note", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if r.HasLeft() {
			return domain.Errorf(domain.EConflict, "err.member.already_left")
		}
		extra := map[string]any{}
		if note != "" {
			extra["note"] = note
		}
		return s.leaveTx(ctx, q, a, r, reason, on, extra)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}

// LeaveTx takes a member off the roster inside q (the transfer service, when the receipt of
// a transfer out of the system comes back); extra is added to the member event. The caller
// decides who may do it. Errors: ENotFound, EConflict (already left).
func (s *Service) LeaveTx(ctx context.Context, q *store.Q, a *auth.Actor, memberID int64, reason string, on domain.Date, extra map[string]any) error {
	r, err := lockedMember(ctx, q, memberID)
	if err != nil {
		return err
	}
	if r.HasLeft() {
		return domain.Errorf(domain.EConflict, "err.member.already_left")
	}
	return s.leaveTx(ctx, q, a, r, reason, on, extra)
}

// leaveTx writes the departure, its member event ("left") and its audit entry.
func (s *Service) leaveTx(ctx context.Context, q *store.Q, a *auth.Actor, r *store.MemberRecord, reason string, on domain.Date, extra map[string]any) error {
	if err := q.SetMemberLeft(ctx, r, on, reason); err != nil {
		return err
	}
	after := map[string]any{"left_on": on.String(), "left_reason": reason}
	for k, v := range extra {
		after[k] = v
	}
	if err := s.event(ctx, q, a, r.ID, "left", nil, after); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "member.leave", "member", r.ID, r.OrgPath, nil, after)
}

// CancelProbationTx cancels a probationary member's status (取消预备党员资格) inside q, for
// the development service: the member leaves the roster (probation_cancelled) from the day
// of the decision, and a standing change records the decision and its reason for the
// monthly list; the standing itself does not change, since this is not an expulsion.
// Who: member.write over the member's org. Errors: ENotFound, EForbidden, EConflict (not a
// probationary member, or already left).
func (s *Service) CancelProbationTx(ctx context.Context, q *store.Q, a *auth.Actor, id int64, on domain.Date, reason string) error {
	r, err := currentMember(ctx, q, a, id)
	if err != nil {
		return err
	}
	if r.Category != domain.CategoryProbationary {
		return domain.Errorf(domain.EConflict, "err.development.not_probationary")
	}
	reason = strings.TrimSpace(reason)
	change := &store.StandingChange{MemberID: r.ID, Action: ActionCancelProbation, FromStanding: r.Standing,
		ToStanding: r.Standing, EffectiveOn: on, Reason: reason, Actor: a.Name()}
	if err := q.InsertStandingChange(ctx, change); err != nil {
		return err
	}
	return s.leaveTx(ctx, q, a, r, domain.LeftProbationCancelled, on, map[string]any{"action": ActionCancelProbation, "reason": reason})
}

// CanUndoDeparture reports whether the actor may take back m's departure: m left for a
// reason recorded by hand, and the actor is an admin or an org admin over m's org.
func CanUndoDeparture(a *auth.Actor, m *domain.Member) bool {
	return m.HasLeft() && domain.Contains(recordedByHand, m.LeftReason) && a.HasRoleOver(undoRoles, m.OrgPath) &&
		a.Can(auth.MemberWrite, m.OrgPath)
}

// UndoDeparture puts back on the roster a member whose departure was recorded by mistake,
// with a note saying why; the departure stays in the history beside its undoing.
// Who: admin, org_admin over the member's org. Errors: ENotFound (no such member),
// EForbidden (other roles, also outside the caller's scope), EInvalid (note), EConflict
// (the member has not left, or left by a transfer or a cancelled probation, which their
// own records own: err.member.departure_by_process).
func (s *Service) UndoDeparture(ctx context.Context, a *auth.Actor, id int64, note string) (*domain.Member, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := lockedMember(ctx, q, id)
		if err != nil {
			return err
		}
		if !a.HasRoleOver(undoRoles, r.OrgPath) || !a.Can(auth.MemberWrite, r.OrgPath) {
			return domain.Forbidden()
		}
		v := &domain.Validation{}
		note = strings.TrimSpace(note)
		if note == "" {
			v.Add("note", "err.required")
		} else if utf8.RuneCountInString(note) > maxNoteRunes {
			v.Add("note", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case !r.HasLeft():
			return domain.Errorf(domain.EConflict, "err.member.not_left")
		case !domain.Contains(recordedByHand, r.LeftReason):
			return &domain.Error{Code: domain.EConflict, Message: "err.member.departure_by_process",
				Fields: map[string]string{"reason": "err.member.departure_by_process"}}
		}
		before := map[string]any{"left_on": r.LeftOn.String(), "left_reason": r.LeftReason}
		if err := q.SetMemberLeft(ctx, r, domain.Date{}, ""); err != nil {
			return err
		}
		after := map[string]any{"left_on": "", "left_reason": "", "note": note}
		if err := s.event(ctx, q, a, r.ID, "left_undone", before, after); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "member.leave_undo", "member", r.ID, r.OrgPath, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}
