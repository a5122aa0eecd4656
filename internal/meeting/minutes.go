package meeting

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// MinutesView is a meeting's minutes with its attendance, filled from the check-ins.
type MinutesView struct {
	Minutes    *domain.Minutes
	Attendance *domain.AttendanceSummary
}

// MinutesInput writes the text of the minutes (PUT semantics: the whole text).
type MinutesInput struct {
	RecorderID int64
	Content    string
	Decisions  string
}

// upperPath is the path of the organisation above path ("/1/7/42/" → "/1/7/"); "" at a root.
func upperPath(path string) string {
	p := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return ""
	}
	return p[:i+1]
}

// canDecide: officers of the upper organisation (a grant covering it), never the meeting
// org's own officers unless they also hold such a grant.
func canDecide(a *auth.Actor, m *domain.Meeting) bool {
	up := upperPath(m.OrgPath)
	if up == "" {
		return a.IsAdmin()
	}
	return a.HasRoleOver(approvers, up)
}

// officerOf: who reads a meeting's minutes in every state, with the full attendance.
func officerOf(a *auth.Actor, m *domain.Meeting) bool {
	return canRead(a, m) || canManage(a, m) || canDecide(a, m)
}

// GetMinutes returns the minutes (ENotFound before any were written) with the attendance.
// Who: readers of the org, managers, and the upper organisation's approvers, in every state
// and with the full attendance. An expected attendee who is none of these reads the minutes
// once approved (what the meeting decided concerns them), without the attendance list
// (Attendance nil; their own line is MyAttendance); drafts, submitted and returned minutes
// answer them ENotFound, as if not yet written.
func (s *Service) GetMinutes(ctx context.Context, a *auth.Actor, id int64) (*MinutesView, error) {
	q := s.DB.Read()
	m, err := s.load(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	mn, err := q.Minutes(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("minutes")
	}
	if err != nil {
		return nil, err
	}
	if !officerOf(a, m) {
		if mn.Status != domain.MinutesApproved {
			return nil, domain.NotFound("minutes")
		}
		return &MinutesView{Minutes: mn}, nil
	}
	att, err := s.Attendance(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return &MinutesView{Minutes: mn, Attendance: att}, nil
}

// SaveMinutes writes the minutes as a draft (a returned draft is edited the same way).
// Who: managers. Errors: ENotFound, EForbidden, EConflict (submitted or approved, cancelled),
// EInvalid.
func (s *Service) SaveMinutes(ctx context.Context, a *auth.Actor, id int64, in MinutesInput) (*domain.Minutes, error) {
	v := &domain.Validation{}
	mn := &domain.Minutes{MeetingID: id, Status: domain.MinutesDraft,
		Content: textOK(v, "content", in.Content, 50000, true), Decisions: textOK(v, "decisions", in.Decisions, 20000, false)}
	var out *domain.Minutes
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := s.loadForWrite(ctx, q, a, id)
		if err != nil {
			return err
		}
		if m.Status == domain.MeetingCancelled {
			return conflict("err.meeting.cancelled")
		}
		if old, err := q.Minutes(ctx, id); err == nil && (old.Status == domain.MinutesSubmitted || old.Status == domain.MinutesApproved) {
			return conflict("err.meeting.minutes_filed")
		}
		if in.RecorderID != 0 {
			r, err := q.Member(ctx, in.RecorderID)
			if err != nil {
				v.Add("recorder_id", "err.meeting.recorder")
			} else {
				mn.RecorderID, mn.RecorderName = r.ID, r.Name
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := q.SaveMinutes(ctx, mn); err != nil {
			return err
		}
		if err := record(ctx, q, a, "meeting.minutes.save", m, nil, struct {
			RecorderID int64 `json:"recorder_id,omitempty"`
			Length     int   `json:"content_length"`
		}{mn.RecorderID, len(mn.Content)}); err != nil {
			return err
		}
		out, err = q.Minutes(ctx, id)
		return err
	})
	return out, err
}

// AddAttachment stores a photo or file of a meeting's draft minutes. Who: managers.
// Errors: ENotFound (meeting, minutes), EForbidden, EConflict (filed), EInvalid (file).
func (s *Service) AddAttachment(ctx context.Context, a *auth.Actor, id int64, name, contentType string, content []byte) (*domain.MeetingAttachment, error) {
	v := &domain.Validation{}
	name = strings.TrimSpace(name)
	switch {
	case len(content) == 0:
		v.Add("file", "err.required")
	case len(content) > domain.MaxMeetingAttachmentSize:
		v.Add("file", "err.meeting.file_size")
	case name == "" || len(name) > 200:
		v.Add("file", "err.meeting.file_name")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	f := &domain.MeetingAttachment{MeetingID: id, FileName: name, ContentType: contentType}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := s.loadForWrite(ctx, q, a, id)
		if err != nil {
			return err
		}
		mn, err := q.Minutes(ctx, id)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("minutes")
		}
		if err != nil {
			return err
		}
		if mn.Status == domain.MinutesSubmitted || mn.Status == domain.MinutesApproved {
			return conflict("err.meeting.minutes_filed")
		}
		if len(mn.Attachments) >= domain.MaxMeetingAttachments {
			return invalid("file", "err.meeting.file_count")
		}
		if err := q.InsertMeetingAttachment(ctx, f, content); err != nil {
			return err
		}
		return record(ctx, q, a, "meeting.minutes.attach", m, nil, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Attachment returns one file of the minutes with its content. Who: as GetMinutes (an
// expected attendee only once the minutes are approved).
func (s *Service) Attachment(ctx context.Context, a *auth.Actor, id, fileID int64) (*domain.MeetingAttachment, []byte, error) {
	q := s.DB.Read()
	m, err := s.load(ctx, q, a, id)
	if err != nil {
		return nil, nil, err
	}
	if !officerOf(a, m) {
		mn, err := q.Minutes(ctx, id)
		if errors.Is(err, store.ErrNoRows) || (err == nil && mn.Status != domain.MinutesApproved) {
			return nil, nil, domain.NotFound("meeting_attachment")
		}
		if err != nil {
			return nil, nil, err
		}
	}
	f, content, err := q.MeetingAttachment(ctx, id, fileID)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil, domain.NotFound("meeting_attachment")
	}
	return f, content, err
}

// Submit sends draft (or returned and edited) minutes to the upper organisation. Who:
// managers. Errors: ENotFound, EForbidden, EConflict (not a draft).
func (s *Service) Submit(ctx context.Context, a *auth.Actor, id int64) (*domain.Minutes, error) {
	return s.transition(ctx, a, id, "meeting.minutes.submit", false, []string{domain.MinutesDraft, domain.MinutesReturned},
		domain.MinutesSubmitted, "")
}

// Approve approves submitted minutes; a lecture's lecturer then earns the lecture points.
// Who: officers of the upper organisation. Errors: ENotFound, EForbidden, EConflict.
func (s *Service) Approve(ctx context.Context, a *auth.Actor, id int64) (*domain.Minutes, error) {
	return s.transition(ctx, a, id, "meeting.minutes.approve", true, []string{domain.MinutesSubmitted}, domain.MinutesApproved, "")
}

// Return sends submitted minutes back with a reason. Who: officers of the upper
// organisation. Errors: ENotFound, EForbidden, EConflict, EInvalid (reason).
func (s *Service) Return(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.Minutes, error) {
	v := &domain.Validation{}
	reason = textOK(v, "reason", reason, 1000, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.transition(ctx, a, id, "meeting.minutes.return", true, []string{domain.MinutesSubmitted}, domain.MinutesReturned, reason)
}

func (s *Service) transition(ctx context.Context, a *auth.Actor, id int64, action string, upper bool, from []string, to, reason string) (*domain.Minutes, error) {
	var out *domain.Minutes
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := q.Meeting(ctx, id)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("meeting")
		}
		if err != nil {
			return err
		}
		if upper && !canDecide(a, m) || !upper && !canManage(a, m) {
			return domain.Forbidden()
		}
		old, err := q.Minutes(ctx, id)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("minutes")
		}
		if err != nil {
			return err
		}
		ok, err := q.SetMinutesStatus(ctx, id, from, to, reason, a.UserID(), a.Name())
		if err != nil {
			return err
		}
		if !ok {
			return conflict("err.meeting.minutes_status")
		}
		if to == domain.MinutesApproved {
			if err := s.awardLecturer(ctx, q, a, m); err != nil {
				return err
			}
		}
		type state struct {
			Status string `json:"status"`
			Reason string `json:"reason,omitempty"`
		}
		if err := record(ctx, q, a, action, m, state{old.Status, ""}, state{to, reason}); err != nil {
			return err
		}
		out, err = q.Minutes(ctx, id)
		return err
	})
	return out, err
}
