package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

type fundsLedgerData struct {
	FundsPage
	Orgs      []Option
	OrgID     int64
	Year      int
	Years     []int
	Query     *Form
	Report    *funds.ReportView
	Entries   []domain.FundEntry
	Kinds     []Option
	Statuses  []Option
	Manage    bool
	Approve   bool
	Approvals int
	Booked    []funds.DuesMonth // what "book the dues collected" just did
}

// listFundEntries is an organisation's fund ledger for a year (经费台账): the year's totals,
// the entries newest first with filters by kind and status, and the actions of who manages
// the pool. Who: readers of the organisation.
func (h *handler) listFundEntries(w http.ResponseWriter, r *http.Request) {
	h.renderFundLedger(w, r, nil)
}

func (h *handler) renderFundLedger(w http.ResponseWriter, r *http.Request, booked []funds.DuesMonth) {
	ctx, a := r.Context(), actor(r)
	if len(a.Scopes(auth.FundsRead)) == 0 {
		h.fail(w, r, domain.Forbidden())
		return
	}
	q := r.URL.Query()
	p := FundsPage{h.page(r, "web.funds.ledger_title")}
	d := &fundsLedgerData{FundsPage: p, Year: yearParam(q.Get("year"), thisYear()), Query: newForm(q), Booked: booked,
		Kinds: p.Choices("funds.kind.", domain.FundKinds), Statuses: p.Choices("funds.status.", domain.FundStatuses)}
	d.Years = recentYears(d.Year)
	var err error
	if d.Orgs, err = h.fundOrgOptions(r, auth.FundsRead, queryID(q.Get("org_id"))); err != nil {
		h.fail(w, r, err)
		return
	}
	d.OrgID = pickOrg(r, d.Orgs)
	if d.Report, err = h.set.Funds.Report(ctx, a, d.OrgID, d.Year); err != nil {
		h.fail(w, r, err)
		return
	}
	kind := q.Get("kind")
	if !domain.Contains(domain.FundKinds, kind) {
		kind = ""
	}
	status := q.Get("status")
	if !domain.Contains(domain.FundStatuses, status) {
		status = ""
	}
	if d.Entries, err = h.set.Funds.List(ctx, a, funds.ListFilter{OrgID: d.OrgID, Year: d.Year, Kind: kind, Status: status, Limit: 500}); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.set.Orgs.Get(ctx, a, d.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Manage, d.Approve = a.Can(auth.FundsManage, o.Path), a.Can(auth.FundsApprove, o.Path)
	if d.Approve {
		if list, err := h.set.Funds.Approvals(ctx, a, 500); err == nil {
			d.Approvals = len(list)
		}
	}
	h.html(w, r, http.StatusOK, "funds_ledger", d)
}
