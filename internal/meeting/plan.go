package meeting

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Input plans a meeting. Expected attendees: MemberIDs (an explicit list from the org's
// subtree), else GroupID (a party group under the org), else the org's current members.
//
// A party-group meeting (kind group) belongs to one group: it is planned at the group org
// itself, or at the group's branch with GroupID naming the group (required there). The group
// is stored with the meeting (for any kind when given) and the compliance engine counts the
// meeting for that group's monthly requirement.
type Input struct {
	OrgID      int64
	Kind       string
	Title      string
	StartsAt   time.Time
	EndsAt     time.Time
	Location   string
	OnlineURL  string
	LecturerID int64 // lectures: the member who gives it
	Agenda     string
	GroupID    int64
	MemberIDs  []int64
}

func textOK(v *domain.Validation, field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		v.Add(field, "err.required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "err.too_long")
	}
	return s
}

// Create plans a meeting and materialises its expected attendees. Who: managers of the org.
// Errors: ENotFound (org), EForbidden, EInvalid (group_id: err.meeting.group when it is not a
// party group of the org — for kind group, one of the org's own groups —, and
// err.meeting.group_required for a group meeting planned above a group without one).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*domain.Meeting, error) {
	v := &domain.Validation{}
	if !domain.Contains(domain.MeetingKinds, in.Kind) {
		v.Add("kind", "err.meeting.kind")
	}
	m := &domain.Meeting{OrgID: in.OrgID, Kind: in.Kind, Status: domain.MeetingPlanned,
		Title: textOK(v, "title", in.Title, 200, true), Location: textOK(v, "location", in.Location, 200, false),
		OnlineURL: textOK(v, "online_url", in.OnlineURL, 500, false), Agenda: textOK(v, "agenda", in.Agenda, 5000, false),
		StartsAt: in.StartsAt.UTC().Truncate(time.Second), EndsAt: in.EndsAt.UTC().Truncate(time.Second),
		CheckinCode: newCode(), QRKey: newKey(), CreatedBy: a.UserID(), CreatedByName: a.Name()}
	checkTimes(v, m)
	if m.OnlineURL != "" && !strings.HasPrefix(m.OnlineURL, "https://") && !strings.HasPrefix(m.OnlineURL, "http://") {
		v.Add("online_url", "err.meeting.url")
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := q.Org(ctx, in.OrgID)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("org")
		}
		if err != nil {
			return err
		}
		if !a.HasRoleOver(managers, o.Path) {
			return domain.Forbidden()
		}
		m.OrgPath, m.OrgName = o.Path, o.Name
		if in.LecturerID != 0 {
			lm, err := q.Member(ctx, in.LecturerID)
			if err != nil || lm.HasLeft() {
				v.Add("lecturer_id", "err.meeting.lecturer")
			} else {
				m.LecturerID, m.LecturerName = lm.ID, lm.Name
			}
		} else if in.Kind == domain.MeetingLecture {
			v.Add("lecturer_id", "err.required")
		}
		if err := planGroup(ctx, q, v, m, o, in.GroupID); err != nil {
			return err
		}
		src := store.AttendeeSource{OrgID: o.ID, CommitteeOrgID: o.ID}
		switch {
		case len(in.MemberIDs) > 0:
			src.MemberIDs, src.WithinPath = in.MemberIDs, o.Path
		case m.GroupID != 0:
			src.GroupID = m.GroupID
		}
		if err := v.Err(); err != nil {
			return err
		}
		list, err := q.ExpectedAttendees(ctx, src)
		if err != nil {
			return err
		}
		if len(in.MemberIDs) > 0 && len(list) != len(uniq(in.MemberIDs)) {
			return invalid("member_ids", "err.meeting.member_ids")
		}
		if err := q.InsertMeeting(ctx, m); err != nil {
			return err
		}
		if err := q.InsertAttendees(ctx, m.ID, list); err != nil {
			return err
		}
		return record(ctx, q, a, "meeting.create", m, nil, auditView(m, len(list)))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// planGroup sets the party group of a meeting being planned at o: the group named (a group
// in o's subtree; for a group meeting, o's own group), else o itself when o is a group. A
// group meeting planned above a group must name one, or it would count for no group.
func planGroup(ctx context.Context, q *store.Q, v *domain.Validation, m *domain.Meeting, o *domain.Org, groupID int64) error {
	switch {
	case groupID != 0:
		g, err := q.Org(ctx, groupID)
		if err != nil && !errors.Is(err, store.ErrNoRows) {
			return err
		}
		if err != nil || g.Type != domain.OrgGroup || !domain.InSubtree(g.Path, o.Path) ||
			(m.Kind == domain.MeetingGroup && g.ID != o.ID && g.ParentID != o.ID) {
			v.Add("group_id", "err.meeting.group")
			return nil
		}
		m.GroupID, m.GroupName = g.ID, g.Name
	case o.Type == domain.OrgGroup:
		m.GroupID, m.GroupName = o.ID, o.Name
	case m.Kind == domain.MeetingGroup:
		v.Add("group_id", "err.meeting.group_required")
	}
	return nil
}

func uniq(ids []int64) map[int64]bool {
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out
}

func checkTimes(v *domain.Validation, m *domain.Meeting) {
	switch {
	case m.StartsAt.IsZero():
		v.Add("starts_at", "err.required")
	case m.EndsAt.IsZero():
		v.Add("ends_at", "err.required")
	case !m.EndsAt.After(m.StartsAt):
		v.Add("ends_at", "err.meeting.ends_before_start")
	}
}

type meetingAudit struct {
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Location  string    `json:"location,omitempty"`
	OnlineURL string    `json:"online_url,omitempty"`
	Status    string    `json:"status"`
	GroupID   int64     `json:"group_id,omitempty"`
	Expected  int       `json:"expected,omitempty"`
}

func auditView(m *domain.Meeting, expected int) meetingAudit {
	return meetingAudit{Kind: m.Kind, Title: m.Title, StartsAt: m.StartsAt, EndsAt: m.EndsAt, Location: m.Location,
		OnlineURL: m.OnlineURL, Status: m.Status, GroupID: m.GroupID, Expected: expected}
}

// Get returns a meeting. Who: readers of its org and its expected attendees; others 404.
// The check-in code and key are blanked for callers who may not manage it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*domain.Meeting, error) {
	m, err := s.load(ctx, s.DB.Read(), a, id)
	if err != nil {
		return nil, err
	}
	m.QRKey = ""
	if !canManage(a, m) {
		m.CheckinCode = ""
	}
	return m, nil
}

