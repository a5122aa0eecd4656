package web

import (
	"net/http"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// closeApplicant ends the process: withdrawn before admission, or the probationary status
// cancelled after it.
func (h *handler) closeApplicant(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.Development.Close(r.Context(), actor(r), id, development.CloseInput{On: f.Get("on"), Reason: f.Get("reason")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "on", "reason")
			h.renderApplicant(w, r, id, status, applicantForms{Close: f})
		})
		return
	}
	h.redirect(w, r, "/applicants/"+itoa64(id)+"?saved=1")
}
