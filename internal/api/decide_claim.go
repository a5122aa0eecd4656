package api

import (
	"net/http"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// approveClaim approves a pending claim and posts its entry: 200 with the claim, which names
// the entry. Nobody decides on their own claim (403), and a decided claim answers 409.
func (h *handler) approveClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_claim")
	if err != nil {
		return err
	}
	var req struct{}
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	c, err := h.set.Points.ApproveClaim(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, claimView(c))
	return nil
}

// rejectClaim rejects a pending claim with a reason: 200 with the claim.
func (h *handler) rejectClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_claim")
	if err != nil {
		return err
	}
	var req decideRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	c, err := h.set.Points.RejectClaim(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, claimView(c))
	return nil
}

// bulkOutcomeJSON is what became of one claim of a bulk decision: the claim as decided, or
// the error it alone met (the others are decided regardless).
type bulkOutcomeJSON struct {
	ID    jsonID       `json:"id"`
	OK    bool         `json:"ok"`
	Claim *claimJSON   `json:"claim"`
	Error *errorDetail `json:"error"`
}

// approveClaims approves claims one by one: 200 {items: [{id, ok, claim, error}]} in the
// order of ids.
func (h *handler) approveClaims(w http.ResponseWriter, r *http.Request) error {
	var req bulkDecideRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	ids, err := req.ids()
	if err != nil {
		return err
	}
	if req.Reason != "" {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"reason": "api.invalid.not_here"}}
	}
	h.writeOutcomes(w, r, h.set.Points.ApproveClaims(r.Context(), actor(r), ids))
	return nil
}

// rejectClaims rejects claims one by one with one reason, as approveClaims.
func (h *handler) rejectClaims(w http.ResponseWriter, r *http.Request) error {
	var req bulkDecideRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	ids, err := req.ids()
	if err != nil {
		return err
	}
	// One reason for all: a missing one would fail every item alike, so it fails the request.
	if strings.TrimSpace(req.Reason) == "" {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"reason": "err.required"}}
	}
	h.writeOutcomes(w, r, h.set.Points.RejectClaims(r.Context(), actor(r), ids, req.Reason))
	return nil
}

// writeOutcomes answers a bulk decision: 200 whatever became of each claim.
func (h *handler) writeOutcomes(w http.ResponseWriter, r *http.Request, outcomes []points.BulkOutcome) {
	items := make([]bulkOutcomeJSON, len(outcomes))
	for i, o := range outcomes {
		items[i] = bulkOutcomeJSON{ID: jsonID(o.ID), OK: o.Err == nil}
		if o.Err != nil {
			detail, _ := h.errorOf(r, o.Err)
			items[i].Error = &detail
			continue
		}
		c := claimView(o.Claim)
		items[i].Claim = &c
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
}
