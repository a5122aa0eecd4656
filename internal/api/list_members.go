package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// listMembers lists members in the caller's scope, id order:
// ?org_id=&subtree=1&group_id=&q=&category=&standing=&left=&limit=&cursor=&reveal=1.
// Members who left the roster are listed with left=only (them alone) or left=include.
// q matches names, or an exact ID number or phone. reveal=1 shows the personal numbers
// (needs the right for every member on the page; the service audits it).
func (h *handler) listMembers(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := member.Filter{OrgID: p.id("org_id"), Subtree: p.flag("subtree"), GroupID: p.id("group_id"), Query: p.text("q"),
		Category: p.choice("category", domain.Categories), Standing: p.choice("standing", domain.Standings),
		Left: p.choice("left", leftFilters), AfterID: p.cursor(), Limit: p.limit(), Reveal: p.flag("reveal")}
	if err := p.err(); err != nil {
		return err
	}
	res, err := h.set.Members.List(r.Context(), actor(r), f, false)
	if err != nil {
		return err
	}
	items := make([]memberJSON, len(res.Items))
	for i := range res.Items {
		items[i] = memberView(&res.Items[i])
	}
	writeJSON(w, http.StatusOK, newList(items, encodeCursor(res.NextID)))
	return nil
}

// leftFilters are the values of ?left=: without it, the members on the roster.
var leftFilters = []string{domain.LeftOnly, domain.LeftInclude}
