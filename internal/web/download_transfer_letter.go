package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadTransferLetter serves the printable letter (stub, letter, receipt) as a PDF. It
// states the full ID number, so the service checks the reveal right and audits it; like
// the member page's reveal it is a POST, which cross-origin protection covers.
func (h *handler) downloadTransferLetter(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pdf, err := h.set.Transfers.Letter(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := "组织关系介绍信-" + itoa64(id) + ".pdf"
	if locale(r) == i18n.EN {
		name = "transfer-letter-" + itoa64(id) + ".pdf"
	}
	sendFile(w, contentTypePDF, name, pdf)
}
