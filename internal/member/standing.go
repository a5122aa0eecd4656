package member

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Standing changes (停止党籍, 保留党籍, 恢复, 开除), the lost-contact flag, and the monthly
// lists of changes and political birthdays (anniversaries of joining).

// Standing actions.
const (
	ActionSuspend         = "suspend"
	ActionRetain          = "retain"
	ActionRestore         = "restore"
	ActionExpel           = "expel"
	ActionCancelProbation = "cancel_probation" // 取消预备党员资格: a departure (CancelProbationTx), not a standing
	ActionLostContact     = "lost_contact"
	ActionContactRestored = "contact_restored"
)

// standingMoves says, per action, from which standings it may start and where it leads.
var standingMoves = map[string]struct {
	from []string
	to   string
}{
	ActionSuspend: {[]string{domain.StandingNormal}, domain.StandingSuspended},
	ActionRetain:  {[]string{domain.StandingNormal}, domain.StandingRetained},
	ActionRestore: {[]string{domain.StandingSuspended, domain.StandingRetained}, domain.StandingNormal},
	ActionExpel:   {[]string{domain.StandingNormal, domain.StandingSuspended, domain.StandingRetained}, domain.StandingExpelled},
}

// StandingInput is a change of standing: what, from which day, and why.
type StandingInput struct {
	Action string
	On     string // YYYY-MM-DD
	Reason string
}

func checkReasonDate(in StandingInput, today domain.Date, v *domain.Validation) domain.Date {
	on, err := domain.ParseDate(strings.TrimSpace(in.On))
	switch {
	case err != nil:
		v.Add("on", "err.date")
	case on.IsZero():
		v.Add("on", "err.required")
	case on.After(today):
		v.Add("on", "err.date_future")
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		v.Add("reason", "err.required")
	} else if utf8.RuneCountInString(reason) > 500 {
		v.Add("reason", "err.too_long")
	}
	return on
}

// writableMember loads a member inside q for a change: ENotFound only when there is no
// such member, EForbidden when the member is outside the actor's member.write scope, even
// where they cannot read it (API.md: a write outside the caller's scope answers 403).
func writableMember(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*store.MemberRecord, error) {
	r, err := lockedMember(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.MemberWrite, r.OrgPath) {
		return nil, domain.Forbidden()
	}
	return r, nil
}

// ChangeStanding suspends, retains, restores or expels a member, recording the day and the
// reason as a member event, a standing change and an audit entry in one transaction.
// Who: member.write over the member's org. Errors: ENotFound (no such member), EForbidden
// (also a member outside the caller's scope), EInvalid (action, on, reason), EConflict (the
// member's standing does not allow the action, or the member has left the roster).
func (s *Service) ChangeStanding(ctx context.Context, a *auth.Actor, id int64, in StandingInput) (*domain.Member, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		return s.ChangeStandingTx(ctx, q, a, id, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}

// ChangeStandingTx is ChangeStanding inside the caller's transaction. A member who has left
// the roster keeps the standing they left with (EConflict err.member.left).
func (s *Service) ChangeStandingTx(ctx context.Context, q *store.Q, a *auth.Actor, id int64, in StandingInput) error {
	r, err := currentMember(ctx, q, a, id)
	if err != nil {
		return err
	}
	v := &domain.Validation{}
	move, known := standingMoves[in.Action]
	if !known {
		v.Add("action", "err.choice")
	}
	on := checkReasonDate(in, s.today(), v)
	if err := v.Err(); err != nil {
		return err
	}
	if !domain.Contains(move.from, r.Standing) {
		return &domain.Error{Code: domain.EConflict, Message: "err.standing.not_allowed",
			Fields: map[string]string{"action": "err.standing.not_allowed"}}
	}
	before := r.Standing
	r.Standing = move.to
	if err := q.UpdateMember(ctx, r); err != nil {
		return err
	}
	change := &store.StandingChange{MemberID: r.ID, Action: in.Action, FromStanding: before, ToStanding: r.Standing,
		EffectiveOn: on, Reason: strings.TrimSpace(in.Reason), Actor: a.Name()}
	if err := q.InsertStandingChange(ctx, change); err != nil {
		return err
	}
	b := map[string]any{"standing": before}
	after := map[string]any{"standing": r.Standing, "action": in.Action, "on": on.String(), "reason": change.Reason}
	if err := s.event(ctx, q, a, r.ID, "standing", b, after); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "member.standing", "member", r.ID, r.OrgPath, b, after)
}

// SetLostContact sets or clears the lost-contact flag (失联) from a day, with a reason.
// Who: member.write over the member's org. Errors: ENotFound (no such member), EForbidden
// (also a member outside the caller's scope), EInvalid, EConflict (the flag is already so,
// or the member has left the roster).
func (s *Service) SetLostContact(ctx context.Context, a *auth.Actor, id int64, lost bool, on, reason string) (*domain.Member, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error { return s.SetLostContactTx(ctx, q, a, id, lost, on, reason) })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}

