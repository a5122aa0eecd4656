package api

import (
	"dangjian/internal/domain"
)

// transferJSON is a transfer with its letter data and the flags as of today: letter_overdue
// (not reported within the validity) and receipt_missing (no receipt back by its end).
type transferJSON struct {
	ID               jsonID          `json:"id"`
	Kind             string          `json:"kind"`
	Status           string          `json:"status"`
	MemberID         jsonID          `json:"member_id"`
	MemberName       string          `json:"member_name"`
	FromOrgID        nullID          `json:"from_org_id"`
	FromOrgName      string          `json:"from_org_name"`
	FromExternalName string          `json:"from_external_name"`
	ToOrgID          nullID          `json:"to_org_id"`
	ToOrgName        string          `json:"to_org_name"`
	ToExternalName   string          `json:"to_external_name"`
	Reason           string          `json:"reason"`
	DuesPaidThrough  string          `json:"dues_paid_through"`
	ValidDays        int             `json:"valid_days"`
	IssuedOn         domain.Date     `json:"issued_on"`
	ExpiresOn        domain.Date     `json:"expires_on"`
	ReportedOn       domain.Date     `json:"reported_on"`
	ReceiptOn        domain.Date     `json:"receipt_on"`
	RejectedOn       domain.Date     `json:"rejected_on"`
	RejectReason     string          `json:"reject_reason"`
	LetterNo         string          `json:"letter_no"`
	Particulars      particularsJSON `json:"particulars"`
	LetterOverdue    bool            `json:"letter_overdue"`
	ReceiptMissing   bool            `json:"receipt_missing"`
	CreatedAt        stamp           `json:"created_at"`
	UpdatedAt        stamp           `json:"updated_at"`
}

// particularsJSON are the member's particulars as the letter states them, frozen when it
// was issued; the numbers are masked (the printed letter shows the ID number in full).
type particularsJSON struct {
	Name      string      `json:"name"`
	Gender    string      `json:"gender"`
	BirthDate domain.Date `json:"birth_date"`
	Ethnicity string      `json:"ethnicity"`
	Category  string      `json:"category"`
	IDNumber  string      `json:"id_number"`
	Phone     string      `json:"phone"`
	Education string      `json:"education"`
	JoinedOn  domain.Date `json:"joined_on"`
	FullOn    domain.Date `json:"full_member_on"`
}

func transferView(t *domain.Transfer) transferJSON {
	p := t.Particulars
	return transferJSON{ID: jsonID(t.ID), Kind: t.Kind, Status: t.Status, MemberID: jsonID(t.MemberID),
		MemberName: t.MemberName, FromOrgID: nullID(t.FromOrgID), FromOrgName: t.FromOrgName,
		FromExternalName: t.FromExternalName, ToOrgID: nullID(t.ToOrgID), ToOrgName: t.ToOrgName,
		ToExternalName: t.ToExternalName, Reason: t.Reason, DuesPaidThrough: t.DuesPaidThrough, ValidDays: t.ValidDays,
		IssuedOn: t.IssuedOn, ExpiresOn: t.ExpiresOn, ReportedOn: t.ReportedOn, ReceiptOn: t.ReceiptOn,
		RejectedOn: t.RejectedOn, RejectReason: t.RejectReason, LetterNo: t.LetterNo,
		Particulars: particularsJSON{Name: p.Name, Gender: p.Gender, BirthDate: p.BirthDate, Ethnicity: p.Ethnicity,
			Category: p.Category, IDNumber: p.IDMasked, Phone: p.PhoneMasked, Education: p.Education,
			JoinedOn: p.JoinedOn, FullOn: p.FullOn},
		LetterOverdue: t.LetterOverdue, ReceiptMissing: t.ReceiptMissing,
		CreatedAt: stamp(t.CreatedAt), UpdatedAt: stamp(t.UpdatedAt)}
}
