package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// updateIndicator changes an item: in place while nothing used it, otherwise as a new
// version from the chosen day; it then shows the version now in force.
func (h *handler) updateIndicator(w http.ResponseWriter, r *http.Request) {
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
	ctx, a := r.Context(), actor(r)
	ind, err := h.set.Points.Indicator(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The code and the year identify the item: they come from the version, not the form.
	f.Values.Set("code", ind.Code)
	f.Values.Set("year", itoa64(int64(ind.Year)))
	f.Values.Set("org_id", itoa64(ind.OrgID))
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, indicatorFields...)
		h.renderIndicator(w, r, status, ind, f)
	}
	p, bad := readIndicatorForm(f)
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	next, err := h.set.Points.UpdateIndicator(ctx, a, id, indicatorChange(f, p))
	if err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/catalogue/"+itoa64(next.ID)+"?saved=1")
}
