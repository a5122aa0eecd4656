package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Meetings, their expected attendees, check-ins, minutes and attachments (issue 5).

const meetingColumns = `t.id, t.org_id, t.org_path, o.name, t.kind, t.title, t.starts_at, t.ends_at, t.location,
	t.online_url, COALESCE(t.lecturer_id, 0), t.lecturer_name, t.agenda, t.status, t.checkin_code, t.qr_key,
	COALESCE(t.created_by, 0), t.created_by_name, t.created_at, t.updated_at, COALESCE(t.group_id, 0), COALESCE(g.name, '')`

const meetingFrom = ` FROM meetings t JOIN orgs o ON o.id = t.org_id LEFT JOIN orgs g ON g.id = t.group_id`

func scanMeeting(row interface{ Scan(...any) error }, m *domain.Meeting) error {
	err := row.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Kind, &m.Title, &m.StartsAt, &m.EndsAt, &m.Location,
		&m.OnlineURL, &m.LecturerID, &m.LecturerName, &m.Agenda, &m.Status, &m.CheckinCode, &m.QRKey,
		&m.CreatedBy, &m.CreatedByName, &m.CreatedAt, &m.UpdatedAt, &m.GroupID, &m.GroupName)
	m.StartsAt, m.EndsAt = m.StartsAt.UTC(), m.EndsAt.UTC()
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return err
}

// InsertMeeting stores a new meeting and sets its ID, CreatedAt and UpdatedAt.
func (q *Q) InsertMeeting(ctx context.Context, m *domain.Meeting) error {
	m.CreatedAt = now()
	m.UpdatedAt = m.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO meetings (org_id, org_path, kind, title, starts_at, ends_at, location,
		online_url, lecturer_id, lecturer_name, agenda, status, checkin_code, qr_key, created_by, created_by_name,
		created_at, updated_at, group_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
		$17, $18, $19) RETURNING id`, m.OrgID, m.OrgPath, m.Kind, m.Title, m.StartsAt.UTC(), m.EndsAt.UTC(), m.Location,
		m.OnlineURL, nullInt(m.LecturerID), m.LecturerName, m.Agenda, m.Status, m.CheckinCode, m.QRKey, nullInt(m.CreatedBy),
		m.CreatedByName, m.CreatedAt, m.UpdatedAt, nullInt(m.GroupID)).Scan(&m.ID)
}

// Meeting returns one meeting (locked inside write transactions on PostgreSQL), or ErrNoRows.
func (q *Q) Meeting(ctx context.Context, id int64) (*domain.Meeting, error) {
	var m domain.Meeting
	lock := ""
	if q.tx && q.forUpdate() != "" {
		lock = " FOR UPDATE OF t"
	}
	if err := scanMeeting(q.q.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE t.id = $1`+lock, id), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MeetingNoLock returns one meeting without a row lock: the check-in path reads the meeting
// in its transaction but must not serialise concurrent check-ins on the meeting row.
func (q *Q) MeetingNoLock(ctx context.Context, id int64) (*domain.Meeting, error) {
	var m domain.Meeting
	if err := scanMeeting(q.q.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE t.id = $1`, id), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MeetingFilter selects meetings by start time, newest first. Empty Scopes selects nothing.
type MeetingFilter struct {
	Scopes   []string
	OrgPath  string // subtree filter
	GroupID  int64  // with OrgPath: also the meetings planned elsewhere for this party group
	MemberID int64  // only meetings the member is expected at
	From, To time.Time
	BeforeID int64
	Limit    int
}

// Meetings lists meetings by start, latest first, then id (keyset on BeforeID is by id only,
// a simple cursor for moderate lists).
func (q *Q) Meetings(ctx context.Context, f MeetingFilter) ([]domain.Meeting, error) {
	out := []domain.Meeting{}
	if len(f.Scopes) == 0 {
		return out, nil
	}
	var args []any
	var conds []string
	var scope []string
	for _, s := range f.Scopes {
		args = append(args, s, domain.PathUpperBound(s))
		scope = append(scope, "(t.org_path >= "+placeholder(len(args)-1)+" AND t.org_path < "+placeholder(len(args))+")")
	}
	conds = append(conds, "("+strings.Join(scope, " OR ")+")")
	if f.OrgPath != "" {
		args = append(args, f.OrgPath, domain.PathUpperBound(f.OrgPath))
		sub := "t.org_path >= " + placeholder(len(args)-1) + " AND t.org_path < " + placeholder(len(args))
		if f.GroupID != 0 {
			args = append(args, f.GroupID)
			sub = "((" + sub + ") OR t.group_id = " + placeholder(len(args)) + ")"
		}
		conds = append(conds, sub)
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		conds = append(conds, "EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = t.id AND a.member_id = "+placeholder(len(args))+")")
	}
	if !f.From.IsZero() {
		args = append(args, f.From.UTC())
		conds = append(conds, "t.starts_at >= "+placeholder(len(args)))
	}
	if !f.To.IsZero() {
		args = append(args, f.To.UTC())
		conds = append(conds, "t.starts_at < "+placeholder(len(args)))
	}
	if f.BeforeID != 0 {
		args = append(args, f.BeforeID)
		conds = append(conds, "t.id < "+placeholder(len(args)))
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := q.q.QueryContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY t.id DESC LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m domain.Meeting
		if err := scanMeeting(rows, &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdateMeetingSchedule sets the times (and place) of a meeting.
func (q *Q) UpdateMeetingSchedule(ctx context.Context, m *domain.Meeting) error {
	m.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE meetings SET starts_at = $1, ends_at = $2, location = $3, online_url = $4,
		updated_at = $5 WHERE id = $6`, m.StartsAt.UTC(), m.EndsAt.UTC(), m.Location, m.OnlineURL, m.UpdatedAt, m.ID)
	return err
}

