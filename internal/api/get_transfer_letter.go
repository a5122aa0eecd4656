package api

import "net/http"

// getTransferLetter serves the printable letter (存根, 介绍信, 回执) as PDF. It states the ID
// number in full, so it needs the reveal right over the sending branch and is audited.
func (h *handler) getTransferLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "transfer")
	if err != nil {
		return err
	}
	pdf, err := h.set.Transfers.Letter(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeFile(w, contentTypePDF, "transfer-letter-"+formatID(id)+".pdf", pdf)
	return nil
}
