package api

import "net/http"

// cancelDuesPayment lets the payer cancel their pending online order: 200 with the payment;
// 403 to others who may read it, 404 to anyone else, 409 when it is not pending any more.
func (h *handler) cancelDuesPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_payment")
	if err != nil {
		return err
	}
	p, err := h.set.DuesPay.Cancel(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewDuesPayment(p))
	return nil
}
