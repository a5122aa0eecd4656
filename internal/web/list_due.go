package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// dueData is "what is due this month" in an organisation's subtree.
type dueData struct {
	*Page
	Query *Form
	Org   int64
	Month string
	Items []development.DueItem
	Orgs  []Option
}

func (h *handler) listDue(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	month := q.Get("month")
	if month == "" {
		month = thisMonth()
	}
	orgID := queryID(q.Get("org_id"))
	if orgID == 0 {
		// The top of the user's scope: the whole of what they oversee.
		outline, err := h.set.Orgs.Outline(ctx, a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, o := range outline {
			if a.Can(auth.MemberRead, o.Path) && o.Type != domain.OrgGroup {
				orgID = o.ID
				break
			}
		}
	}
	d := &dueData{Page: h.page(r, "web.due.title"), Org: orgID, Month: month}
	d.Query = newForm(q)
	d.Query.Values.Set("month", month)
	d.Query.Values.Set("org_id", itoa64(orgID))
	if orgID == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	status := http.StatusOK
	items, err := h.set.Development.Due(ctx, a, orgID, month)
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
			d.Query.setError(d.Page, e, "month")
			status = http.StatusUnprocessableEntity
		} else {
			h.fail(w, r, err)
			return
		}
	}
	d.Items = items
	if d.Orgs, err = h.readableOrgOptions(r, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "due", d)
}
