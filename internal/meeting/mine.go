package meeting

import (
	"context"
	"errors"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// MyMeeting is one of the caller's own meetings with the caller's own attendance line.
type MyMeeting struct {
	domain.Meeting
	Attendance domain.Attendee
}

// MyAttendance returns the caller's own attendance line of a meeting (status, leave reason,
// check-in time), without the rest of the roster. Who: an expected attendee. Errors:
// ENotFound (no such meeting, or the caller's member is not expected at it).
func (s *Service) MyAttendance(ctx context.Context, a *auth.Actor, meetingID int64) (*domain.Attendee, error) {
	mid := a.MemberID()
	if mid == 0 {
		return nil, domain.NotFound("meeting")
	}
	at, err := s.DB.Read().Attendee(ctx, meetingID, mid)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("meeting")
	}
	return at, err
}

// MyMeetings lists the meetings the caller's member is expected at, newest first, each with
// the caller's own line; members see their status without reading the whole attendance.
// Limit 0 means 50.
func (s *Service) MyMeetings(ctx context.Context, a *auth.Actor, limit int) ([]MyMeeting, error) {
	list, err := s.List(ctx, a, ListFilter{Mine: true, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]MyMeeting, 0, len(list))
	q := s.DB.Read()
	for _, m := range list {
		// A primary-key lookup per meeting (at most a page of them).
		at, err := q.Attendee(ctx, m.ID, a.MemberID())
		if errors.Is(err, store.ErrNoRows) {
			continue // dropped from the roster between the two reads
		}
		if err != nil {
			return nil, err
		}
		out = append(out, MyMeeting{Meeting: m, Attendance: *at})
	}
	return out, nil
}
