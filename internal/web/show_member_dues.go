package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// memberDuesData is a member's dues: the profile in force with its monthly amount, the history,
// the form to set a new one (for dues managers), and the member's hardship applications.
type memberDuesData struct {
	duesPage
	Member    *domain.Member
	View      *dues.ProfileView
	Hardships []domain.DuesHardship
	Bills     []domain.DuesBill
	CanManage bool
	CanApply  bool
	Saved     bool
	SaveTo    string // where saving the profile comes back to
	Form      *Form
}

// showMemberDues is the dues section of a member's page (htmx loads it into the member page)
// or, asked directly, a page of its own.
func (h *handler) showMemberDues(w http.ResponseWriter, r *http.Request) {
	h.renderMemberDues(w, r, http.StatusOK, nil)
}

func (h *handler) renderMemberDues(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	v, err := h.set.Dues.Profile(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.set.Members.Get(ctx, a, id, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &memberDuesData{duesPage: duesPage{h.page(r, "web.dues.member.title", m.Name)}, Member: m, View: v,
		CanManage: a.Can("dues.manage", m.OrgPath), Form: f, Saved: r.URL.Query().Get("saved") == "1"}
	d.CanApply = d.CanManage || (a.MemberID() != 0 && a.MemberID() == m.ID)
	if d.Form == nil {
		vals := url.Values{"from_month": {thisDuesMonth()}, "category": {string(domain.DuesInService)}}
		if c := v.Current; c != nil {
			vals.Set("category", string(c.Category))
			vals.Set("base", duesYuanInput(c.BaseFen))
		}
		d.Form = newForm(vals)
	}
	if d.Hardships, _, err = h.set.Dues.Hardships(ctx, a, dues.HardshipFilter{MemberID: id, Limit: 20}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Bills, _, err = h.set.Dues.Bills(ctx, a, dues.BillFilter{MemberID: id, Limit: 500}); err != nil {
		h.fail(w, r, err)
		return
	}
	// Latest months first, a year of them.
	for i, j := 0, len(d.Bills)-1; i < j; i, j = i+1, j-1 {
		d.Bills[i], d.Bills[j] = d.Bills[j], d.Bills[i]
	}
	if len(d.Bills) > 12 {
		d.Bills = d.Bills[:12]
	}
	d.SaveTo = "/members/" + itoa64(id) + "/dues?saved=1"
	if isHTMX(r) && f == nil {
		d.SaveTo = "/members/" + itoa64(id) + "?saved=1#dues"
		h.fragment(w, r, status, "member_dues", "member_dues_section", d)
		return
	}
	h.html(w, r, status, "member_dues", d)
}
