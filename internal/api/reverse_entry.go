package api

import "net/http"

// reverseEntry posts the reversing entry of an entry (the ledger is never edited): 201 with
// the reversal and its Location. A second reversal answers 409.
func (h *handler) reverseEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_entry")
	if err != nil {
		return err
	}
	var req decideRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	e, err := h.set.Points.Reverse(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/points/entries/"+formatID(e.ID))
	writeJSON(w, http.StatusCreated, entryView(e))
	return nil
}
