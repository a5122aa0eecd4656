package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// createDuesHardship records an application and shows it.
func (h *handler) createDuesHardship(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	amount, ok := duesYuanField(f.Get("amount"))
	if !ok {
		p := h.page(r, "")
		f.Errors["amount"], f.Message = p.T("dues.import.base"), p.T("err.invalid")
		h.renderDuesHardshipNew(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	x, err := h.set.Dues.ApplyHardship(r.Context(), actor(r), dues.HardshipInput{MemberID: queryID(f.Get("member_id")),
		Kind: f.Get("kind"), AmountFen: amount, FromMonth: f.Get("from_month"), ToMonth: f.Get("to_month"), Reason: f.Get("reason")})
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == domain.EConflict && len(e.Fields) == 0 {
			f.Message = h.page(r, "").T(e.Message)
			h.renderDuesHardshipNew(w, r, http.StatusConflict, f)
			return
		}
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			if k, ok := e.Fields["amount_fen"]; ok {
				e.Fields["amount"] = k
				delete(e.Fields, "amount_fen")
			}
			f.setError(h.page(r, ""), e, "kind", "amount", "from_month", "to_month", "reason")
			h.renderDuesHardshipNew(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/dues/hardship/"+itoa64(x.ID))
}
