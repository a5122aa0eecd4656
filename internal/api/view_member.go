package api

import (
	"encoding/json"

	"dangjian/internal/domain"
)

// memberJSON is a member as the API shows it. IDNumber and Phone are masked unless Revealed.
type memberJSON struct {
	ID           jsonID      `json:"id"`
	Name         string      `json:"name"`
	Gender       string      `json:"gender"`
	Ethnicity    string      `json:"ethnicity"`
	BirthDate    domain.Date `json:"birth_date"`
	IDNumber     string      `json:"id_number"`
	Phone        string      `json:"phone"`
	Revealed     bool        `json:"revealed"`
	Education    string      `json:"education"`
	OrgID        jsonID      `json:"org_id"`
	OrgName      string      `json:"org_name"`
	GroupID      nullID      `json:"group_id"`
	GroupName    string      `json:"group_name"`
	Category     string      `json:"category"`
	Standing     string      `json:"standing"`
	Floating     bool        `json:"floating"`
	LostContact  bool        `json:"lost_contact"`
	JoinedOn     domain.Date `json:"joined_on"`
	FullMemberOn domain.Date `json:"full_member_on"`
	JobTitle     string      `json:"job_title"`
	LeftOn       domain.Date `json:"left_on"`     // null while on the roster
	LeftReason   *string     `json:"left_reason"` // null while on the roster
	Positions    []string    `json:"positions"`
	CreatedAt    stamp       `json:"created_at"`
	UpdatedAt    stamp       `json:"updated_at"`
}

func memberView(m *domain.Member) memberJSON {
	positions := m.Positions
	if positions == nil {
		positions = []string{}
	}
	return memberJSON{ID: jsonID(m.ID), Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate,
		IDNumber: m.IDNumber, Phone: m.Phone, Revealed: m.Revealed, Education: m.Education, OrgID: jsonID(m.OrgID),
		OrgName: m.OrgName, GroupID: nullID(m.GroupID), GroupName: m.GroupName, Category: m.Category,
		Standing: m.Standing, Floating: m.Floating, LostContact: m.LostContact, JoinedOn: m.JoinedOn,
		FullMemberOn: m.FullMemberOn, JobTitle: m.JobTitle, LeftOn: m.LeftOn, LeftReason: leftReason(m),
		Positions: positions, CreatedAt: stamp(m.CreatedAt), UpdatedAt: stamp(m.UpdatedAt)}
}

func leftReason(m *domain.Member) *string {
	if !m.HasLeft() {
		return nil
	}
	return &m.LeftReason
}

// memberEventJSON is one entry of a member's history.
type memberEventJSON struct {
	ID       jsonID          `json:"id"`
	MemberID jsonID          `json:"member_id"`
	At       stamp           `json:"at"`
	Kind     string          `json:"kind"`
	ActorID  nullID          `json:"actor_id"`
	Actor    string          `json:"actor"`
	Data     json.RawMessage `json:"data"`
}

func memberEventView(e *domain.MemberEvent) memberEventJSON {
	return memberEventJSON{ID: jsonID(e.ID), MemberID: jsonID(e.MemberID), At: stamp(e.At), Kind: e.Kind,
		ActorID: nullID(e.ActorID), Actor: e.Actor, Data: rawJSON(e.Data)}
}

// rawJSON passes stored JSON through as it is; empty or damaged text becomes null rather
// than a broken response.
func rawJSON(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}
