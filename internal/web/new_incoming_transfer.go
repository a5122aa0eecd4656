package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// incomingFormData is the page that takes in a member whose letter came from an
// organisation outside the system: the member's particulars and the letter.
type incomingFormData struct {
	*Page
	Form     *Form
	Branches []Option
	Groups   []Option
}

func (h *handler) newIncomingTransfer(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "standing": {domain.StandingNormal},
		"reported_on": {today()}, "valid_days": {"30"}})
	h.renderIncomingTransfer(w, r, http.StatusOK, f)
}

func (h *handler) renderIncomingTransfer(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	d := &incomingFormData{Page: h.page(r, "web.transfer.incoming_title"), Form: f}
	var err error
	if d.Branches, d.Groups, err = h.memberOrgOptions(r, a); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "transfer_incoming", d)
}
