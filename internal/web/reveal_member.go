package web

import "net/http"

// revealMember shows the member page once with the clear ID number and phone. It is a POST
// because the reveal is recorded in the audit log; the page is not cached.
func (h *handler) revealMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderMember(w, r, id, http.StatusOK, nil, true)
}
