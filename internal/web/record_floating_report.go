package web

import (
	"net/http"

	"dangjian/internal/transfer"
)

// recordFloatingReport records the floating member's (at least yearly) report home.
func (h *handler) recordFloatingReport(w http.ResponseWriter, r *http.Request) {
	h.floatingStep(w, r, func(f *floatingForms) **Form { return &f.Report }, func(id int64, in transfer.FloatingStep) error {
		_, err := h.set.Transfers.Report(r.Context(), actor(r), id, in)
		return err
	})
}
