package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// duesHardshipNewData is the application form.
type duesHardshipNewData struct {
	duesPage
	Member *domain.Member
	Kinds  []Option
	Form   *Form
}

// newDuesHardship shows the application form for ?member_id= (default: the caller's own
// member record).
func (h *handler) newDuesHardship(w http.ResponseWriter, r *http.Request) {
	month := thisDuesMonth()
	f := newForm(url.Values{"member_id": {r.URL.Query().Get("member_id")}, "kind": {domain.HardshipReduce},
		"from_month": {month}, "to_month": {domain.DuesMonthAdd(month, 5)}})
	h.renderDuesHardshipNew(w, r, http.StatusOK, f)
}

func (h *handler) renderDuesHardshipNew(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	id := queryID(f.Get("member_id"))
	if id == 0 {
		id = a.MemberID()
		f.Values.Set("member_id", itoa64(id))
	}
	if id == 0 {
		h.fail(w, r, domain.NotFound("member"))
		return
	}
	m, err := h.set.Members.Get(r.Context(), a, id, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &duesHardshipNewData{duesPage: duesPage{h.page(r, "web.dues.hardship.new_title", m.Name)}, Member: m, Form: f}
	d.Kinds = d.Choices("dues.hardship_kind.", domain.HardshipKinds)
	h.html(w, r, status, "dues_hardship_new", d)
}
