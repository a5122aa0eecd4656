package api

import (
	"net/http"
)

// listMemberStandingChanges returns one member's standing changes and lost-contact flags,
// newest recorded first: ?limit=&cursor=.
func (h *handler) listMemberStandingChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	p := queryParams(r)
	limit, before := p.limit(), p.cursor()
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Members.MemberStandingChanges(r.Context(), actor(r), id, before, fetchSize(limit))
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	items := make([]standingChangeJSON, len(list))
	for i, c := range list {
		items[i] = standingChangeJSON{ID: jsonID(c.ID), MemberID: jsonID(c.MemberID), MemberName: c.MemberName,
			OrgID: jsonID(c.OrgID), OrgName: c.OrgName, Change: c.Action, FromStanding: c.FromStanding,
			ToStanding: c.ToStanding, On: c.EffectiveOn, Reason: c.Reason, Actor: c.Actor}
	}
	next := ""
	if more {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}
