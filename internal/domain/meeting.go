package domain

import "time"

// Meeting kinds (API.md, RULES.md "Organisational life").
const (
	MeetingBranchGeneral   = "branch_general"   // 支部党员大会
	MeetingBranchCommittee = "branch_committee" // 支部委员会
	MeetingGroup           = "group"            // 党小组会
	MeetingLecture         = "lecture"          // 党课
	MeetingPartyDay        = "party_day"        // 主题党日
	MeetingOrgLife         = "org_life"         // 组织生活会
	MeetingAppraisal       = "appraisal"        // 民主评议党员
	MeetingTalk            = "talk"             // 谈心谈话
)

// MeetingKinds lists every kind.
var MeetingKinds = []string{MeetingBranchGeneral, MeetingBranchCommittee, MeetingGroup, MeetingLecture,
	MeetingPartyDay, MeetingOrgLife, MeetingAppraisal, MeetingTalk}

// Meeting statuses: a planned meeting may be rescheduled or cancelled.
const (
	MeetingPlanned   = "planned"
	MeetingCancelled = "cancelled"
)

// Attendance statuses of an expected attendee. Expected turns into absent once the meeting
// has started without a check-in (computed, not stored).
const (
	AttendExpected = "expected"
	AttendPresent  = "present"
	AttendLeave    = "leave"
	AttendAbsent   = "absent"
)

// Minutes statuses: draft → submitted → approved | returned (returned minutes are edited and
// submitted again).
const (
	MinutesDraft     = "draft"
	MinutesSubmitted = "submitted"
	MinutesApproved  = "approved"
	MinutesReturned  = "returned"
)

// ECheckinClosed is the error code of a check-in outside the meeting's window (API.md: 422).
const ECheckinClosed = "checkin_closed"

// MaxMeetingAttachmentSize and MaxMeetingAttachments bound the files of minutes.
const (
	MaxMeetingAttachmentSize = 10 << 20
	MaxMeetingAttachments    = 20
)

// Meeting is one meeting of an organisation. CheckinCode is the 6-digit code to type; QRKey
// is the hex secret its rotating QR tokens are signed with (never shown).
type Meeting struct {
	ID            int64
	OrgID         int64
	OrgPath       string
	OrgName       string
	Kind          string
	Title         string
	StartsAt      time.Time
	EndsAt        time.Time
	Location      string
	OnlineURL     string
	LecturerID    int64
	LecturerName  string
	Agenda        string
	Status        string
	CheckinCode   string
	QRKey         string
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// GroupID is the party group the meeting is for (0: none): a group meeting a branch
	// planned for one of its groups, or any meeting of a group org (its own id). Group
	// meetings count for that group's monthly requirement (migration 00016).
	GroupID   int64
	GroupName string
}

// Attendee is one expected attendee, as planned, with the attendance recorded.
type Attendee struct {
	MeetingID   int64
	MemberID    int64
	Name        string
	Category    string // at planning: full members vote, probationary ones do not
	Committee   bool   // held a committee position in the meeting's organisation at planning
	Status      string
	LeaveReason string
	Note        string
	RecordedBy  string
	CheckedInAt time.Time // zero without a check-in
	Method      string    // code, qr; "" without a check-in
	UpdatedAt   time.Time
}

// Checkin is a member's one check-in to a meeting.
type Checkin struct {
	ID        int64
	MeetingID int64
	MemberID  int64
	Method    string // code or qr
	At        time.Time
}

// AttendanceSummary counts a meeting's attendance. QuorumMet is nil for kinds without a
// quorum rule.
type AttendanceSummary struct {
	Expected  int
	Present   int
	OnLeave   int
	Absent    int
	QuorumMet *bool
	Items     []Attendee
}

// Minutes of a meeting.
type Minutes struct {
	MeetingID     int64
	RecorderID    int64
	RecorderName  string
	Content       string
	Decisions     string
	Status        string
	ReturnReason  string
	SubmittedAt   time.Time
	DecidedAt     time.Time
	DecidedBy     int64
	DecidedByName string
	UpdatedAt     time.Time
	Attachments   []MeetingAttachment
}

// MeetingAttachment is a photo or file of the minutes (content read separately).
type MeetingAttachment struct {
	ID          int64
	MeetingID   int64
	FileName    string
	ContentType string
	Size        int
	CreatedAt   time.Time
}

// Quorum applies RULES.md to the attendees of a meeting: for the branch general meeting,
// full members present > half of the full members expected (probationary members have no
// vote); for the committee meeting, committee members present > half of the committee
// expected. Other kinds have no quorum: nil.
func Quorum(kind string, items []Attendee) *bool {
	var total, present int
	switch kind {
	case MeetingBranchGeneral:
		for _, a := range items {
			if a.Category == CategoryFull {
				total++
				if a.Status == AttendPresent {
					present++
				}
			}
		}
	case MeetingBranchCommittee:
		for _, a := range items {
			if a.Committee {
				total++
				if a.Status == AttendPresent {
					present++
				}
			}
		}
	default:
		return nil
	}
	ok := total > 0 && 2*present > total
	return &ok
}
