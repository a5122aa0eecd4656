package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// showIndicator shows an item's version with its history of versions, and the edit form
// to whoever edits the owner's catalogue (only the current version can change).
func (h *handler) showIndicator(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ind, err := h.set.Points.Indicator(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(indicatorValues(ind))
	h.renderIndicator(w, r, http.StatusOK, ind, f)
}

func (h *handler) renderIndicator(w http.ResponseWriter, r *http.Request, status int, ind *domain.Indicator, f *Form) {
	ctx, a := r.Context(), actor(r)
	versions, err := h.set.Points.Versions(ctx, a, ind.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &indicatorFormData{Page: h.page(r, "web.catalogue.item_title", ind.Name), Form: f, Indicator: ind, Versions: versions,
		Org:     &domain.Org{ID: ind.OrgID, Name: ind.OrgName, Path: ind.OrgPath},
		CanEdit: a.Can(auth.PointsCatalogue, ind.OrgPath) && ind.ValidTo.IsZero(), Saved: r.URL.Query().Get("saved") != ""}
	items, err := h.set.Points.Catalogue(ctx, a, points.CatalogueFilter{OrgID: ind.OrgID, Year: ind.Year, OwnOnly: true})
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		h.fail(w, r, err)
		return
	}
	d.Categories = categoryOptions(d.Page, items, f.Get("category"))
	h.html(w, r, status, "indicator", d)
}
