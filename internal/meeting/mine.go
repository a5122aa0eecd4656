package meeting

import (
	"context"
	"errors"
	"sort"
	"time"

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

// MyUpcoming lists the meetings the caller's member is expected at that have not ended and
// are not cancelled, soonest first, each with the caller's own line (the top of 我的会议, so
// a member sees what is coming and can ask for leave or check in). Limit 0 means 20.
func (s *Service) MyUpcoming(ctx context.Context, a *auth.Actor, limit int) ([]MyMeeting, error) {
	if limit <= 0 {
		limit = 20
	}
	now := s.Now()
	// A meeting that began up to a day ago may still be under way.
	list, err := s.List(ctx, a, ListFilter{Mine: true, From: now.Add(-24 * time.Hour), Limit: 500})
	if err != nil {
		return nil, err
	}
	var open []domain.Meeting
	for _, m := range list {
		if m.Status != domain.MeetingCancelled && m.EndsAt.After(now) {
			open = append(open, m)
		}
	}
	sort.SliceStable(open, func(i, j int) bool {
		if !open[i].StartsAt.Equal(open[j].StartsAt) {
			return open[i].StartsAt.Before(open[j].StartsAt)
		}
		return open[i].ID < open[j].ID
	})
	if len(open) > limit {
		open = open[:limit]
	}
	out := make([]MyMeeting, 0, len(open))
	q := s.DB.Read()
	for _, m := range open {
		at, err := q.Attendee(ctx, m.ID, a.MemberID())
		if errors.Is(err, store.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, MyMeeting{Meeting: m, Attendance: *at})
	}
	return out, nil
}
