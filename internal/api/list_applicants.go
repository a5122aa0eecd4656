package api

import (
	"net/http"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// applicantStatuses are the statuses an applicant can have.
var applicantStatuses = []string{domain.ApplicantActive, domain.ApplicantProbationary, domain.ApplicantFull,
	domain.ApplicantCancelled, domain.ApplicantWithdrawn}

// listApplicants lists applicants in the caller's scope, id order, without their steps:
// ?org_id=&status=&stage=&limit=&cursor=. org_id covers the organisation's subtree; status
// takes one value or several separated by commas. The stage (1–5) is computed from the
// records, so it filters each page after reading it: a page may hold fewer than limit items
// while next_cursor is present.
func (h *handler) listApplicants(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := development.Filter{OrgID: p.id("org_id"), Statuses: p.choices("status", applicantStatuses),
		AfterID: p.cursor(), Limit: p.limit()}
	stage := p.number("stage", 1, domain.DevStages)
	if err := p.err(); err != nil {
		return err
	}
	views, next, err := h.set.Development.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	items := make([]applicantJSON, 0, len(views))
	for _, v := range views {
		if stage == 0 || v.Stage == stage {
			items = append(items, applicantView(v))
		}
	}
	writeJSON(w, http.StatusOK, newList(items, encodeCursor(next)))
	return nil
}
