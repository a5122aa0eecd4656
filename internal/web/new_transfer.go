package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// transferFormData is the page that transfers a member out: to a branch in the system, or
// to an organisation outside it with the letter's data.
type transferFormData struct {
	*Page
	Member  *domain.Member
	Form    *Form
	Targets []Option // branches in the system the user can name
}

func (h *handler) newTransfer(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"member_id": {r.URL.Query().Get("member_id")}, "destination": {"system"},
		"issued_on": {today()}, "valid_days": {"30"}})
	h.renderNewTransfer(w, r, http.StatusOK, f)
}

func (h *handler) renderNewTransfer(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	ctx, a := r.Context(), actor(r)
	m, err := h.set.Members.Get(ctx, a, queryID(f.Get("member_id")), false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !a.Can(auth.MemberWrite, m.OrgPath) {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	outline, err := h.set.Orgs.Outline(ctx, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &transferFormData{Page: h.page(r, "web.transfer.new_title"), Member: m, Form: f,
		Targets: orgOptions(outline, func(o *domain.Org, _ int) bool { return o.Type.IsBranch() && o.ID != m.OrgID })}
	h.html(w, r, status, "transfer_new", d)
}
