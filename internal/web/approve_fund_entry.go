package web

import (
	"net/http"
	"strconv"
)

// approveFundEntry approves a spending request and goes back to where it was decided (the
// approval queue, or the entry).
func (h *handler) approveFundEntry(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Funds.Approve(r.Context(), actor(r), id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, decidedNext(f.Get("next"), id))
}

// decidedNext is where a decision returns to: the queue when it came from there.
func decidedNext(next string, id int64) string {
	if next == "/funds/approvals" {
		return next
	}
	return "/funds/entries/" + strconv.FormatInt(id, 10)
}
