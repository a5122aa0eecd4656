package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// undoDeparture puts back on the roster a member whose departure was recorded by mistake
// (admins and org admins), with a note saying why.
func (h *handler) undoDeparture(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Members.UndoDeparture(r.Context(), actor(r), id, f.Get("note"))
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "note")
			h.renderMemberWith(w, r, id, status, memberForms{Undo: f}, false)
		})
		return
	}
	h.redirect(w, r, "/members/"+itoa64(id)+"?saved=1")
}
