package meeting

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// qrToken signs (meeting id, slot) with the meeting's key: 20 hex characters of an
// HMAC-SHA256, enough that guessing is hopeless within a 30-second slot.
func qrToken(m *domain.Meeting, slot int64) string {
	key, _ := hex.DecodeString(m.QRKey)
	mac := hmac.New(sha256.New, key)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(m.ID))
	binary.BigEndian.PutUint64(b[8:], uint64(slot))
	mac.Write(b[:])
	return hex.EncodeToString(mac.Sum(nil))[:20]
}

// QRToken returns the token the secretary's screen shows now, and when it rotates. Who:
// managers of the meeting's org. It is a read: who cannot read the meeting at all gets
// ENotFound (API.md), who can read it but not manage it EForbidden.
func (s *Service) QRToken(ctx context.Context, a *auth.Actor, id int64) (string, time.Time, error) {
	q := s.DB.Read()
	m, err := s.load(ctx, q, a, id)
	if err != nil {
		return "", time.Time{}, err
	}
	if !canManage(a, m) {
		return "", time.Time{}, domain.Forbidden()
	}
	w, err := s.window(ctx, q, m)
	if err != nil {
		return "", time.Time{}, err
	}
	slotLen := int64(w.QRSlotSeconds)
	slot := s.Now().Unix() / slotLen
	return qrToken(m, slot), time.Unix((slot+1)*slotLen, 0).UTC(), nil
}

// codeMethod checks a typed code or a scanned token: the 6-digit code, or the QR token of
// the current or the previous slot (a scan just after a rotation still counts).
func (s *Service) codeMethod(m *domain.Meeting, w WindowRule, code string) string {
	code = strings.TrimSpace(code)
	if len(code) == 6 && isDigits(code) {
		if hmac.Equal([]byte(code), []byte(m.CheckinCode)) {
			return "code"
		}
		return ""
	}
	slot := s.Now().Unix() / int64(w.QRSlotSeconds)
	for _, sl := range []int64{slot, slot - 1} {
		if hmac.Equal([]byte(strings.ToLower(code)), []byte(qrToken(m, sl))) {
			return "qr"
		}
	}
	return ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CheckIn checks the caller's member in with a code or QR token and reports whether this
// call recorded it (false: the member had checked in already and gets the same record).
// Errors: ENotFound (meeting, whoever asks), EForbidden (no member, or not expected: the
// member is not on the meeting's list, which no input can fix, so it is not EInvalid), EConflict (cancelled;
// the member has left the roster), "checkin_closed" (outside the window), EInvalid (code
// wrong or expired). A repeat inside or outside the window returns the first record.
func (s *Service) CheckIn(ctx context.Context, a *auth.Actor, id int64, code string) (*domain.Checkin, bool, error) {
	mid := a.MemberID()
	// Everything that can refuse the check-in is read on the reader pool, outside the write:
	// in a storm the one writer then only records, and a refusal never queues behind it.
	r := s.DB.Read()
	m, err := r.MeetingNoLock(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, false, domain.NotFound("meeting") // before "no member": a missing meeting is 404 to all
	}
	if err != nil {
		return nil, false, err
	}
	if mid == 0 {
		return nil, false, &domain.Error{Code: domain.EForbidden, Message: "err.meeting.not_expected"}
	}
	att, err := r.Attendee(ctx, id, mid)
	if errors.Is(err, store.ErrNoRows) {
		return nil, false, &domain.Error{Code: domain.EForbidden, Message: "err.meeting.not_expected"}
	}
	if err != nil {
		return nil, false, err
	}
	if !att.CheckedInAt.IsZero() { // a repeat: the same record, whatever the code or time
		out, err := r.Checkin(ctx, id, mid)
		return out, false, err
	}
	if m.Status == domain.MeetingCancelled {
		return nil, false, conflict("err.meeting.cancelled")
	}
	if on, err := r.MemberOnRoster(ctx, mid); err != nil {
		return nil, false, err
	} else if !on {
		return nil, false, conflict("err.meeting.left_roster")
	}
	w, err := s.window(ctx, r, m)
	if err != nil {
		return nil, false, err
	}
	now := s.Now()
	open := m.StartsAt.Add(-time.Duration(w.BeforeMinutes) * time.Minute)
	closes := m.StartsAt.Add(time.Duration(w.AfterMinutes) * time.Minute)
	if now.Before(open) || now.After(closes) {
		return nil, false, &domain.Error{Code: domain.ECheckinClosed, Message: "err.meeting.checkin_closed"}
	}
	method := s.codeMethod(m, w, code)
	if method == "" {
		return nil, false, invalid("code", "err.meeting.code")
	}
	var out *domain.Checkin
	var created bool
	// The write shares its transaction with the other check-ins of the moment (group commit).
	// The unique key makes a concurrent second device do nothing; the meeting's status is read
	// again inside, so a cancellation that lands meanwhile still wins.
	err = s.DB.GroupTx(ctx, func(q *store.Q) error {
		created, out = false, nil
		status, err := q.MeetingStatus(ctx, id)
		if err != nil {
			return err
		}
		if status == domain.MeetingCancelled {
			return conflict("err.meeting.cancelled")
		}
		c := &domain.Checkin{MeetingID: id, MemberID: mid, Method: method}
		if created, err = q.InsertCheckin(ctx, c); err != nil {
			return err
		}
		if created {
			if err := q.MarkPresent(ctx, id, mid); err != nil {
				return err
			}
			if err := s.award(ctx, q, a, m, []int64{mid}); err != nil {
				return err
			}
		}
		out, err = q.Checkin(ctx, id, mid)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

// IndicatorCode is the points indicator a meeting kind's attendance scores with.
func IndicatorCode(kind string) string { return "MEETING-" + strings.ToUpper(kind) }

// LecturerIndicator is the indicator a lecture scores its lecturer with.
const LecturerIndicator = "MEETING-LECTURER"

// award posts attendance points for members (one event per member per meeting) in q; an
// organisation whose catalogue has no such indicator records attendance only.
func (s *Service) award(ctx context.Context, q *store.Q, a *auth.Actor, m *domain.Meeting, memberIDs []int64) error {
	if s.Points == nil || len(memberIDs) == 0 {
		return nil
	}
	evs := make([]points.EventAward, len(memberIDs))
	ref := strconv.FormatInt(m.ID, 10)
	for i, mid := range memberIDs {
		evs[i] = points.EventAward{SubjectType: "member", SubjectID: mid, IndicatorCode: IndicatorCode(m.Kind),
			OccurredOn: domain.Today(m.StartsAt), DedupKey: "meeting:" + ref + ":" + strconv.FormatInt(mid, 10),
			Source: "meeting", Ref: ref, Actor: a}
	}
	_, err := s.Points.AwardForEvents(ctx, q, evs)
	return err
}

// awardLecturer posts the lecturer's points for a lecture given (once per lecture).
func (s *Service) awardLecturer(ctx context.Context, q *store.Q, a *auth.Actor, m *domain.Meeting) error {
	if s.Points == nil || m.Kind != domain.MeetingLecture || m.LecturerID == 0 {
		return nil
	}
	ref := strconv.FormatInt(m.ID, 10)
	_, err := s.Points.AwardForEvent(ctx, q, points.EventAward{SubjectType: "member", SubjectID: m.LecturerID,
		IndicatorCode: LecturerIndicator, OccurredOn: domain.Today(m.StartsAt),
		DedupKey: "meeting:" + ref + ":lecturer", Source: "meeting", Ref: ref, Actor: a})
	if errors.Is(err, points.ErrNoIndicator) {
		return nil
	}
	return err
}
