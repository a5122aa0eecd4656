package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// floatingListData is the out-flow and in-flow registers.
type floatingListData struct {
	*Page
	Query   *Form
	Items   []domain.Floating
	Orgs    []Option
	NextURL string
	IsFirst bool
	CanAdd  bool
}

func (h *handler) listFloating(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	dir := q.Get("direction")
	if dir != domain.FloatingIn {
		dir = domain.FloatingOut
	}
	q.Set("direction", dir)
	f := transfer.FloatingFilter{OrgID: queryID(q.Get("org_id")), Direction: dir, ActiveOnly: q.Get("ended") == "",
		OverdueOnly: q.Get("overdue") != "", AfterID: queryID(q.Get("cursor")), Limit: 50}
	items, next, err := h.set.Transfers.ListFloating(ctx, a, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &floatingListData{Page: h.page(r, "web.floating.title"), Query: newForm(q), Items: items, IsFirst: f.AfterID == 0,
		CanAdd: len(a.Scopes(auth.MemberWrite)) > 0}
	if next != 0 {
		d.NextURL = listURL("/floating", q, next, "org_id", "direction", "overdue", "ended")
	}
	if d.Orgs, err = h.readableOrgOptions(r, f.OrgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "floating_list", d)
}
