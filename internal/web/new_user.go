package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// userData is the account form, for a new account (User nil) or an existing one.
type userData struct {
	*Page
	User   *domain.User
	Form   *Form
	Grants []grantRow
	Orgs   []Option // organisations the user may grant roles over
	Saved  bool
}

// grantRow is one role-and-organisation line of the grants table.
type grantRow struct{ Role, OrgID string }

// blankGrantRows are the empty lines offered for new grants; more can be added after saving.
const blankGrantRows = 2

func (h *handler) newUser(w http.ResponseWriter, r *http.Request) {
	h.renderUser(w, r, http.StatusOK, nil, newForm(url.Values{}))
}

// renderUser shows the account form with its grant rows taken from the form values.
func (h *handler) renderUser(w http.ResponseWriter, r *http.Request, status int, u *domain.User, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.UserManage)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	title := "web.user.new_title"
	if u != nil {
		title = "web.user.edit_title"
	}
	d := &userData{Page: h.page(r, title), User: u, Form: f,
		Saved: r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	roles, orgs := f.Values["grant_role"], f.Values["grant_org"]
	for i, role := range roles {
		row := grantRow{Role: role}
		if i < len(orgs) {
			row.OrgID = orgs[i]
		}
		d.Grants = append(d.Grants, row)
	}
	for range blankGrantRows {
		d.Grants = append(d.Grants, grantRow{})
	}
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Orgs = orgOptions(outline, func(o *domain.Org, _ int) bool { return a.Can(auth.UserManage, o.Path) })
	h.html(w, r, status, "user", d)
}
