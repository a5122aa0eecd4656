package api

import (
	"net/http"

	"dangjian/internal/member"
)

// departureRequest is the body of POST /members/{id}/departure.
type departureRequest struct {
	Reason string `json:"reason"`
	On     string `json:"on"`
	Note   string `json:"note"`
}

// recordDeparture takes a member off the roster for a reason recorded by hand (deceased,
// other) from a day: 200 with the member as changed. The reasons a transfer or a cancelled
// probation records → 422; a member who left already → 409.
func (h *handler) recordDeparture(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	var req departureRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	m, err := h.set.Members.RecordDeparture(r.Context(), actor(r), id, member.DepartureInput{Reason: req.Reason, On: req.On, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}
