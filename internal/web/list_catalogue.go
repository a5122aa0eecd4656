package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// catalogueData is an organisation's effective "1 + X" catalogue of a year (积分指标): the
// items inherited from above, read-only here, and its own, which its officers edit.
type catalogueData struct {
	*Page
	Query    *Form
	Orgs     []Option
	Years    []int
	OrgID    int64
	Year     int
	Items    []domain.Indicator
	CanEdit  bool // the caller edits this organisation's catalogue
	CanAward bool
	Copied   string // how many items a copy brought over
	CopyForm *Form
}

func (h *handler) listCatalogue(w http.ResponseWriter, r *http.Request) {
	h.renderCatalogue(w, r, http.StatusOK, nil)
}

func (h *handler) renderCatalogue(w http.ResponseWriter, r *http.Request, status int, copyForm *Form) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	orgID := queryID(q.Get("org_id"))
	if copyForm != nil {
		orgID = queryID(copyForm.Get("org_id"))
		q.Set("year", copyForm.Get("from_year"))
	}
	if orgID == 0 {
		var err error
		if orgID, err = h.firstScope(r, auth.PointsRead); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if orgID == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	o, err := h.set.Orgs.Get(ctx, a, orgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	year := yearParam(q.Get("year"), thisYear())
	q.Set("org_id", itoa64(orgID))
	q.Set("year", strconv.Itoa(year))
	d := &catalogueData{Page: h.page(r, "web.catalogue.title"), Query: newForm(q), Years: recentYears(year), OrgID: orgID, Year: year,
		CanEdit: a.Can(auth.PointsCatalogue, o.Path), CanAward: a.Can(auth.PointsAward, o.Path) || a.Can(auth.PointsAward, parentPath(o.Path)),
		Copied: q.Get("copied"), CopyForm: copyForm}
	if d.CopyForm == nil {
		d.CopyForm = newForm(url.Values{"to_year": {strconv.Itoa(year + 1)}})
	}
	if d.Items, err = h.set.Points.Catalogue(ctx, a, points.CatalogueFilter{OrgID: orgID, Year: year}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Orgs, err = h.scopeOrgOptions(r, auth.PointsRead, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "catalogue", d)
}
