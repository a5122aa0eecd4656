package api

import "net/http"

// listUsers lists the accounts the caller may manage, id order: ?q=&limit=&cursor=.
// A page may hold fewer than limit users while next_cursor still points further on: accounts
// the caller cannot manage are left out after the fetch.
func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	q, limit, after := p.text("q"), p.limit(), p.cursor()
	if err := p.err(); err != nil {
		return err
	}
	users, next, err := h.set.Accounts.ListPage(r.Context(), actor(r), q, after, limit)
	if err != nil {
		return err
	}
	items := make([]userJSON, len(users))
	for i, u := range users {
		items[i] = userView(u)
	}
	writeJSON(w, http.StatusOK, newList(items, encodeCursor(next)))
	return nil
}
