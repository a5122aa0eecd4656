package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// floatingFormData registers a floating member: one of ours going elsewhere (out, from
// the member's page), or someone from elsewhere active in one of our branches (in).
type floatingFormData struct {
	*Page
	Form     *Form
	Member   *domain.Member // out
	Branches []Option       // in: the host branch
}

func (h *handler) newFloating(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := newForm(url.Values{"direction": {q.Get("direction")}, "member_id": {q.Get("member_id")},
		"org_id": {q.Get("org_id")}, "since": {today()}})
	h.renderNewFloating(w, r, http.StatusOK, f)
}

func (h *handler) renderNewFloating(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	ctx, a := r.Context(), actor(r)
	if f.Get("direction") != domain.FloatingOut {
		f.Values.Set("direction", domain.FloatingIn)
	}
	d := &floatingFormData{Page: h.page(r, "web.floating.new_"+f.Get("direction")), Form: f}
	if f.Get("direction") == domain.FloatingOut {
		m, err := h.set.Members.Get(ctx, a, queryID(f.Get("member_id")), false)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if !a.Can(auth.MemberWrite, m.OrgPath) {
			h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
			return
		}
		d.Member = m
	} else {
		if len(a.Scopes(auth.MemberWrite)) == 0 {
			h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
			return
		}
		var err error
		if d.Branches, err = h.writableBranches(r); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "floating_new", d)
}
