package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
)

// orgForms are the three forms of the organisation page; a rejected one comes back with
// its errors, the others fresh.
type orgForms struct {
	Edit, Child, Move *Form
}

// orgData is the organisation page.
type orgData struct {
	*Page
	Org           *org.View
	Parent        *org.View // nil at the top of the caller's scope
	Children      []org.View
	Members       *member.ListResult
	Forms         orgForms
	Parents       []Option // where it may move to
	CanEdit       bool
	CanAdd        bool // create a child
	CanMove       bool
	CanAddMember  bool
	CanImport     bool
	Saved         bool
	Birthdays     []member.Birthday // political birthdays this month (readers of members)
	BirthdaysMore int
	Month         string
}

// birthdaysShown keeps the organisation page short in a large region.
const birthdaysShown = 30

// orgMembersShown is how many members the organisation page lists before linking to the
// full, filtered member list.
const orgMembersShown = 20

func (h *handler) showOrg(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderOrg(w, r, id, http.StatusOK, orgForms{})
}

// renderOrg shows an organisation with whichever forms the user's grants open.
func (h *handler) renderOrg(w http.ResponseWriter, r *http.Request, id int64, status int, forms orgForms) {
	ctx, a := r.Context(), actor(r)
	o, err := h.set.Orgs.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &orgData{Page: h.page(r, ""), Org: o, Forms: forms,
		CanEdit: a.Can(auth.OrgUpdate, o.Path), CanAdd: a.Can(auth.OrgCreate, o.Path),
		CanAddMember: o.Type.IsBranch() && a.Can(auth.MemberWrite, o.Path),
		Saved:        r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	d.Page.Title = o.Name
	if o.ParentID != 0 && a.Can(auth.OrgRead, parentPath(o.Path)) {
		if d.Parent, err = h.set.Orgs.Get(ctx, a, o.ParentID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Children, err = h.set.Orgs.List(ctx, a, org.Filter{ParentID: o.ID, Limit: 500}); err != nil {
		h.fail(w, r, err)
		return
	}
	if a.Can(auth.MemberRead, o.Path) {
		if d.Members, err = h.set.Members.List(ctx, a, member.Filter{OrgID: o.ID, Limit: orgMembersShown}, true); err != nil {
			h.fail(w, r, err)
			return
		}
		d.Month = thisMonth()
		if d.Birthdays, err = h.set.Members.PoliticalBirthdays(ctx, a, o.ID, d.Month); err != nil {
			h.fail(w, r, err)
			return
		}
		if len(d.Birthdays) > birthdaysShown {
			d.BirthdaysMore = len(d.Birthdays) - birthdaysShown
			d.Birthdays = d.Birthdays[:birthdaysShown]
		}
	}
	d.CanImport = o.Type != domain.OrgGroup && a.Can(auth.MemberWrite, o.Path)
	// Moving needs the organisation's parent and the new parent in the user's create
	// scope; the service checks, the page only avoids offering what cannot work.
	d.CanMove = d.CanAdd && o.ParentID != 0 && (a.IsAdmin() || a.Can(auth.OrgCreate, parentPath(o.Path)))
	if d.CanMove {
		outline, err := h.set.Orgs.Outline(ctx, a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Parents = orgOptions(outline, func(p *domain.Org, _ int) bool {
			return p.ID != o.ParentID && !isUnder(p.Path, o.Path) && o.Type.CanParent(p.Type) && a.Can(auth.OrgCreate, p.Path)
		})
	}
	if d.Forms.Edit == nil {
		d.Forms.Edit = orgEditForm(o)
	}
	if d.Forms.Child == nil {
		d.Forms.Child = newForm(url.Values{"parent_id": {itoa64(o.ID)}})
	}
	if d.Forms.Move == nil {
		d.Forms.Move = newForm(nil)
	}
	h.html(w, r, status, "org", d)
}

// orgEditForm fills the edit form with an organisation's current values.
func orgEditForm(o *org.View) *Form {
	return newForm(url.Values{
		"name": {o.Name}, "type": {string(o.Type)}, "code": {o.Code}, "unit_name": {o.UnitName},
		"unit_credit_code": {o.UnitCreditCode}, "established_on": {o.EstablishedOn.String()},
		"term_started_on": {o.TermStartedOn.String()}, "term_ends_on": {o.TermEndsOn.String()},
		"demonstration_level": {o.DemonstrationLevel},
	})
}

// parentPath is the materialised path one level up ("/1/7/" → "/1/").
func parentPath(path string) string {
	p := path
	if len(p) > 1 {
		p = p[:len(p)-1]
	}
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i+1]
		}
	}
	return "/"
}

func isUnder(path, root string) bool { return len(path) >= len(root) && path[:len(root)] == root }
