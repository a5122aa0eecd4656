package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
)

// copyCatalogue copies the organisation's own items of a year into another year (the next,
// by default) and shows that year's catalogue.
func (h *handler) copyCatalogue(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID := queryID(f.Get("org_id"))
	from := yearParam(f.Get("from_year"), 0)
	to, _ := strconv.Atoi(f.Get("to_year"))
	n, err := h.set.Points.CopyCatalogue(r.Context(), actor(r), orgID, from, to)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			if _, ok := e.Fields["year"]; ok {
				e = &domain.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{"to_year": e.Fields["year"]}}
			}
			f.setError(h.page(r, ""), e, "to_year")
			h.renderCatalogue(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/catalogue?"+url.Values{"org_id": {itoa64(orgID)}, "year": {strconv.Itoa(to)}, "copied": {strconv.Itoa(n)}}.Encode())
}
