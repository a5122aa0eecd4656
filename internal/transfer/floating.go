package transfer

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// FloatingInput registers a floating member. For the out-flow register MemberID names our
// member (their branch is the home organisation); for the in-flow register OrgID is the
// branch where they are active, Name and HomeOrgName say who and whose, and MemberID is set
// only when they are on a roster of this system.
type FloatingInput struct {
	Direction   string // out | in
	MemberID    int64
	OrgID       int64  // in: the host branch
	Name        string // in
	HomeOrgName string // in
	Place       string // out: where they went; in: where they came from
	Since       string // YYYY-MM-DD
	Contact     string
	Reason      string
	CardNo      string // 流动党员活动证
}

// RegisterFloating adds an entry to the out-flow or in-flow register. An out-flow entry
// sets the member's floating flag (with a member event).
// Who: member.write over the home branch (out) or the host branch (in). Errors: ENotFound
// (no such member), EForbidden (also a member or host branch outside the caller's scope),
// EInvalid (direction, member_id, org_id, name, place, since, …), EConflict (the member is
// already on the out-flow register).
func (s *Service) RegisterFloating(ctx context.Context, a *auth.Actor, in FloatingInput) (*domain.Floating, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden()
	}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		v := &domain.Validation{}
		f := &domain.Floating{Direction: in.Direction, Place: strings.TrimSpace(in.Place),
			HomeOrgName: strings.TrimSpace(in.HomeOrgName), Contact: strings.TrimSpace(in.Contact),
			Reason: strings.TrimSpace(in.Reason), CardNo: strings.TrimSpace(in.CardNo)}
		text := func(field, value string, max int, required bool) {
			if required && value == "" {
				v.Add(field, "err.required")
			} else if utf8.RuneCountInString(value) > max {
				v.Add(field, "err.too_long")
			}
		}
		var path string
		switch in.Direction {
		case domain.FloatingOut:
			m, err := writableMember(ctx, q, a, in.MemberID)
			if err != nil {
				return err
			}
			if m.HasLeft() {
				return member.ErrLeft()
			}
			open, err := q.Floatings(ctx, store.FloatingFilter{Scopes: []string{"/"}, MemberID: m.ID,
				Direction: domain.FloatingOut, ActiveOnly: true, Limit: 1})
			if err != nil {
				return err
			}
			if len(open) > 0 {
				return domain.Errorf(domain.EConflict, "err.floating.already")
			}
			f.MemberID, f.Name, f.OrgID, path = m.ID, m.Name, m.OrgID, m.OrgPath
		case domain.FloatingIn:
			o, err := q.Org(ctx, in.OrgID)
			switch {
			case err == sql.ErrNoRows || in.OrgID == 0:
				v.Add("org_id", "err.org.unknown")
			case err != nil:
				return err
			case !a.Can(auth.MemberWrite, o.Path):
				return domain.Forbidden()
			case !o.Type.IsBranch():
				v.Add("org_id", "err.member.org_not_branch")
			default:
				f.OrgID, path = o.ID, o.Path
			}
			f.Name, f.MemberID = strings.TrimSpace(in.Name), in.MemberID
			text("name", f.Name, 50, true)
			text("home_org_name", f.HomeOrgName, 100, true)
		default:
			v.Add("direction", "err.choice")
		}
		text("place", f.Place, 100, true)
		text("contact", f.Contact, 100, false)
		text("reason", f.Reason, 500, false)
		text("card_no", f.CardNo, 50, false)
		since, err := domain.ParseDate(strings.TrimSpace(in.Since))
		switch {
		case err != nil:
			v.Add("since", "err.date")
		case since.IsZero():
			v.Add("since", "err.required")
		case since.After(s.today()):
			v.Add("since", "err.date_future")
		}
		f.Since = since
		if err := v.Err(); err != nil {
			return err
		}
		if err := q.InsertFloating(ctx, f); err != nil {
			return err
		}
		id = f.ID
		data := floatingAudit(f)
		if f.Direction == domain.FloatingOut {
			if err := s.Members.SetFloatingTx(ctx, q, a, f.MemberID, true, data); err != nil {
				return err
			}
		}
		return audit.Record(ctx, q, a, "floating.create", "floating", f.ID, path, nil, data)
	})
	if err != nil {
		return nil, err
	}
	return s.GetFloating(ctx, a, id)
}

func floatingAudit(f *domain.Floating) map[string]any {
	return map[string]any{"floating_id": f.ID, "direction": f.Direction, "member_id": f.MemberID, "name": f.Name,
		"org_id": f.OrgID, "place": f.Place, "home_org_name": f.HomeOrgName, "since": f.Since.String(),
		"ended_on": f.EndedOn.String(), "contact": f.Contact, "reason": f.Reason, "card_no": f.CardNo,
		"last_report_on": f.LastReportOn.String()}
}

func (s *Service) flagFloating(ctx context.Context, q *store.Q, f *domain.Floating) error {
	r, err := rules(ctx, q, f.OrgPath, s.today())
	if err != nil {
		return err
	}
	f.FlagReport(r, s.today())
	return nil
}

// GetFloating returns a register entry with its report flag. Who: readers of its branch.
// Errors: ENotFound.
func (s *Service) GetFloating(ctx context.Context, a *auth.Actor, id int64) (*domain.Floating, error) {
	q := s.DB.Read()
	f, err := q.Floating(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, f.OrgPath)) {
		return nil, domain.NotFound("floating")
	}
	if err != nil {
		return nil, err
	}
	return f, s.flagFloating(ctx, q, f)
}

