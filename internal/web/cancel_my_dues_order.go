package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
)

// cancelMyDuesOrder cancels the member's own pending online order (so they can start a new
// one) and returns to 我的党费 with a notice; a refusal shows on the page.
func (h *handler) cancelMyDuesOrder(w http.ResponseWriter, r *http.Request) {
	if _, err := postedForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	if _, err := h.set.DuesPay.Cancel(r.Context(), actor(r), id); err != nil {
		if !shownOnPage(err) {
			h.fail(w, r, err)
			return
		}
		e, _ := domain.AsError(err)
		h.renderMyDues(w, r, statusOf(e.Code), "", "", duesErrorText(h.page(r, ""), err), "")
		return
	}
	h.redirect(w, r, "/my/dues?order=cancelled")
}
