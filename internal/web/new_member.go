package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// memberFormData is the new-member page (and the edit form of the member page).
type memberFormData struct {
	*Page
	Form     *Form
	Branches []Option // branches the user may add members to
	Groups   []Option
}

func (h *handler) newMember(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "standing": {domain.StandingNormal}})
	h.renderNewMember(w, r, http.StatusOK, f)
}

func (h *handler) renderNewMember(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	d := &memberFormData{Page: h.page(r, "web.member.new_title"), Form: f}
	var err error
	if d.Branches, d.Groups, err = h.memberOrgOptions(r, a); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "member_new", d)
}

// memberOrgOptions are the branches and groups a member may be placed in by this user.
func (h *handler) memberOrgOptions(r *http.Request, a *auth.Actor) ([]Option, []Option, error) {
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, nil, err
	}
	writable := func(o *domain.Org) bool { return a.Can(auth.MemberWrite, o.Path) }
	branches := orgOptions(outline, func(o *domain.Org, _ int) bool { return o.Type.IsBranch() && writable(o) })
	return branches, groupOptions(outline, writable), nil
}
