package meeting

import (
	"context"
	"errors"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Attendance returns the meeting's attendance with counts and the quorum (RULES.md): an
// expected attendee without a check-in counts absent once the check-in window has closed,
// and as expected (neither present nor absent) before. Who: readers of the org and managers.
// The full list is theirs only: an expected attendee who is neither gets ENotFound and reads
// their own line with MyAttendance (the roster of others is not theirs to see).
func (s *Service) Attendance(ctx context.Context, a *auth.Actor, id int64) (*domain.AttendanceSummary, error) {
	q := s.DB.Read()
	m, err := s.load(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !canRead(a, m) && !canManage(a, m) {
		return nil, domain.NotFound("meeting")
	}
	items, err := q.Attendees(ctx, id)
	if err != nil {
		return nil, err
	}
	w, err := s.window(ctx, q, m)
	if err != nil {
		return nil, err
	}
	return summarise(m, items, s.Now().After(m.StartsAt.Add(minutes(w.AfterMinutes)))), nil
}

func summarise(m *domain.Meeting, items []domain.Attendee, closed bool) *domain.AttendanceSummary {
	out := &domain.AttendanceSummary{Expected: len(items), Items: items}
	for i := range items {
		switch items[i].Status {
		case domain.AttendPresent:
			out.Present++
		case domain.AttendLeave:
			out.OnLeave++
		case domain.AttendAbsent:
			out.Absent++
		case domain.AttendExpected:
			if closed {
				items[i].Status = domain.AttendAbsent
				out.Absent++
			}
		}
	}
	out.QuorumMet = domain.Quorum(m.Kind, items)
	return out
}

// RecordInput is attendance recorded or corrected by a secretary (补录).
type RecordInput struct {
	MemberIDs []int64
	Status    string // present, leave, absent
	Note      string
}

// RecordAttendance sets the status of expected attendees (audited, one entry per change);
// members marked present earn the attendance points once. Who: managers of the org.
// Errors: ENotFound, EForbidden, EConflict (cancelled), EInvalid (status, member_ids: a
// member who is not expected).
func (s *Service) RecordAttendance(ctx context.Context, a *auth.Actor, id int64, in RecordInput) (*domain.AttendanceSummary, error) {
	v := &domain.Validation{}
	if !domain.Contains([]string{domain.AttendPresent, domain.AttendLeave, domain.AttendAbsent}, in.Status) {
		v.Add("status", "err.meeting.status")
	}
	if len(in.MemberIDs) == 0 {
		v.Add("member_ids", "err.required")
	}
	note := textOK(v, "note", in.Note, 500, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := s.loadForWrite(ctx, q, a, id)
		if err != nil {
			return err
		}
		if m.Status == domain.MeetingCancelled {
			return conflict("err.meeting.cancelled")
		}
		var present []int64
		for _, mid := range in.MemberIDs {
			att, err := q.Attendee(ctx, id, mid)
			if errors.Is(err, store.ErrNoRows) {
				return invalid("member_ids", "err.meeting.not_expected")
			}
			if err != nil {
				return err
			}
			if err := q.SetAttendance(ctx, id, mid, in.Status, "", note, a.Name()); err != nil {
				return err
			}
			if in.Status == domain.AttendPresent {
				present = append(present, mid)
			}
			type change struct {
				MemberID int64  `json:"member_id"`
				Status   string `json:"status"`
				Note     string `json:"note,omitempty"`
			}
			if err := record(ctx, q, a, "meeting.attendance", m, change{mid, att.Status, att.Note}, change{mid, in.Status, note}); err != nil {
				return err
			}
		}
		// Points are per event: marking present after a check-in (or twice) posts nothing more.
		return s.award(ctx, q, a, m, present)
	})
	if err != nil {
		return nil, err
	}
	return s.Attendance(ctx, a, id)
}
