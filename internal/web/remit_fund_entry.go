package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// remitFundEntry records the remittance upward of a voluntary payment and shows the
// payment, now with its remittance.
func (h *handler) remitFundEntry(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Funds.Remit(r.Context(), actor(r), id, funds.RemitInput{Date: f.Get("date"), Note: f.Get("note")}); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "date", "note")
			h.renderFundEntry(w, r, status, f)
		})
		return
	}
	if next := f.Get("next"); next != "" && next[0] == '/' && len(next) > 1 && next[1] != '/' {
		h.redirect(w, r, next)
		return
	}
	h.redirect(w, r, "/funds/entries/"+strconv.FormatInt(id, 10))
}
