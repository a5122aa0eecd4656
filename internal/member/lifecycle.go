package member

import (
	"context"
	"database/sql"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Transaction-scoped helpers for the capabilities that change the roster as part of their
// own operation (development admits members, transfers move them). They run inside the
// caller's write transaction, so the roster change, its member event, its audit entry and
// the caller's own rows commit or vanish together. The caller decides who may start the
// operation; these still refuse an organisation outside the actor's member.write scope.

// CreateTx adds a member like Create, inside q; kind names the member event ("admitted",
// "transfer_in") and extra is added to the event's data. Errors: as Create.
func (s *Service) CreateTx(ctx context.Context, q *store.Q, a *auth.Actor, in Input, kind string, extra map[string]any) (*store.MemberRecord, error) {
	v := &domain.Validation{}
	for field, given := range map[string]bool{"name": in.Name != nil, "id_number": in.IDNumber != nil,
		"org_id": in.OrgID != nil, "category": in.Category != nil, "joined_on": in.JoinedOn != nil} {
		if !given {
			v.Add(field, "err.required")
		}
	}
	r := &store.MemberRecord{}
	r.Standing = domain.StandingNormal
	r.Positions = []string{}
	if err := s.apply(ctx, q, a, r, in, v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.checkUniqueID(ctx, q, r); err != nil {
		return nil, err
	}
	if err := q.InsertMember(ctx, r); err != nil {
		return nil, err
	}
	after := memberAudit(r)
	for k, v := range extra {
		after[k] = v
	}
	if err := s.event(ctx, q, a, r.ID, kind, nil, after); err != nil {
		return nil, err
	}
	return r, audit.Record(ctx, q, a, "member.create", "member", r.ID, r.OrgPath, nil, after)
}

// lockedMember loads a member inside q, ENotFound when missing.
func lockedMember(ctx context.Context, q *store.Q, id int64) (*store.MemberRecord, error) {
	r, err := q.Member(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("member")
	}
	return r, err
}

// MoveTx moves a member to another branch inside q, dropping the positions held in the old
// one (they were offices of that branch). kind names the member event ("transfer_internal",
// "transfer_accepted"); extra is added to its data. The actor needs member.write over the
// target branch; over the source the caller decides. Errors: ENotFound, EForbidden, EInvalid,
// EConflict (the member has left the roster).
func (s *Service) MoveTx(ctx context.Context, q *store.Q, a *auth.Actor, memberID, toOrgID int64, kind string, extra map[string]any) (*store.MemberRecord, error) {
	r, err := lockedMember(ctx, q, memberID)
	if err != nil {
		return nil, err
	}
	if r.HasLeft() {
		return nil, ErrLeft()
	}
	before := memberAudit(r)
	v := &domain.Validation{}
	if err := s.apply(ctx, q, a, r, Input{OrgID: &toOrgID}, v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r.Positions = []string{}
	if err := q.UpdateMember(ctx, r); err != nil {
		return nil, err
	}
	if err := q.SetPositions(ctx, r.ID, r.OrgID, nil); err != nil {
		return nil, err
	}
	changedBefore, changedAfter := diff(before, memberAudit(r))
	for k, v := range extra {
		changedAfter[k] = v
	}
	if err := s.event(ctx, q, a, r.ID, kind, changedBefore, changedAfter); err != nil {
		return nil, err
	}
	return r, audit.Record(ctx, q, a, "member.move", "member", r.ID, r.OrgPath, changedBefore, changedAfter)
}

// MakeFullTx records full membership inside q: the category becomes full and full_member_on
// the given day (the end of probation). Errors: ENotFound, EForbidden, EConflict (not a
// probationary member, or one who has left the roster).
func (s *Service) MakeFullTx(ctx context.Context, q *store.Q, a *auth.Actor, memberID int64, on domain.Date, extra map[string]any) error {
	r, err := lockedMember(ctx, q, memberID)
	if err != nil {
		return err
	}
	if !a.Can(auth.MemberWrite, r.OrgPath) {
		return domain.Forbidden()
	}
	if r.HasLeft() {
		return ErrLeft()
	}
	if r.Category != domain.CategoryProbationary {
		return domain.Errorf(domain.EConflict, "err.development.not_probationary")
	}
	before := memberAudit(r)
	r.Category, r.FullMemberOn = domain.CategoryFull, on
	if err := q.UpdateMember(ctx, r); err != nil {
		return err
	}
	changedBefore, changedAfter := diff(before, memberAudit(r))
	for k, v := range extra {
		changedAfter[k] = v
	}
	if err := s.event(ctx, q, a, r.ID, "full_membership", changedBefore, changedAfter); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "member.full_membership", "member", r.ID, r.OrgPath, changedBefore, changedAfter)
}

// EventTx appends a member event with data inside q (transfer steps that do not change the
// roster: a letter issued, rejected, a receipt back).
func (s *Service) EventTx(ctx context.Context, q *store.Q, a *auth.Actor, memberID int64, kind string, data map[string]any) error {
	return s.event(ctx, q, a, memberID, kind, nil, data)
}

// Today is the calendar day in China by the service's clock.
func (s *Service) Today() domain.Date { return s.today() }
