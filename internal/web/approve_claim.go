package web

import "net/http"

// approveClaim approves one claim (from its page, or a row of the queue) and goes back.
func (h *handler) approveClaim(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Points.ApproveClaim(r.Context(), actor(r), id); err != nil {
		h.fail(w, r, err)
		return
	}
	if f.Get("back") == "queue" {
		h.redirect(w, r, approvalsURL(f, 1))
		return
	}
	h.redirect(w, r, "/claims/"+itoa64(id)+"?saved=1")
}
