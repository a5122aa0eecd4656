package web

import (
	"net/http"

	"dangjian/internal/account"
	"dangjian/internal/domain"
)

var userFields = []string{"username", "password", "display_name", "disabled", "grants", "member_id"}

// grantInputs reads the grant rows; a row without a role is an unused blank line.
func grantInputs(f *Form) *[]account.GrantInput {
	roles, orgs := f.Values["grant_role"], f.Values["grant_org"]
	out := []account.GrantInput{}
	for i, role := range roles {
		if role == "" {
			continue
		}
		g := account.GrantInput{Role: role}
		if i < len(orgs) {
			g.OrgID = queryID(orgs[i])
		}
		out = append(out, g)
	}
	return &out
}

// createUser adds an account with its grants.
func (h *handler) createUser(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := account.Input{Username: f.strAlways("username"), Password: f.str("password"),
		DisplayName: f.str("display_name"), Grants: grantInputs(f)}
	f.Values.Del("password")
	u, err := h.set.Accounts.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, userFields...)
			h.renderUser(w, r, status, nil, f)
		})
		return
	}
	h.redirect(w, r, "/users/"+itoa64(u.ID)+"?saved=1")
}
