package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// moveOrg puts an organisation and its subtree under another parent.
func (h *handler) moveOrg(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.set.Orgs.Move(r.Context(), actor(r), id, queryID(f.Get("parent_id"))); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "parent_id", "name")
			h.renderOrg(w, r, id, status, orgForms{Move: f})
		})
		return
	}
	h.redirect(w, r, "/orgs/"+itoa64(id)+"?saved=1")
}
