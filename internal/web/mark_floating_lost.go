package web

import (
	"net/http"

	"dangjian/internal/transfer"
)

// markFloatingLost flags an out-flow member as out of contact (失联) from a day, with the
// reason.
func (h *handler) markFloatingLost(w http.ResponseWriter, r *http.Request) {
	h.floatingStep(w, r, func(f *floatingForms) **Form { return &f.Lost }, func(id int64, in transfer.FloatingStep) error {
		_, err := h.set.Transfers.LostContact(r.Context(), actor(r), id, in)
		return err
	})
}
