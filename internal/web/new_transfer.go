package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/org"
)

// transferFormData is the page that transfers a member out: to a branch in the system, or
// to an organisation outside it with the letter's data.
type transferFormData struct {
	*Page
	Member *domain.Member
	Form   *Form
	// The receiving branch is found by name in the organisation directory: transfers
	// mostly go under other committees, which the sender cannot read, so no picker of
	// readable branches would hold them.
	Destinations []org.DirectoryEntry
	Searched     bool // a search ran (an empty result then says "no match")
}

// destinationsTarget is the element the search box swaps with htmx; without JavaScript the
// search button reloads the whole form (a GET carrying every field) with the results.
const destinationsTarget = "destinations"

// transferQueryFields come back from a search reload, so nothing typed is lost.
var transferQueryFields = append([]string{"member_id", "destination", "to_org_q"}, transferFields...)

func (h *handler) newTransfer(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{"destination": {"system"}, "issued_on": {today()}, "valid_days": {"30"}}
	for _, k := range transferQueryFields {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	h.renderNewTransfer(w, r, http.StatusOK, newForm(v))
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
	d := &transferFormData{Page: h.page(r, "web.transfer.new_title"), Member: m, Form: f}
	if query := f.Get("to_org_q"); query != "" {
		found, err := h.set.Orgs.Directory(ctx, a, query, org.DirectoryLimit)
		if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
			f.setError(d.Page, e, "to_org_q")
			err = nil
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Searched = true
		for _, x := range found {
			if x.ID != m.OrgID { // the member's own branch is no destination
				d.Destinations = append(d.Destinations, x)
			}
		}
	}
	if wantsFragment(r, destinationsTarget) {
		h.fragment(w, r, status, "transfer_new", "transfer_destinations", d)
		return
	}
	h.html(w, r, status, "transfer_new", d)
}
