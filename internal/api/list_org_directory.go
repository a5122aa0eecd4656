package api

import (
	"net/http"

	"dangjian/internal/org"
)

// directoryEntryJSON is a receiving organisation as the directory names it: nothing more.
type directoryEntryJSON struct {
	ID   jsonID   `json:"id"`
	Name string   `json:"name"`
	Path []string `json:"path"` // the names above it, top first
}

// listOrgDirectory finds receiving branches anywhere in the tree by part of their name, for
// whoever may start a transfer: ?q=, at most org.DirectoryLimit, one list without pages.
func (h *handler) listOrgDirectory(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	q := p.text("q")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Orgs.Directory(r.Context(), actor(r), q, org.DirectoryLimit)
	if err != nil {
		return err
	}
	items := make([]directoryEntryJSON, len(list))
	for i, e := range list {
		items[i] = directoryEntryJSON{ID: jsonID(e.ID), Name: e.Name, Path: e.Above}
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}
