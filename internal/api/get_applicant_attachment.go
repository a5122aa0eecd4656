package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// servedTypes are the stored content types served as they are; anything else (HTML, script,
// SVG) goes out as application/octet-stream, so a stored file never renders as a page.
var servedTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain; charset=utf-8",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword", contentTypeXLSX}

// getApplicantAttachment serves a file recorded with one of the applicant's steps.
func (h *handler) getApplicantAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "applicant")
	if err != nil {
		return err
	}
	fileID, bad := parseID(r.PathValue("attachment_id"))
	if bad {
		return domain.NotFound("attachment")
	}
	att, content, err := h.set.Development.Attachment(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	ct := att.ContentType
	if !domain.Contains(servedTypes, ct) {
		ct = "application/octet-stream"
	}
	writeFile(w, ct, att.Name, content)
	return nil
}
