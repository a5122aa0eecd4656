package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// reverseFundEntry posts the reversing entry of an entry and shows the reversal.
func (h *handler) reverseFundEntry(w http.ResponseWriter, r *http.Request) {
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
	rev, err := h.set.Funds.Reverse(r.Context(), actor(r), id, funds.ReverseInput{Reason: f.Get("reason"), Date: f.Get("date")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "reason", "date")
			h.renderFundEntry(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/funds/entries/"+strconv.FormatInt(rev.ID, 10))
}
