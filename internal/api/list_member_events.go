package api

import (
	"net/http"
)

// listMemberEvents returns a member's history, newest first: ?limit=&cursor=.
func (h *handler) listMemberEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	p := queryParams(r)
	limit, before := p.limit(), p.cursor()
	if err := p.err(); err != nil {
		return err
	}
	events, err := h.set.Members.Events(r.Context(), actor(r), id, before, fetchSize(limit))
	if err != nil {
		return err
	}
	events, more := trimPage(events, limit)
	items := make([]memberEventJSON, len(events))
	for i := range events {
		items[i] = memberEventView(&events[i])
	}
	next := ""
	if more {
		next = encodeCursor(events[len(events)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}
