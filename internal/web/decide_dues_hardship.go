package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// decideDuesHardship takes the branch's agreement, the next level's approval or a rejection:
// POST /dues/hardship/{id}/{step} with a note.
func (h *handler) decideDuesHardship(w http.ResponseWriter, r *http.Request) {
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
	in := dues.DecideInput{Note: f.Get("note")}
	ctx, a := r.Context(), actor(r)
	switch r.PathValue("step") {
	case "agree":
		_, err = h.set.Dues.AgreeHardship(ctx, a, id, in)
	case "approve":
		_, err = h.set.Dues.ApproveHardship(ctx, a, id, in)
	case "reject":
		_, err = h.set.Dues.RejectHardship(ctx, a, id, in)
	default:
		err = domain.NotFound("page")
	}
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == domain.EConflict {
			f.Message = h.page(r, "").T(e.Message)
			h.renderDuesHardship(w, r, http.StatusConflict, f)
			return
		}
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "note")
			h.renderDuesHardship(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/dues/hardship/"+itoa64(id))
}