// ListFilter selects meetings.
type ListFilter struct {
	OrgID    int64 // subtree; 0: everywhere in scope
	Mine     bool  // the meetings where the caller's member is expected
	From, To time.Time
	BeforeID int64
	Limit    int
}

// List lists meetings newest first within the caller's read scope (or, with Mine, the
// caller's own meetings). Errors: ENotFound (OrgID unknown, or outside the caller's read
// scope and not holding the caller's own member).
func (s *Service) List(ctx context.Context, a *auth.Actor, f ListFilter) ([]domain.Meeting, error) {
	q := s.DB.Read()
	sf := store.MeetingFilter{Scopes: a.Scopes(auth.OrgRead), From: f.From, To: f.To, BeforeID: f.BeforeID, Limit: f.Limit}
	if f.Mine {
		if a.MemberID() == 0 {
			return []domain.Meeting{}, nil
		}
		sf.Scopes, sf.MemberID = []string{"/"}, a.MemberID()
	}
	if f.OrgID != 0 {
		// An organisation outside the caller's read scope answers 404, like the member list
		// (API.md). A member asking for the subtree their own member record is in gets, as
		// there, their own part of it: the meetings they are expected at.
		o, err := q.Org(ctx, f.OrgID)
		if errors.Is(err, store.ErrNoRows) {
			return nil, domain.NotFound("org")
		}
		if err != nil {
			return nil, err
		}
		if !f.Mine && !a.Can(auth.OrgRead, o.Path) {
			own, err := s.memberInSubtree(ctx, q, a, o.Path)
			if err != nil {
				return nil, err
			}
			if !own {
				return nil, domain.NotFound("org")
			}
			sf.Scopes, sf.MemberID = []string{"/"}, a.MemberID()
		}
		sf.OrgPath = o.Path
		if o.Type == domain.OrgGroup { // a party group's list includes the meetings its branch planned for it
			sf.GroupID = o.ID
		}
	}
	if sf.Limit <= 0 || sf.Limit > 500 {
		sf.Limit = 50
	}
	list, err := q.Meetings(ctx, sf)
	for i := range list {
		list[i].QRKey = ""
		if !canManage(a, &list[i]) {
			list[i].CheckinCode = ""
		}
	}
	return list, err
}

