package web

import (
	"net/http"
	"slices"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

type myFundsData struct {
	FundsPage
	Orgs        []Option // the member's organisations with a published report
	OrgID       int64
	Years       []int // published years of the chosen organisation
	Year        int
	Report      *funds.ReportView
	IncomePie   map[string]any
	SpendingPie map[string]any
}

// showMyFunds is the member's page of the published fund reports (经费公开) of the
// organisations they belong to — their branch and those above it — made for a phone: the
// totals, where the money came from and what it went to.
func (h *handler) showMyFunds(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	p := FundsPage{h.page(r, "web.funds.my_title")}
	d := &myFundsData{FundsPage: p}
	orgs, err := h.set.Funds.MemberOrgs(ctx, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	want := queryID(q.Get("org_id"))
	for _, o := range orgs {
		years, err := h.set.Funds.Published(ctx, a, o.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if len(years) == 0 {
			continue
		}
		d.Orgs = append(d.Orgs, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		if d.OrgID == 0 && (want == 0 || want == o.ID) {
			d.OrgID, d.Years = o.ID, years
		}
	}
	if d.OrgID == 0 {
		h.html(w, r, http.StatusOK, "my_funds", d)
		return
	}
	d.Year = yearParam(q.Get("year"), d.Years[0])
	if !slices.Contains(d.Years, d.Year) {
		d.Year = d.Years[0]
	}
	if d.Report, err = h.set.Funds.Report(ctx, a, d.OrgID, d.Year); err != nil {
		h.fail(w, r, err)
		return
	}
	d.IncomePie = p.fundsPie(domain.FundIncome, d.Report.Income)
	d.SpendingPie = p.fundsPie(domain.FundSpending, d.Report.Spending)
	h.html(w, r, http.StatusOK, "my_funds", d)
}
