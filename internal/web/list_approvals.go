package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// approvalsData is the approval queue (审核): pending claims in the approver's scope, oldest
// first, with what each would earn and its evidence; decided singly or ticked in bulk.
type approvalsData struct {
	*Page
	Query    *Form
	Orgs     []Option
	Claims   []domain.Claim
	NextURL  string
	Form     *Form // the bulk form: reason, and the problems of a decision
	Decided  int
	Failures []bulkFailure
}

// bulkFailure is a claim a bulk decision could not decide, and why.
type bulkFailure struct {
	ID      int64
	Name    string
	Message string
}

// approvalsPage is one page of the queue.
const approvalsPage = 50

func (h *handler) listApprovals(w http.ResponseWriter, r *http.Request) {
	d := &approvalsData{Form: newForm(nil)}
	d.Decided, _ = strconv.Atoi(r.URL.Query().Get("decided"))
	h.renderApprovals(w, r, http.StatusOK, d)
}

func (h *handler) renderApprovals(w http.ResponseWriter, r *http.Request, status int, d *approvalsData) {
	ctx, a := r.Context(), actor(r)
	if len(a.Scopes(auth.PointsApprove)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	q := r.URL.Query()
	d.Page = h.page(r, "web.approvals.title")
	d.Query = newForm(q)
	orgID := queryID(q.Get("org_id"))
	list, err := h.set.Points.Claims(ctx, a, points.ClaimFilter{OrgID: orgID, Status: domain.ClaimPending,
		AfterID: queryID(q.Get("cursor")), Limit: approvalsPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(list) > approvalsPage {
		list = list[:approvalsPage]
		d.NextURL = listURL("/approvals", q, list[len(list)-1].ID, "org_id")
	}
	// The queue lists what the caller may decide: claims they only read (an auditor's, a
	// group leader's neighbours) and their own are not theirs to approve.
	for _, c := range list {
		path := c.OrgPath
		if c.SubjectType == domain.SubjectOrg {
			path = parentPath(path)
		}
		own := (c.SubjectType == domain.SubjectMember && c.SubjectID == a.MemberID()) || c.ClaimedBy == a.UserID()
		if a.Can(auth.PointsApprove, path) && !own {
			d.Claims = append(d.Claims, c)
		}
	}
	if d.Orgs, err = h.scopeOrgOptions(r, auth.PointsApprove, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "approvals", d)
}

// approvalsURL is where a decision returns: the queue with the same filter and a count.
func approvalsURL(f *Form, decided int) string {
	v := url.Values{}
	if o := f.Get("org_id"); o != "" {
		v.Set("org_id", o)
	}
	v.Set("decided", strconv.Itoa(decided))
	return "/approvals?" + v.Encode()
}
