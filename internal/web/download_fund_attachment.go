package web

import "net/http"

// downloadFundAttachment serves one file of an entry to readers of its organisation, always
// as a download (a stored file never renders as a page of the console).
func (h *handler) downloadFundAttachment(w http.ResponseWriter, r *http.Request) {
	id, fid, err := fileRoute(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	att, content, err := h.set.Funds.Attachment(r.Context(), actor(r), id, fid)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendFile(w, "application/octet-stream", att.FileName, content)
}
