package api

import (
	"time"

	"dangjian/internal/domain"
)

// meetingView is a meeting as API.md shows it. checkin_code is present only for those who
// manage the meeting (the service blanks it for everyone else).
type meetingView struct {
	ID           jsonID `json:"id"`
	OrgID        jsonID `json:"org_id"`
	OrgName      string `json:"org_name"`
	GroupID      nullID `json:"group_id"`
	GroupName    string `json:"group_name"`
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	StartsAt     stamp  `json:"starts_at"`
	EndsAt       stamp  `json:"ends_at"`
	Location     string `json:"location"`
	OnlineURL    string `json:"online_url"`
	LecturerID   nullID `json:"lecturer_id"`
	LecturerName string `json:"lecturer_name"`
	Agenda       string `json:"agenda"`
	Status       string `json:"status"`
	CheckinCode  string `json:"checkin_code,omitempty"`
	CreatedBy    string `json:"created_by"`
	CreatedAt    stamp  `json:"created_at"`
}

func viewMeeting(m *domain.Meeting) meetingView {
	return meetingView{ID: jsonID(m.ID), OrgID: jsonID(m.OrgID), OrgName: m.OrgName, GroupID: nullID(m.GroupID),
		GroupName: m.GroupName, Kind: m.Kind, Title: m.Title,
		StartsAt: stamp(m.StartsAt), EndsAt: stamp(m.EndsAt), Location: m.Location, OnlineURL: m.OnlineURL,
		LecturerID: nullID(m.LecturerID), LecturerName: m.LecturerName, Agenda: m.Agenda, Status: m.Status,
		CheckinCode: m.CheckinCode, CreatedBy: m.CreatedByName, CreatedAt: stamp(m.CreatedAt)}
}

// checkinView is a member's one check-in.
type checkinView struct {
	ID        jsonID `json:"id"`
	MeetingID jsonID `json:"meeting_id"`
	MemberID  jsonID `json:"member_id"`
	Method    string `json:"method"`
	At        stamp  `json:"at"`
}

func viewCheckin(c *domain.Checkin) checkinView {
	return checkinView{ID: jsonID(c.ID), MeetingID: jsonID(c.MeetingID), MemberID: jsonID(c.MemberID), Method: c.Method, At: stamp(c.At)}
}

// attendeeView is one expected attendee with the attendance recorded.
type attendeeView struct {
	MemberID    jsonID `json:"member_id"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	LeaveReason string `json:"leave_reason"`
	Note        string `json:"note"`
	CheckedInAt *stamp `json:"checked_in_at"`
	Method      string `json:"method"`
}

func viewAttendee(a *domain.Attendee) attendeeView {
	v := attendeeView{MemberID: jsonID(a.MemberID), Name: a.Name, Status: a.Status, LeaveReason: a.LeaveReason,
		Note: a.Note, Method: a.Method}
	v.CheckedInAt = optStamp(a.CheckedInAt)
	return v
}

func optStamp(t time.Time) *stamp {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

// attendanceView is API.md's {expected, present, on_leave, absent, quorum_met, items};
// quorum_met is null for kinds without a quorum rule.
type attendanceView struct {
	Expected  int            `json:"expected"`
	Present   int            `json:"present"`
	OnLeave   int            `json:"on_leave"`
	Absent    int            `json:"absent"`
	QuorumMet *bool          `json:"quorum_met"`
	Items     []attendeeView `json:"items"`
}

func viewAttendance(s *domain.AttendanceSummary) attendanceView {
	v := attendanceView{Expected: s.Expected, Present: s.Present, OnLeave: s.OnLeave, Absent: s.Absent,
		QuorumMet: s.QuorumMet, Items: []attendeeView{}}
	for i := range s.Items {
		v.Items = append(v.Items, viewAttendee(&s.Items[i]))
	}
	return v
}

// minutesView is a meeting's minutes; attendance is filled from the check-ins when read.
type minutesView struct {
	MeetingID    jsonID                  `json:"meeting_id"`
	RecorderID   nullID                  `json:"recorder_id"`
	RecorderName string                  `json:"recorder_name"`
	Content      string                  `json:"content"`
	Decisions    string                  `json:"decisions"`
	Status       string                  `json:"status"`
	ReturnReason string                  `json:"return_reason"`
	SubmittedAt  *stamp                  `json:"submitted_at"`
	DecidedAt    *stamp                  `json:"decided_at"`
	DecidedBy    string                  `json:"decided_by"`
	UpdatedAt    *stamp                  `json:"updated_at"`
	Attachments  []meetingAttachmentView `json:"attachments"`
	Attendance   *attendanceView         `json:"attendance,omitempty"`
}

type meetingAttachmentView struct {
	ID          jsonID `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
	CreatedAt   stamp  `json:"created_at"`
}

func viewMeetingAttachment(f *domain.MeetingAttachment) meetingAttachmentView {
	return meetingAttachmentView{ID: jsonID(f.ID), FileName: f.FileName, ContentType: f.ContentType, Size: f.Size,
		URL: base + "/meetings/" + formatID(f.MeetingID) + "/minutes/attachments/" + formatID(f.ID), CreatedAt: stamp(f.CreatedAt)}
}

func viewMinutes(m *domain.Minutes, att *domain.AttendanceSummary) minutesView {
	v := minutesView{MeetingID: jsonID(m.MeetingID), RecorderID: nullID(m.RecorderID), RecorderName: m.RecorderName,
		Content: m.Content, Decisions: m.Decisions, Status: m.Status, ReturnReason: m.ReturnReason,
		SubmittedAt: optStamp(m.SubmittedAt), DecidedAt: optStamp(m.DecidedAt), DecidedBy: m.DecidedByName,
		UpdatedAt: optStamp(m.UpdatedAt), Attachments: []meetingAttachmentView{}}
	for i := range m.Attachments {
		v.Attachments = append(v.Attachments, viewMeetingAttachment(&m.Attachments[i]))
	}
	if att != nil {
		a := viewAttendance(att)
		v.Attendance = &a
	}
	return v
}
