package api

import "net/http"

// getOrgSubtree returns an organisation and everything below it in the caller's scope, in
// path order (parents before children), as one list without further pages.
func (h *handler) getOrgSubtree(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	views, err := h.set.Orgs.Subtree(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(orgViews(views), ""))
	return nil
}
