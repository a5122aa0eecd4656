package api

import (
	"net/http"

	"dangjian/internal/dues"
)

// getDuesProfile answers a member's dues profile: the one in force this month and the
// history. Dues readers of the member's organisation and the member themself.
func (h *handler) getDuesProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	v, err := h.set.Dues.Profile(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, duesProfileSetView(v))
	return nil
}

// putDuesProfile sets a member's dues category and base from a month on:
// {category, base_fen, from_month, note?} → 200 with the profile and history.
func (h *handler) putDuesProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	var in dues.ProfileInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if _, err := h.set.Dues.SetProfile(r.Context(), actor(r), id, in); err != nil {
		return err
	}
	v, err := h.set.Dues.Profile(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, duesProfileSetView(v))
	return nil
}
