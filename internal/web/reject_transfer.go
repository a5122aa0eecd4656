package web

import (
	"net/http"

	"dangjian/internal/transfer"
)

// rejectTransfer refuses a pending transfer, with a reason; the member stays with the
// sender.
func (h *handler) rejectTransfer(w http.ResponseWriter, r *http.Request) {
	h.transferStep(w, r, func(id int64, f *Form) (transferForms, error) {
		_, err := h.set.Transfers.Reject(r.Context(), actor(r), id, transfer.StepInput{On: f.Get("on"), Reason: f.Get("reason")})
		return transferForms{Reject: f}, err
	})
}
