package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

type fundReportData struct {
	FundsPage
	Orgs        []Option
	OrgID       int64
	Year        int
	Years       []int
	Report      *funds.ReportView
	IncomePie   map[string]any
	SpendingPie map[string]any
	Monthly     map[string]any
	Manage      bool
	Publish     bool // may publish, and it is not yet
	Today       string
}

// showFundReport is an organisation's yearly report (年度收支报告): the totals with the
// balance carried forward, a pie of income by source, one of spending by purpose, the
// month-by-month chart and table, the voluntary payments to remit (with the remittance
// button), and the publication. Who: readers of the organisation.
func (h *handler) showFundReport(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	if len(a.Scopes(auth.FundsRead)) == 0 {
		h.fail(w, r, domain.Forbidden())
		return
	}
	q := r.URL.Query()
	p := FundsPage{h.page(r, "web.funds.report_title")}
	d := &fundReportData{FundsPage: p, Year: yearParam(q.Get("year"), thisYear()), Today: today()}
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
	o, err := h.set.Orgs.Get(ctx, a, d.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Manage = a.Can(auth.FundsManage, o.Path)
	d.Publish = !d.Report.Published && a.Can(auth.FundsApprove, o.Path) && d.Year <= thisYear()
	d.IncomePie = p.fundsPie(domain.FundIncome, d.Report.Income)
	d.SpendingPie = p.fundsPie(domain.FundSpending, d.Report.Spending)
	d.Monthly = p.fundsMonthly(d.Report.Months)
	h.html(w, r, http.StatusOK, "funds_report", d)
}
