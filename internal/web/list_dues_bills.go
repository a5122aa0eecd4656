package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// duesBillsPageSize is one page of the bills table.
const duesBillsPageSize = 100

// duesBillsData is the secretary's bills page (dues_bills.html): pick an organisation and a
// month, generate the month's bills, and see them with a status filter. The payments pages
// give each unpaid bill a checkbox and the "record a payment" bar (dues_pay_form).
type duesBillsData struct {
	duesPage
	Orgs        []Option
	OrgID       int64
	OrgName     string
	Month       string
	Status      string
	Statuses    []Option
	Bills       []domain.DuesBill
	Counts      map[string]int
	Total       int
	NextURL     string
	CanGenerate bool
	CanRecord   bool // the payments bar: dues managers, when there are unpaid bills on the page
	Generated   *dues.GenerateResult
	Recorded    string // the payment just recorded (?recorded=)
	Error       string
}

// Count is the number of the month's bills with a status.
func (d *duesBillsData) Count(status string) int { return d.Counts[status] }

// listDuesBills shows the bills page: ?org_id= (default the top of the caller's dues scope),
// ?month= (default this month), ?status=, ?cursor=.
func (h *handler) listDuesBills(w http.ResponseWriter, r *http.Request) {
	h.renderDuesBills(w, r, http.StatusOK, "")
}

func (h *handler) renderDuesBills(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	ctx, a, q := r.Context(), actor(r), r.URL.Query()
	d := &duesBillsData{duesPage: duesPage{h.page(r, "web.dues.bills.title")}, Month: monthParam(r, "month"),
		Error: errMsg, Recorded: q.Get("recorded")}
	if d.Month == "" {
		d.Month = thisDuesMonth()
	}
	if s := q.Get("status"); slices.Contains(domain.DuesBillStatuses, s) {
		d.Status = s
	}
	d.Statuses = d.Choices("dues.bill_status.", domain.DuesBillStatuses)
	d.OrgID = queryID(q.Get("org_id"))
	var err error
	if d.Orgs, err = h.duesOrgOptions(r, auth.DuesRead, d.OrgID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.OrgID == 0 {
		if len(d.Orgs) == 0 {
			h.fail(w, r, domain.NotFound("org"))
			return
		}
		d.OrgID = queryID(d.Orgs[0].Value)
	}
	o, err := h.set.Orgs.Get(ctx, a, d.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.OrgName = o.Name
	d.CanGenerate = a.Can(auth.DuesManage, o.Path)
	after := queryID(q.Get("cursor"))
	bills, next, err := h.set.Dues.Bills(ctx, a, dues.BillFilter{OrgID: d.OrgID, Month: d.Month, Status: d.Status,
		AfterID: after, Limit: duesBillsPageSize})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Bills = bills
	if d.Counts, err = h.set.Dues.BillCounts(ctx, a, d.OrgID, d.Month); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, n := range d.Counts {
		d.Total += n
	}
	if next != 0 {
		v := url.Values{"org_id": {itoa64(d.OrgID)}, "month": {d.Month}, "cursor": {strconv.FormatInt(next, 10)}}
		if d.Status != "" {
			v.Set("status", d.Status)
		}
		d.NextURL = "/dues/bills?" + v.Encode()
	}
	for _, b := range bills {
		if b.Status == domain.DuesUnpaid && a.Can(auth.DuesManage, b.OrgPath) {
			d.CanRecord = true
			break
		}
	}
	if q.Get("generated") == "1" {
		d.Generated = &dues.GenerateResult{}
		for k, dst := range map[string]*int{"members": &d.Generated.Members, "billed": &d.Generated.Billed,
			"existed": &d.Generated.Existed, "no_profile": &d.Generated.NoProfile, "not_due": &d.Generated.NotDue} {
			*dst, _ = strconv.Atoi(q.Get(k))
		}
	}
	h.html(w, r, status, "dues_bills", d)
}