// FloatingFilter selects register entries for ListFloating.
type FloatingFilter struct {
	OrgID       int64 // the subtree of this org; 0: the caller's whole scope
	MemberID    int64 // only this member's entries (in-flow entries name one when on a roster)
	Direction   string
	ActiveOnly  bool
	OverdueOnly bool // only entries whose yearly report is overdue
	AfterID     int64
	Limit       int // default 50, max 500
}

// ListFloating returns register entries with their report flags, id order. Who: readers.
// Errors: ENotFound (org out of scope).
func (s *Service) ListFloating(ctx context.Context, a *auth.Actor, f FloatingFilter) ([]domain.Floating, int64, error) {
	q := s.DB.Read()
	sf := store.FloatingFilter{Scopes: a.Scopes(auth.MemberRead), MemberID: f.MemberID, Direction: f.Direction,
		ActiveOnly: f.ActiveOnly || f.OverdueOnly, AfterID: f.AfterID}
	if f.OrgID != 0 {
		o, err := q.Org(ctx, f.OrgID)
		if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, o.Path)) {
			return nil, 0, domain.NotFound("org")
		}
		if err != nil {
			return nil, 0, err
		}
		sf.Under = o.Path
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if !f.OverdueOnly {
		sf.Limit = limit + 1
	}
	list, err := q.Floatings(ctx, sf)
	if err != nil {
		return nil, 0, err
	}
	out := []domain.Floating{}
	var next int64
	for _, x := range list {
		if err := s.flagFloating(ctx, q, &x); err != nil {
			return nil, 0, err
		}
		if f.OverdueOnly && !x.ReportOverdue {
			continue
		}
		if len(out) == limit {
			next = out[limit-1].ID
			break
		}
		out = append(out, x)
	}
	return out, next, nil
}

// FloatingStep is the day of a report, an end or a loss of contact, with a note or reason.
type FloatingStep struct {
	On   string
	Note string
}

// floatingStep runs fn on a locked entry the actor may write, then saves and audits it.
// Missing → ENotFound; outside the actor's member.write scope → EForbidden.
func (s *Service) floatingStep(ctx context.Context, a *auth.Actor, id int64, action string,
	fn func(q *store.Q, f *domain.Floating, on domain.Date) error, in FloatingStep) (*domain.Floating, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		f, err := q.Floating(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("floating")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.MemberWrite, f.OrgPath) {
			return domain.Forbidden() // also outside the caller's scope: API.md answers writes with 403
		}
		if !f.EndedOn.IsZero() {
			return domain.Errorf(domain.EConflict, "err.floating.ended")
		}
		v := &domain.Validation{}
		on := s.dayAfter(in.On, f.Since, "err.floating.before_since", v)
		if utf8.RuneCountInString(in.Note) > 500 {
			v.Add("note", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := floatingAudit(f)
		if err := fn(q, f, on); err != nil {
			return err
		}
		if err := q.UpdateFloatingState(ctx, f); err != nil {
			return err
		}
		after := floatingAudit(f)
		after["note"] = strings.TrimSpace(in.Note)
		return audit.Record(ctx, q, a, "floating."+action, "floating", f.ID, f.OrgPath, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.GetFloating(ctx, a, id)
}

// Report records the floating member's report to the home organisation (at least yearly).
// Who: member.write over the entry's branch. Errors: ENotFound (no such entry), EForbidden
// (also an entry outside the caller's scope), EInvalid (on), EConflict (the entry has ended).
func (s *Service) Report(ctx context.Context, a *auth.Actor, id int64, in FloatingStep) (*domain.Floating, error) {
	return s.floatingStep(ctx, a, id, "report", func(q *store.Q, f *domain.Floating, on domain.Date) error {
		if on.After(f.LastReportOn) {
			f.LastReportOn = on
		}
		if err := q.InsertFloatingReport(ctx, f.ID, on, strings.TrimSpace(in.Note), a.Name()); err != nil {
			return err
		}
		if f.MemberID != 0 && f.Direction == domain.FloatingOut {
			return s.Members.EventTx(ctx, q, a, f.MemberID, "floating_report", map[string]any{"floating_id": f.ID, "on": on.String()})
		}
		return nil
	}, in)
}

// EndFloating closes a register entry (the member came back, or transferred formally); an
// out-flow entry clears the member's floating flag. Who, errors: as Report.
func (s *Service) EndFloating(ctx context.Context, a *auth.Actor, id int64, in FloatingStep) (*domain.Floating, error) {
	return s.floatingStep(ctx, a, id, "end", func(q *store.Q, f *domain.Floating, on domain.Date) error {
		f.EndedOn = on
		if f.Direction == domain.FloatingOut {
			return s.Members.SetFloatingTx(ctx, q, a, f.MemberID, false, map[string]any{"floating_id": f.ID, "on": on.String()})
		}
		return nil
	}, in)
}

// LostContact flags an out-flow member as out of contact (失联) from a day, with a reason:
// the member's lost_contact flag is set with a member event and a standing-change record.
// Who: as Report. Errors: as Report, plus EInvalid (note: the reason is required) and
// EConflict (an in-flow entry, or the member is flagged already).
func (s *Service) LostContact(ctx context.Context, a *auth.Actor, id int64, in FloatingStep) (*domain.Floating, error) {
	return s.floatingStep(ctx, a, id, "lost_contact", func(q *store.Q, f *domain.Floating, on domain.Date) error {
		if f.Direction != domain.FloatingOut || f.MemberID == 0 {
			return domain.Errorf(domain.EConflict, "err.floating.not_ours")
		}
		err := s.Members.SetLostContactTx(ctx, q, a, f.MemberID, true, on.String(), in.Note)
		if e, ok := domain.AsError(err); ok && e.Fields["reason"] != "" {
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"note": e.Fields["reason"]}}
		}
		return err
	}, in)
}
