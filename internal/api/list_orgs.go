package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/org"
)

var orgTypeNames = func() []string {
	out := make([]string, len(domain.OrgTypes))
	for i, t := range domain.OrgTypes {
		out[i] = string(t)
	}
	return out
}()

// listOrgs lists the organisations in the caller's read scope, id order:
// ?parent_id=&type=&q=&limit=&cursor=.
func (h *handler) listOrgs(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := org.Filter{ParentID: p.id("parent_id"), Type: domain.OrgType(p.choice("type", orgTypeNames)), Query: p.text("q"),
		AfterID: p.cursor(), Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	views, err := h.set.Orgs.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	views, more := trimPage(views, limit)
	next := ""
	if more {
		next = encodeCursor(views[len(views)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(orgViews(views), next))
	return nil
}
