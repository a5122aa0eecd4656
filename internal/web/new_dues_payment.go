package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/org"
)

// duesRecordData is the branch's page for recording cash or transfer payments: the unpaid
// bills of an organisation (one month or all), to tick and record at once.
type duesRecordData struct {
	duesView
	OrgID    int64
	OrgName  string
	Month    string
	Bills    []duespay.Bill
	Form     *Form
	Key      string
	Error    string
	Recorded int64 // the payment just recorded (?recorded=)
}

// newDuesPayment shows the record page: ?org_id= (default the caller's first organisation
// where they manage dues), ?month= (default every month), ?recorded= after a payment.
func (h *handler) newDuesPayment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	recorded, _ := strconv.ParseInt(q.Get("recorded"), 10, 64)
	h.renderDuesRecord(w, r, http.StatusOK, q.Get("org_id"), q.Get("month"), newForm(nil), "", recorded)
}

func (h *handler) renderDuesRecord(w http.ResponseWriter, r *http.Request, status int, orgParam, month string, f *Form, errMsg string, recorded int64) {
	ctx, a := r.Context(), actor(r)
	d := &duesRecordData{duesView: duesView{h.page(r, "web.duespay.record.title")}, Month: strings.TrimSpace(month),
		Form: f, Key: duesFormKey(), Error: errMsg, Recorded: recorded}
	d.OrgID, _ = strconv.ParseInt(strings.TrimSpace(orgParam), 10, 64)
	if d.OrgID == 0 {
		scopes := a.Scopes(auth.DuesManage)
		if len(scopes) == 0 {
			h.fail(w, r, domain.Forbidden())
			return
		}
		ids := domain.PathIDs(scopes[0])
		if len(ids) == 0 { // the whole tree (an admin): its root organisation
			if roots, err := h.set.Orgs.List(ctx, a, org.Filter{Limit: 1}); err == nil && len(roots) > 0 {
				d.OrgID = roots[0].ID
			}
		} else {
			d.OrgID = ids[len(ids)-1]
		}
	}
	bills, err := h.set.DuesPay.UnpaidBills(ctx, a, d.OrgID, d.Month)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Bills = bills
	if o, err := h.set.Orgs.Get(ctx, a, d.OrgID); err == nil {
		d.OrgName = o.Name
	}
	h.html(w, r, status, "dues_record", d)
}
