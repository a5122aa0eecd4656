package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// showUser is the edit form of an account the user manages.
func (h *handler) showUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	u, err := h.set.Accounts.Get(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := url.Values{"username": {u.Username}, "display_name": {u.DisplayName}}
	if u.Disabled {
		v.Set("disabled", "1")
	}
	for _, g := range u.Grants {
		v.Add("grant_role", g.Role)
		v.Add("grant_org", strconv.FormatInt(g.OrgID, 10))
	}
	h.renderUser(w, r, http.StatusOK, u, newForm(v))
}
