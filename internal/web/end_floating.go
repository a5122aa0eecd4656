package web

import (
	"net/http"

	"dangjian/internal/transfer"
)

// endFloating closes a register entry (the member came back or transferred formally).
func (h *handler) endFloating(w http.ResponseWriter, r *http.Request) {
	h.floatingStep(w, r, func(f *floatingForms) **Form { return &f.End }, func(id int64, in transfer.FloatingStep) error {
		_, err := h.set.Transfers.EndFloating(r.Context(), actor(r), id, in)
		return err
	})
}
