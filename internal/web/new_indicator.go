package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// indicatorFormData is the form of a catalogue item: new, or an edit of the current version
// beside the item's versions.
type indicatorFormData struct {
	*Page
	Form       *Form
	Org        *domain.Org
	Indicator  *domain.Indicator  // the version edited; nil for a new item
	Versions   []domain.Indicator // every version of the item, oldest first
	Categories []Option
	CanEdit    bool
	Saved      bool
}

func (h *handler) newIndicator(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{"org_id": {q.Get("org_id")}, "year": {strconv.Itoa(yearParam(q.Get("year"), thisYear()))},
		"subject": {domain.SubjectMember}, "unit": {domain.UnitCount}, "category": {domain.CategoryActivity},
		"needs_approval": {"1"}}
	h.renderNewIndicator(w, r, http.StatusOK, newForm(v))
}

func (h *handler) renderNewIndicator(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	ctx, a := r.Context(), actor(r)
	o, err := h.set.Orgs.Get(ctx, a, queryID(f.Get("org_id")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !a.Can(auth.PointsCatalogue, o.Path) {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	items, err := h.set.Points.Catalogue(ctx, a, points.CatalogueFilter{OrgID: o.ID, Year: yearParam(f.Get("year"), thisYear())})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &indicatorFormData{Page: h.page(r, "web.catalogue.new_title"), Form: f, Org: &o.Org, CanEdit: true}
	d.Categories = categoryOptions(d.Page, items, f.Get("category"))
	h.html(w, r, status, "indicator", d)
}
