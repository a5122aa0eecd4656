package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/org"
)

// orgRequest is the body of POST /orgs and PATCH /orgs/{id}. A field left out (or null)
// is not changed; "" clears an optional text or date.
type orgRequest struct {
	Name               *string `json:"name"`
	Type               *string `json:"type"`
	ParentID           ID      `json:"parent_id"`
	Code               *string `json:"code"`
	UnitName           *string `json:"unit_name"`
	UnitCreditCode     *string `json:"unit_credit_code"`
	EstablishedOn      *string `json:"established_on"`
	TermStartedOn      *string `json:"term_started_on"`
	TermEndsOn         *string `json:"term_ends_on"`
	DemonstrationLevel *string `json:"demonstration_level"`
}

// decodeOrgRequest reads an org body into the service's Input. Errors: EBadRequest
// (malformed), EInvalid (a malformed id).
func decodeOrgRequest(body io.Reader) (org.Input, error) {
	var req orgRequest
	if err := decodeJSON(body, &req); err != nil {
		return org.Input{}, err
	}
	v := &domain.Validation{}
	in := org.Input{Name: req.Name, Type: req.Type, ParentID: req.ParentID.optional("parent_id", v), Code: req.Code,
		UnitName: req.UnitName, UnitCreditCode: req.UnitCreditCode, EstablishedOn: req.EstablishedOn,
		TermStartedOn: req.TermStartedOn, TermEndsOn: req.TermEndsOn, DemonstrationLevel: req.DemonstrationLevel}
	return in, v.Err()
}

// moveRequest is the body of POST /orgs/{id}/move.
type moveRequest struct {
	ParentID ID `json:"parent_id"`
}

// decodeMoveRequest returns the new parent's id. Errors: EBadRequest, EInvalid.
func decodeMoveRequest(body io.Reader) (int64, error) {
	var req moveRequest
	if err := decodeJSON(body, &req); err != nil {
		return 0, err
	}
	v := &domain.Validation{}
	if !req.ParentID.given {
		v.Add("parent_id", "err.required")
	}
	p := req.ParentID.required("parent_id", v)
	if err := v.Err(); err != nil {
		return 0, err
	}
	return *p, nil
}
