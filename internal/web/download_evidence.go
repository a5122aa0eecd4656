package web

import (
	"mime"
	"net/http"
)

// inlineImages are the evidence types shown in the browser (photos taken on a phone); every
// other file is a download, so a stored file never runs in the console's origin.
var inlineImages = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// downloadEvidence serves one evidence file of a claim to whoever may see the claim.
func (h *handler) downloadEvidence(w http.ResponseWriter, r *http.Request) {
	id, fileID, err := fileRoute(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ev, data, err := h.set.Points.Evidence(r.Context(), actor(r), id, fileID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ct := ev.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	fileHeaders(w, ct, ev.FileName, len(data))
	if inlineImages[ct] {
		if d := mime.FormatMediaType("inline", map[string]string{"filename": ev.FileName}); d != "" {
			w.Header().Set("Content-Disposition", d)
		}
	}
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}
