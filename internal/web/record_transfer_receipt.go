package web

import (
	"net/http"

	"dangjian/internal/transfer"
)

// recordTransferReceipt records the receipt (回执) that ends the sender's responsibility.
func (h *handler) recordTransferReceipt(w http.ResponseWriter, r *http.Request) {
	h.transferStep(w, r, func(id int64, f *Form) (transferForms, error) {
		_, err := h.set.Transfers.Receipt(r.Context(), actor(r), id, transfer.StepInput{On: f.Get("on")})
		return transferForms{Receipt: f}, err
	})
}
