package api

import "net/http"

// undoDepartureRequest is the body of POST /members/{id}/departure/undo.
type undoDepartureRequest struct {
	Note string `json:"note"`
}

// undoDeparture puts back on the roster a member whose departure (deceased, other) was
// recorded by mistake: admins and org admins only, with a note. 200 with the member; a
// member on the roster, or one who left by a transfer or a cancelled probation → 409.
func (h *handler) undoDeparture(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	var req undoDepartureRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	m, err := h.set.Members.UndoDeparture(r.Context(), actor(r), id, req.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}
