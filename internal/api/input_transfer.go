package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// transferRequest is the body of POST /transfers (API.md: member_id, to_org_id |
// to_external_name, reason, dues_paid_through, valid_days), with the optional issue day
// and letter number of a letter written on paper first.
type transferRequest struct {
	MemberID        ID     `json:"member_id"`
	ToOrgID         ID     `json:"to_org_id"`
	ToExternalName  string `json:"to_external_name"`
	Reason          string `json:"reason"`
	DuesPaidThrough string `json:"dues_paid_through"`
	ValidDays       int    `json:"valid_days"`
	IssuedOn        string `json:"issued_on"`
	LetterNo        string `json:"letter_no"`
}

func decodeTransferRequest(body io.Reader) (transfer.CreateInput, error) {
	var req transferRequest
	if err := decodeJSON(body, &req); err != nil {
		return transfer.CreateInput{}, err
	}
	v := &domain.Validation{}
	in := transfer.CreateInput{ToExternalName: req.ToExternalName, Reason: req.Reason,
		DuesPaidThrough: req.DuesPaidThrough, ValidDays: req.ValidDays, IssuedOn: req.IssuedOn, LetterNo: req.LetterNo}
	if !req.MemberID.given {
		v.Add("member_id", "err.required")
	} else if id := req.MemberID.required("member_id", v); id != nil {
		in.MemberID = *id
	}
	if id := req.ToOrgID.optional("to_org_id", v); id != nil {
		in.ToOrgID = *id
	}
	return in, v.Err()
}

// transferStepRequest is the body of accept, reject and receipt: the day (default today)
// and, to reject, the reason. An empty body is {}.
type transferStepRequest struct {
	On     string `json:"on"`
	Reason string `json:"reason"`
}

// incomingRequest is the body of POST /transfers/incoming: the member's particulars as for
// a new member (org_id is the receiving branch) and the letter received from outside.
type incomingRequest struct {
	Member           memberRequest `json:"member"`
	FromExternalName string        `json:"from_external_name"`
	LetterNo         string        `json:"letter_no"`
	IssuedOn         string        `json:"issued_on"`
	ValidDays        int           `json:"valid_days"`
	DuesPaidThrough  string        `json:"dues_paid_through"`
	ReportedOn       string        `json:"reported_on"`
	Reason           string        `json:"reason"`
}
