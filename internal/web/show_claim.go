package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// claimData is one claim with its evidence; an approver in scope decides it here.
type claimData struct {
	*Page
	Claim     *domain.Claim
	CanDecide bool
	Saved     bool
	Form      *Form // the reject form
}

func (h *handler) showClaim(w http.ResponseWriter, r *http.Request) {
	h.renderClaim(w, r, http.StatusOK, newForm(url.Values{}))
}

func (h *handler) renderClaim(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	c, err := h.set.Points.GetClaim(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &claimData{Page: h.page(r, "web.claims.title"), Claim: c, Form: f, Saved: r.URL.Query().Get("saved") != ""}
	// Showing the buttons is a courtesy; the service decides (never one's own claim).
	own := (c.SubjectType == domain.SubjectMember && c.SubjectID == a.MemberID()) || c.ClaimedBy == a.UserID()
	approverPath := c.OrgPath
	if c.SubjectType == domain.SubjectOrg {
		approverPath = parentPath(c.OrgPath)
	}
	d.CanDecide = c.Status == domain.ClaimPending && !own && a.Can(auth.PointsApprove, approverPath)
	h.html(w, r, status, "claim", d)
}