// SetLostContactTx is SetLostContact inside the caller's transaction.
func (s *Service) SetLostContactTx(ctx context.Context, q *store.Q, a *auth.Actor, id int64, lost bool, on, reason string) error {
	r, err := currentMember(ctx, q, a, id)
	if err != nil {
		return err
	}
	v := &domain.Validation{}
	day := checkReasonDate(StandingInput{On: on, Reason: reason}, s.today(), v)
	if err := v.Err(); err != nil {
		return err
	}
	if r.LostContact == lost {
		return domain.Errorf(domain.EConflict, "err.standing.flag_unchanged")
	}
	r.LostContact = lost
	if err := q.UpdateMember(ctx, r); err != nil {
		return err
	}
	action := ActionLostContact
	if !lost {
		action = ActionContactRestored
	}
	change := &store.StandingChange{MemberID: r.ID, Action: action, FromStanding: r.Standing, ToStanding: r.Standing,
		EffectiveOn: day, Reason: strings.TrimSpace(reason), Actor: a.Name()}
	if err := q.InsertStandingChange(ctx, change); err != nil {
		return err
	}
	b := map[string]any{"lost_contact": !lost}
	after := map[string]any{"lost_contact": lost, "on": day.String(), "reason": change.Reason}
	if err := s.event(ctx, q, a, r.ID, action, b, after); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "member."+action, "member", r.ID, r.OrgPath, b, after)
}

// SetFloatingTx sets the member's floating flag inside q with an event (the floating
// register's out-flow entries). The caller checks authorisation.
func (s *Service) SetFloatingTx(ctx context.Context, q *store.Q, a *auth.Actor, id int64, floating bool, data map[string]any) error {
	r, err := lockedMember(ctx, q, id)
	if err != nil {
		return err
	}
	if r.Floating == floating {
		return nil
	}
	r.Floating = floating
	if err := q.UpdateMember(ctx, r); err != nil {
		return err
	}
	kind := "floating_out"
	if !floating {
		kind = "floating_ended"
	}
	return s.event(ctx, q, a, r.ID, kind, map[string]any{"floating": !floating}, data)
}

// scopeUnder resolves the organisation a monthly list is for: readable by the actor.
func (s *Service) scopeUnder(ctx context.Context, a *auth.Actor, orgID int64) (*domain.Org, error) {
	o, err := s.DB.Read().Org(ctx, orgID)
	if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, o.Path)) {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// StandingChange is one line of the monthly list.
type StandingChange = store.StandingChange

// StandingChanges lists the standing changes and lost-contact flags effective in a month
// (YYYY-MM) for members now in the organisation's subtree. Who: readers of the org.
// Errors: ENotFound (org), EInvalid (month).
func (s *Service) StandingChanges(ctx context.Context, a *auth.Actor, orgID int64, month string) ([]StandingChange, error) {
	from, err := parseMonth(month)
	if err != nil {
		return nil, err
	}
	o, err := s.scopeUnder(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	return s.DB.Read().StandingChanges(ctx, a.Scopes(auth.MemberRead), o.Path, from, domain.AddMonths(from, 1))
}

// MemberStandingChanges returns one member's standing changes and lost-contact flags,
// newest recorded first: at most limit (default 50, max 500), recorded before beforeID
// when it is not 0. Who: as Get (the member page and its history show the same).
// Errors: ENotFound.
func (s *Service) MemberStandingChanges(ctx context.Context, a *auth.Actor, id, beforeID int64, limit int) ([]StandingChange, error) {
	if _, err := s.Get(ctx, a, id, false); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return s.DB.Read().MemberStandingChanges(ctx, id, beforeID, limit)
}

// Birthday is a political birthday: the anniversary of joining the party in a month.
type Birthday struct {
	store.Anniversary
	On    domain.Date // the anniversary in the asked year
	Years int         // years since joining on that day
}

// PoliticalBirthdays lists the members of the organisation's subtree on the roster (not
// expelled, not left) whose
// joining anniversary falls in the month (YYYY-MM), with the years they complete; someone
// who joined on 29 February celebrates on 28 February in other years. Who: readers of the
// org. Errors: ENotFound (org), EInvalid (month).
func (s *Service) PoliticalBirthdays(ctx context.Context, a *auth.Actor, orgID int64, month string) ([]Birthday, error) {
	from, err := parseMonth(month)
	if err != nil {
		return nil, err
	}
	o, err := s.scopeUnder(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	list, err := s.DB.Read().JoiningAnniversaries(ctx, a.Scopes(auth.MemberRead), o.Path, int(from.Time().Month()))
	if err != nil {
		return nil, err
	}
	out := []Birthday{}
	for _, x := range list {
		years := from.Time().Year() - x.JoinedOn.Time().Year()
		if years <= 0 {
			continue // joined this month this year (or later): no anniversary yet
		}
		out = append(out, Birthday{Anniversary: x, On: domain.AddMonths(x.JoinedOn, 12*years), Years: years})
	}
	return out, nil
}

func parseMonth(month string) (domain.Date, error) {
	if domain.CheckMonth(month) != "" {
		return domain.Date{}, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"month": "err.month_yyyy_mm"}}
	}
	t, _ := time.Parse("2006-01", month)
	return domain.DateOf(t), nil
}
