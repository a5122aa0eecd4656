package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

var claimStatuses = []string{domain.ClaimPending, domain.ClaimApproved, domain.ClaimRejected}

// listClaims lists claims in the caller's scope, oldest first — with status=pending, the
// approval queue: ?status=&org_id=&subject_type=&subject_id=&mine=1&limit=&cursor=.
// mine=1 keeps the caller's own claims (a member's list).
func (h *handler) listClaims(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := points.ClaimFilter{OrgID: p.id("org_id"), Status: p.choice("status", claimStatuses),
		SubjectType: p.choice("subject_type", subjectTypes), SubjectID: p.id("subject_id"), Mine: p.flag("mine"),
		AfterID: p.cursor(), Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Points.Claims(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(claimViews(list), next))
	return nil
}
