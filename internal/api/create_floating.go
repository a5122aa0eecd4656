package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// createFloating adds an entry to the out-flow or in-flow register: 201 with the entry. An
// out-flow entry marks the member floating.
func (h *handler) createFloating(w http.ResponseWriter, r *http.Request) error {
	var req floatingRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := transfer.FloatingInput{Direction: req.Direction, Name: req.Name, HomeOrgName: req.HomeOrgName,
		Place: req.Place, Since: req.Since, Contact: req.Contact, Reason: req.Reason, CardNo: req.CardNo}
	if id := req.MemberID.optional("member_id", v); id != nil {
		in.MemberID = *id
	}
	if id := req.OrgID.optional("org_id", v); id != nil {
		in.OrgID = *id
	}
	if err := v.Err(); err != nil {
		return err
	}
	if in.Direction == domain.FloatingOut && in.MemberID == 0 {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"member_id": "err.required"}}
	}
	f, err := h.set.Transfers.RegisterFloating(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/floating/"+formatID(f.ID))
	writeJSON(w, http.StatusCreated, floatingView(f))
	return nil
}
