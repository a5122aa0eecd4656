package api

import "net/http"

// createTransfer transfers a member out of their branch: 201 with the transfer. To a branch
// of the same grassroots committee it is internal and done at once; to another organisation
// in the system, or to one outside it, a letter is issued and the transfer is pending.
func (h *handler) createTransfer(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeTransferRequest(r.Body)
	if err != nil {
		return err
	}
	t, err := h.set.Transfers.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/transfers/"+formatID(t.ID))
	writeJSON(w, http.StatusCreated, transferView(t))
	return nil
}
