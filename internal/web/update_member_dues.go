package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// updateMemberDues sets the member's dues category and base from a month on.
func (h *handler) updateMemberDues(w http.ResponseWriter, r *http.Request) {
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
	base, ok := duesYuanField(f.Get("base"))
	if !ok {
		p := h.page(r, "")
		f.Errors["base"] = p.T("dues.import.base")
		f.Message = p.T("err.invalid")
		h.renderMemberDues(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	_, err = h.set.Dues.SetProfile(r.Context(), actor(r), id, dues.ProfileInput{Category: f.Get("category"), BaseFen: base,
		FromMonth: f.Get("from_month"), Note: f.Get("note")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			if k, ok := e.Fields["base_fen"]; ok {
				e.Fields["base"] = k
				delete(e.Fields, "base_fen")
			}
			f.setError(h.page(r, ""), e, "category", "base", "from_month", "note")
			h.renderMemberDues(w, r, status, f)
		})
		return
	}
	to := "/members/" + itoa64(id) + "/dues?saved=1"
	if back := f.Get("return_to"); back != "" {
		to = safeNext(back)
	}
	h.redirect(w, r, to)
}
