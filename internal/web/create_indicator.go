package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// createIndicator adds an item to the organisation's catalogue and shows it.
func (h *handler) createIndicator(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, indicatorFields...)
		h.renderNewIndicator(w, r, status, f)
	}
	p, bad := readIndicatorForm(f)
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	ind, err := h.set.Points.CreateIndicator(r.Context(), actor(r), indicatorInput(f, p))
	if err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/catalogue/"+itoa64(ind.ID)+"?saved=1")
}
