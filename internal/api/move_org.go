package api

import "net/http"

// moveOrg puts an organisation and its subtree under a new parent: {parent_id}.
func (h *handler) moveOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	parentID, err := decodeMoveRequest(r.Body)
	if err != nil {
		return err
	}
	v, err := h.set.Orgs.Move(r.Context(), actor(r), id, parentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orgView(v))
	return nil
}
