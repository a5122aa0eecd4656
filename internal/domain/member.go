package domain

import "time"

// Member categories and standings (API.md).
const (
	CategoryFull         = "full"
	CategoryProbationary = "probationary"

	StandingNormal    = "normal"
	StandingSuspended = "suspended" // 停止党籍
	StandingRetained  = "retained"  // 保留党籍
	StandingExpelled  = "expelled"
)

// Why a member left the roster (members.left_reason). A member who left keeps their row and
// history; lists and counts leave them out unless asked.
const (
	LeftTransferredOut     = "transferred_out"     // formal relationship transferred outside the system
	LeftProbationCancelled = "probation_cancelled" // 取消预备党员资格
	LeftDeceased           = "deceased"
	LeftOther              = "other"
)

// LeftReasons are the values of members.left_reason.
var LeftReasons = []string{LeftTransferredOut, LeftProbationCancelled, LeftDeceased, LeftOther}

// Left filter values: by default lists hold the members on the roster only.
const (
	LeftOnly    = "only"    // only the members who left
	LeftInclude = "include" // everyone, on the roster or not
)

var (
	Categories = []string{CategoryFull, CategoryProbationary}
	Standings  = []string{StandingNormal, StandingSuspended, StandingRetained, StandingExpelled}
	Genders    = []string{"male", "female"}
	// Educations are the usual levels on a party roster, lowest first.
	Educations = []string{"primary", "junior_high", "senior_high", "secondary_vocational", "junior_college", "bachelor", "master", "doctor"}
	// Positions a member may hold in an organisation. The first six make up a committee.
	Positions = []string{"secretary", "deputy_secretary", "organization_member", "propaganda_member", "discipline_member", "committee_member", "group_leader", "party_affairs_officer"}
)

// IsCommitteePosition reports whether holding p makes one a member of the org's committee.
func IsCommitteePosition(p string) bool {
	switch p {
	case "secretary", "deputy_secretary", "organization_member", "propaganda_member", "discipline_member", "committee_member":
		return true
	}
	return false
}

// Member is a party member on the roster. IDNumber and Phone hold the clear values only
// after a reveal; otherwise they hold the masked forms.
type Member struct {
	ID           int64
	OrgID        int64
	OrgPath      string
	OrgName      string
	GroupID      int64
	GroupName    string
	Name         string
	Gender       string
	Ethnicity    string
	BirthDate    Date
	IDNumber     string
	Phone        string
	Revealed     bool
	Education    string
	Category     string
	Standing     string
	Floating     bool
	LostContact  bool
	JoinedOn     Date
	FullMemberOn Date
	JobTitle     string
	LeftOn       Date   // the day the member left the roster; zero while on it
	LeftReason   string // one of LeftReasons; "" while on the roster
	Positions    []string
	UserID       int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// HasLeft reports whether the member has left the roster.
func (m *Member) HasLeft() bool { return !m.LeftOn.IsZero() }

// MemberEvent is one entry of a member's append-only history.
type MemberEvent struct {
	ID       int64
	MemberID int64
	At       time.Time
	Kind     string // created, updated, moved, positions, standing …
	ActorID  int64
	Actor    string
	Data     string // JSON: the changed fields, before and after
}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