// memberInSubtree reports whether the caller's linked member belongs to the subtree at path.
func (s *Service) memberInSubtree(ctx context.Context, q *store.Q, a *auth.Actor, path string) (bool, error) {
	if a.MemberID() == 0 {
		return false, nil
	}
	r, err := q.Member(ctx, a.MemberID())
	if errors.Is(err, store.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return domain.InSubtree(r.OrgPath, path), nil
}

// Cancel cancels a planned meeting (audited). Minutes already submitted or approved stop it.
// Who: managers. Errors: ENotFound, EForbidden, EConflict (cancelled already, minutes filed).
func (s *Service) Cancel(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.Meeting, error) {
	var out *domain.Meeting
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := s.loadForWrite(ctx, q, a, id)
		if err != nil {
			return err
		}
		if m.Status == domain.MeetingCancelled {
			return conflict("err.meeting.cancelled")
		}
		if mn, err := q.Minutes(ctx, id); err == nil && (mn.Status == domain.MinutesSubmitted || mn.Status == domain.MinutesApproved) {
			return conflict("err.meeting.minutes_filed")
		}
		before := auditView(m, 0)
		if err := q.SetMeetingStatus(ctx, id, domain.MeetingCancelled); err != nil {
			return err
		}
		m.Status = domain.MeetingCancelled
		after := struct {
			meetingAudit
			Reason string `json:"reason"`
		}{auditView(m, 0), strings.TrimSpace(reason)}
		out = m
		return record(ctx, q, a, "meeting.cancel", m, before, after)
	})
	return out, err
}

// Reschedule moves a planned meeting (and may change its place); audited. Who: managers.
// Errors: ENotFound, EForbidden, EConflict (cancelled, or checked in already), EInvalid.
func (s *Service) Reschedule(ctx context.Context, a *auth.Actor, id int64, startsAt, endsAt time.Time, location, onlineURL *string) (*domain.Meeting, error) {
	var out *domain.Meeting
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := s.loadForWrite(ctx, q, a, id)
		if err != nil {
			return err
		}
		if m.Status == domain.MeetingCancelled {
			return conflict("err.meeting.cancelled")
		}
		if n, err := q.CountCheckins(ctx, id); err != nil {
			return err
		} else if n > 0 {
			return conflict("err.meeting.checked_in")
		}
		before := auditView(m, 0)
		v := &domain.Validation{}
		m.StartsAt, m.EndsAt = startsAt.UTC().Truncate(time.Second), endsAt.UTC().Truncate(time.Second)
		checkTimes(v, m)
		if location != nil {
			m.Location = textOK(v, "location", *location, 200, false)
		}
		if onlineURL != nil {
			m.OnlineURL = textOK(v, "online_url", *onlineURL, 500, false)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := q.UpdateMeetingSchedule(ctx, m); err != nil {
			return err
		}
		out = m
		return record(ctx, q, a, "meeting.reschedule", m, before, auditView(m, 0))
	})
	if out != nil {
		out.QRKey = ""
	}
	return out, err
}

// RequestLeave records the caller's leave request (请假) before the start. Who: the expected
// member themself. Errors: ENotFound, EForbidden (not expected), EConflict (started,
// cancelled, checked in), EInvalid (reason).
func (s *Service) RequestLeave(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.Attendee, error) {
	v := &domain.Validation{}
	reason = textOK(v, "reason", reason, 500, true)
	var out *domain.Attendee
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := q.Meeting(ctx, id)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("meeting")
		}
		if err != nil {
			return err
		}
		mid := a.MemberID()
		att, err := q.Attendee(ctx, id, mid)
		if mid == 0 || errors.Is(err, store.ErrNoRows) {
			return &domain.Error{Code: domain.EForbidden, Message: "err.meeting.not_expected"}
		}
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case m.Status == domain.MeetingCancelled:
			return conflict("err.meeting.cancelled")
		case !s.Now().Before(m.StartsAt):
			return conflict("err.meeting.leave_closed")
		case att.Status == domain.AttendPresent:
			return conflict("err.meeting.checked_in")
		}
		if err := q.SetAttendance(ctx, id, mid, domain.AttendLeave, reason, att.Note, a.Name()); err != nil {
			return err
		}
		out, err = q.Attendee(ctx, id, mid)
		return err
	})
	return out, err
}
