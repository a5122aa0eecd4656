package web

import (
	"net/http"
	"net/url"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// duesHardshipListData is the hardship page: what waits for the caller's decision, then the
// applications the caller sees.
type duesHardshipListData struct {
	duesPage
	Pending  []domain.DuesHardship
	Items    []domain.DuesHardship
	Status   string
	Statuses []Option
	NextURL  string
	CanApply bool // a member applies for themself
}

// listDuesHardship shows the applications: ?status=&cursor=.
func (h *handler) listDuesHardship(w http.ResponseWriter, r *http.Request) {
	ctx, a, q := r.Context(), actor(r), r.URL.Query()
	d := &duesHardshipListData{duesPage: duesPage{h.page(r, "web.dues.hardship.list_title")}, CanApply: a.MemberID() != 0}
	d.Statuses = d.Choices("dues.hardship_status.", domain.HardshipStatuses)
	if s := q.Get("status"); slices.Contains(domain.HardshipStatuses, s) {
		d.Status = s
	}
	var err error
	if len(a.Scopes(auth.DuesManage)) > 0 || len(a.Scopes(auth.DuesApprove)) > 0 {
		if d.Pending, _, err = h.set.Dues.Hardships(ctx, a, dues.HardshipFilter{Pending: true, Limit: 200}); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	items, next, err := h.set.Dues.Hardships(ctx, a, dues.HardshipFilter{Status: d.Status, AfterID: queryID(q.Get("cursor")), Limit: 50})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Items = items
	if next != 0 {
		v := url.Values{"cursor": {itoa64(next)}}
		if d.Status != "" {
			v.Set("status", d.Status)
		}
		d.NextURL = "/dues/hardship?" + v.Encode()
	}
	h.html(w, r, http.StatusOK, "dues_hardship_list", d)
}