// SetMeetingStatus changes the status of a meeting.
func (q *Q) SetMeetingStatus(ctx context.Context, id int64, status string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3`, status, now(), id)
	return err
}

// AttendeeSource says whom to expect: the members of a branch (OrgID), of a party group
// (GroupID: members whose group is it), or an explicit list (MemberIDs, which must be in the
// subtree of WithinPath). Only members on the roster in normal standing are taken.
type AttendeeSource struct {
	OrgID      int64
	GroupID    int64
	MemberIDs  []int64
	WithinPath string
	// CommitteeOrgID is the organisation whose committee positions mark attendees as
	// committee members (the meeting's organisation).
	CommitteeOrgID int64
}

// ExpectedAttendees returns the candidate attendees of a source, by name.
func (q *Q) ExpectedAttendees(ctx context.Context, s AttendeeSource) ([]domain.Attendee, error) {
	args := []any{s.CommitteeOrgID}
	cond := ""
	switch {
	case len(s.MemberIDs) > 0:
		args = append(args, s.WithinPath, domain.PathUpperBound(s.WithinPath))
		ids := make([]string, len(s.MemberIDs))
		for i, id := range s.MemberIDs {
			args = append(args, id)
			ids[i] = placeholder(len(args))
		}
		cond = "m.org_path >= $2 AND m.org_path < $3 AND m.id IN (" + strings.Join(ids, ",") + ")"
	case s.GroupID != 0:
		args = append(args, s.GroupID)
		cond = "m.group_id = $2"
	default:
		args = append(args, s.OrgID)
		cond = "m.org_id = $2"
	}
	rows, err := q.q.QueryContext(ctx, `SELECT m.id, m.name, m.category,
		EXISTS (SELECT 1 FROM member_positions p WHERE p.member_id = m.id AND p.org_id = $1 AND p.position IN
			('secretary', 'deputy_secretary', 'organization_member', 'propaganda_member', 'discipline_member', 'committee_member'))
		FROM members m WHERE `+cond+` AND m.left_on IS NULL AND m.standing = 'normal' ORDER BY m.name, m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Attendee{}
	for rows.Next() {
		var a domain.Attendee
		if err := rows.Scan(&a.MemberID, &a.Name, &a.Category, &a.Committee); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// InsertAttendees materialises the expected attendees of a meeting.
func (q *Q) InsertAttendees(ctx context.Context, meetingID int64, list []domain.Attendee) error {
	at := now()
	for _, a := range list {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO meeting_attendees (meeting_id, member_id, name, category, committee,
			status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, meetingID, a.MemberID, a.Name, a.Category, a.Committee,
			domain.AttendExpected, at); err != nil {
			return err
		}
	}
	return nil
}

const attendeeColumns = `a.meeting_id, a.member_id, a.name, a.category, a.committee, a.status, a.leave_reason, a.note,
	a.recorded_by, a.updated_at, c.at, COALESCE(c.method, '')`

const attendeeFrom = ` FROM meeting_attendees a LEFT JOIN meeting_checkins c ON c.meeting_id = a.meeting_id AND c.member_id = a.member_id`

func scanAttendee(row interface{ Scan(...any) error }, a *domain.Attendee) error {
	var at sql.NullTime
	err := row.Scan(&a.MeetingID, &a.MemberID, &a.Name, &a.Category, &a.Committee, &a.Status, &a.LeaveReason, &a.Note,
		&a.RecordedBy, &a.UpdatedAt, &at, &a.Method)
	a.UpdatedAt = a.UpdatedAt.UTC()
	if at.Valid {
		a.CheckedInAt = at.Time.UTC()
	}
	return err
}

// Attendee returns one expected attendee, or ErrNoRows when the member is not expected.
func (q *Q) Attendee(ctx context.Context, meetingID, memberID int64) (*domain.Attendee, error) {
	var a domain.Attendee
	if err := scanAttendee(q.q.QueryRowContext(ctx, `SELECT `+attendeeColumns+attendeeFrom+
		` WHERE a.meeting_id = $1 AND a.member_id = $2`, meetingID, memberID), &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Attendees returns every expected attendee of a meeting by name.
func (q *Q) Attendees(ctx context.Context, meetingID int64) ([]domain.Attendee, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+attendeeColumns+attendeeFrom+` WHERE a.meeting_id = $1
		ORDER BY a.name, a.member_id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Attendee{}
	for rows.Next() {
		var a domain.Attendee
		if err := scanAttendee(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetAttendance records an attendee's status; reason is the leave reason for leave requests
// (kept otherwise), note the secretary's note, by who recorded it.
func (q *Q) SetAttendance(ctx context.Context, meetingID, memberID int64, status, reason, note, by string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE meeting_attendees SET status = $1,
		leave_reason = CASE WHEN $2 = '' THEN leave_reason ELSE $2 END, note = $3, recorded_by = $4, updated_at = $5
		WHERE meeting_id = $6 AND member_id = $7`, status, reason, note, by, now(), meetingID, memberID)
	return err
}

// MarkPresent sets an attendee present after a check-in (keeping notes).
func (q *Q) MarkPresent(ctx context.Context, meetingID, memberID int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE meeting_attendees SET status = 'present', updated_at = $1
		WHERE meeting_id = $2 AND member_id = $3`, now(), meetingID, memberID)
	return err
}

// InsertCheckin records a check-in unless the member has one for the meeting already, and
// reports whether this call recorded it. The UNIQUE (meeting_id, member_id) key with ON
// CONFLICT DO NOTHING makes concurrent repeats wait and then do nothing, never fail.
func (q *Q) InsertCheckin(ctx context.Context, c *domain.Checkin) (bool, error) {
	c.At = now()
	res, err := q.q.ExecContext(ctx, `INSERT INTO meeting_checkins (meeting_id, member_id, method, at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (meeting_id, member_id) DO NOTHING`, c.MeetingID, c.MemberID, c.Method, c.At)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Checkin returns a member's check-in to a meeting, or ErrNoRows.
func (q *Q) Checkin(ctx context.Context, meetingID, memberID int64) (*domain.Checkin, error) {
	var c domain.Checkin
	err := q.q.QueryRowContext(ctx, `SELECT id, meeting_id, member_id, method, at FROM meeting_checkins
		WHERE meeting_id = $1 AND member_id = $2`, meetingID, memberID).Scan(&c.ID, &c.MeetingID, &c.MemberID, &c.Method, &c.At)
	c.At = c.At.UTC()
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// CountCheckins counts the check-ins of a meeting.
func (q *Q) CountCheckins(ctx context.Context, meetingID int64) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_checkins WHERE meeting_id = $1`, meetingID).Scan(&n)
	return n, err
}

// MemberOnRoster reports whether a member exists and has not left the roster.
func (q *Q) MemberOnRoster(ctx context.Context, memberID int64) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE id = $1 AND left_on IS NULL`, memberID).Scan(&n)
	return n > 0, err
}

// Minutes returns a meeting's minutes with the attachment list, or ErrNoRows.
func (q *Q) Minutes(ctx context.Context, meetingID int64) (*domain.Minutes, error) {
	var m domain.Minutes
	var sub, dec sql.NullTime
	err := q.q.QueryRowContext(ctx, `SELECT meeting_id, COALESCE(recorder_id, 0), recorder_name, content, decisions,
		status, return_reason, submitted_at, decided_at, COALESCE(decided_by, 0), decided_by_name, updated_at
		FROM meeting_minutes WHERE meeting_id = $1`, meetingID).Scan(&m.MeetingID, &m.RecorderID, &m.RecorderName,
		&m.Content, &m.Decisions, &m.Status, &m.ReturnReason, &sub, &dec, &m.DecidedBy, &m.DecidedByName, &m.UpdatedAt)
	if err != nil {
		return nil, err
	}
	m.UpdatedAt = m.UpdatedAt.UTC()
	if sub.Valid {
		m.SubmittedAt = sub.Time.UTC()
	}
	if dec.Valid {
		m.DecidedAt = dec.Time.UTC()
	}
	m.Attachments, err = q.MeetingAttachments(ctx, meetingID)
	return &m, err
}

// SaveMinutes inserts or replaces the text of a meeting's minutes (status draft).
func (q *Q) SaveMinutes(ctx context.Context, m *domain.Minutes) error {
	m.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `INSERT INTO meeting_minutes (meeting_id, recorder_id, recorder_name, content,
		decisions, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (meeting_id) DO UPDATE SET recorder_id = excluded.recorder_id, recorder_name = excluded.recorder_name,
		content = excluded.content, decisions = excluded.decisions, status = excluded.status, updated_at = excluded.updated_at`,
		m.MeetingID, nullInt(m.RecorderID), m.RecorderName, m.Content, m.Decisions, m.Status, m.UpdatedAt)
	return err
}

// SetMinutesStatus moves minutes from one of the from statuses to status and reports whether
// it did; submitted sets submitted_at, the decisions set decided_* and the return reason.
func (q *Q) SetMinutesStatus(ctx context.Context, meetingID int64, from []string, status, reason string, by int64, byName string) (bool, error) {
	at := now()
	args := []any{status, at, meetingID}
	set := "status = $1, updated_at = $2"
	if status == domain.MinutesSubmitted {
		set += ", submitted_at = $2, return_reason = ''"
	} else {
		args = append(args, reason, nullInt(by), byName)
		set += ", decided_at = $2, return_reason = $4, decided_by = $5, decided_by_name = $6"
	}
	ins := make([]string, len(from))
	for i, f := range from {
		args = append(args, f)
		ins[i] = placeholder(len(args))
	}
	res, err := q.q.ExecContext(ctx, `UPDATE meeting_minutes SET `+set+` WHERE meeting_id = $3 AND status IN (`+
		strings.Join(ins, ",")+`)`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InsertMeetingAttachment stores a file of the minutes.
func (q *Q) InsertMeetingAttachment(ctx context.Context, f *domain.MeetingAttachment, content []byte) error {
	f.CreatedAt = now()
	f.Size = len(content)
	return q.q.QueryRowContext(ctx, `INSERT INTO meeting_attachments (meeting_id, file_name, content_type, size, content,
		created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, f.MeetingID, f.FileName, f.ContentType, f.Size, content,
		f.CreatedAt).Scan(&f.ID)
}

// MeetingAttachments lists the files of a meeting's minutes.
func (q *Q) MeetingAttachments(ctx context.Context, meetingID int64) ([]domain.MeetingAttachment, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, meeting_id, file_name, content_type, size, created_at
		FROM meeting_attachments WHERE meeting_id = $1 ORDER BY id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.MeetingAttachment{}
	for rows.Next() {
		var f domain.MeetingAttachment
		if err := rows.Scan(&f.ID, &f.MeetingID, &f.FileName, &f.ContentType, &f.Size, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// MeetingAttachment returns one file with its content, or ErrNoRows.
func (q *Q) MeetingAttachment(ctx context.Context, meetingID, id int64) (*domain.MeetingAttachment, []byte, error) {
	var f domain.MeetingAttachment
	var content []byte
	err := q.q.QueryRowContext(ctx, `SELECT id, meeting_id, file_name, content_type, size, created_at, content
		FROM meeting_attachments WHERE meeting_id = $1 AND id = $2`, meetingID, id).Scan(&f.ID, &f.MeetingID, &f.FileName,
		&f.ContentType, &f.Size, &f.CreatedAt, &content)
	if err != nil {
		return nil, nil, err
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return &f, content, nil
}
