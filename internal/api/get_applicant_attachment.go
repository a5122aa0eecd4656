package api

import (
	"net/http"

	"dangjian/internal/domain"
)

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
	writeStoredFile(w, att.ContentType, att.Name, content)
	return nil
}
