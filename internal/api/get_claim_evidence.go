package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// getClaimEvidence serves an evidence file of a claim, to whoever may see the claim.
func (h *handler) getClaimEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_claim")
	if err != nil {
		return err
	}
	fileID, bad := parseID(r.PathValue("evidence_id"))
	if bad {
		return domain.NotFound("point_evidence")
	}
	ev, content, err := h.set.Points.Evidence(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	writeStoredFile(w, ev.ContentType, ev.FileName, content)
	return nil
}
