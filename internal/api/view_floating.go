package api

import "dangjian/internal/domain"

// floatingJSON is an entry of the out-flow or in-flow register with the yearly report's due
// day and whether it is overdue.
type floatingJSON struct {
	ID            jsonID      `json:"id"`
	Direction     string      `json:"direction"`
	MemberID      nullID      `json:"member_id"`
	Name          string      `json:"name"`
	OrgID         jsonID      `json:"org_id"`
	OrgName       string      `json:"org_name"`
	Place         string      `json:"place"`
	HomeOrgName   string      `json:"home_org_name"`
	Since         domain.Date `json:"since"`
	EndedOn       domain.Date `json:"ended_on"`
	Contact       string      `json:"contact"`
	Reason        string      `json:"reason"`
	CardNo        string      `json:"card_no"`
	LastReportOn  domain.Date `json:"last_report_on"`
	ReportDueOn   domain.Date `json:"report_due_on"`
	ReportOverdue bool        `json:"report_overdue"`
	CreatedAt     stamp       `json:"created_at"`
	UpdatedAt     stamp       `json:"updated_at"`
}

func floatingView(f *domain.Floating) floatingJSON {
	return floatingJSON{ID: jsonID(f.ID), Direction: f.Direction, MemberID: nullID(f.MemberID), Name: f.Name,
		OrgID: jsonID(f.OrgID), OrgName: f.OrgName, Place: f.Place, HomeOrgName: f.HomeOrgName, Since: f.Since,
		EndedOn: f.EndedOn, Contact: f.Contact, Reason: f.Reason, CardNo: f.CardNo, LastReportOn: f.LastReportOn,
		ReportDueOn: f.ReportDueOn, ReportOverdue: f.ReportOverdue, CreatedAt: stamp(f.CreatedAt),
		UpdatedAt: stamp(f.UpdatedAt)}
}

// floatingRequest is the body of POST /floating. Out-flow (direction out): member_id names
// our member. In-flow (direction in): org_id is the host branch, name and home_org_name say
// who and whose, member_id only when they are on a roster of this system.
type floatingRequest struct {
	Direction   string `json:"direction"`
	MemberID    ID     `json:"member_id"`
	OrgID       ID     `json:"org_id"`
	Name        string `json:"name"`
	HomeOrgName string `json:"home_org_name"`
	Place       string `json:"place"`
	Since       string `json:"since"`
	Contact     string `json:"contact"`
	Reason      string `json:"reason"`
	CardNo      string `json:"card_no"`
}

// floatingStepRequest is the body of a report, an end or a loss of contact: the day
// (default today) and a note (for a loss of contact, the reason, required).
type floatingStepRequest struct {
	On   string `json:"on"`
	Note string `json:"note"`
}
