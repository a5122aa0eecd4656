package web

import "net/http"

// downloadAttachment serves a file recorded with a development step (scans of signed
// forms), always as a download: a stored file never runs in the console's origin.
func (h *handler) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	id, fileID, err := fileRoute(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	att, data, err := h.set.Development.Attachment(r.Context(), actor(r), id, fileID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ct := att.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	sendFile(w, ct, att.Name, data)
}
