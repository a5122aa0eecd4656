package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

type fundEntryData struct {
	FundsPage
	Entry  *domain.FundEntry
	Form   *Form
	Manage bool // may attach, reverse, remit
	Decide bool // may approve or return (a submitted request filed by someone else)
	Today  string
}

// showFundEntry is one entry with its files, and what may be done with it: approve or return
// a request, attach a file, reverse it, record its remittance upward. Who: readers.
func (h *handler) showFundEntry(w http.ResponseWriter, r *http.Request) {
	h.renderFundEntry(w, r, http.StatusOK, newForm(nil))
}

func (h *handler) renderFundEntry(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	e, err := h.set.Funds.Get(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.set.Orgs.Get(r.Context(), a, e.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &fundEntryData{FundsPage: FundsPage{h.page(r, "web.funds.entry_title")}, Entry: e, Form: f, Today: today(),
		Manage: a.Can(auth.FundsManage, o.Path)}
	d.Decide = e.Status == domain.FundSubmitted && a.Can(auth.FundsApprove, o.Path) && (a.System || e.CreatedBy != a.UserID())
	h.html(w, r, status, "funds_entry", d)
}
