package web

import (
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/domain"
)

// usersData is the list of accounts the user manages.
type usersData struct {
	*Page
	Users   []*domain.User
	Query   string
	NextURL string
}

const usersPageSize = 50

func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	after := queryID(r.URL.Query().Get("after"))
	users, err := h.set.Accounts.List(r.Context(), actor(r), q, after, usersPageSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &usersData{Page: h.page(r, "web.users.title"), Users: users, Query: q}
	// The service drops accounts the caller may not manage from a page, so a short page is
	// not proof of the end; a full one certainly has more.
	if len(users) == usersPageSize {
		v := url.Values{"after": {itoa64(users[len(users)-1].ID)}}
		if q != "" {
			v.Set("q", q)
		}
		d.NextURL = "/users?" + v.Encode()
	}
	h.html(w, r, http.StatusOK, "users", d)
}
