package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

type fundEntryFormData struct {
	FundsPage
	Form       *Form
	Kind       string
	Orgs       []Option
	Categories []domain.FundCategory
	Threshold  int64
}

// newFundEntry is the form for income (?kind=income) or a spending request (?kind=spending)
// of an organisation, with its invoices and photos. Who: funds.manage.
func (h *handler) newFundEntry(w http.ResponseWriter, r *http.Request) {
	f := newForm(nil)
	q := r.URL.Query()
	f.Values.Set("kind", q.Get("kind"))
	f.Values.Set("org_id", q.Get("org_id"))
	f.Values.Set("date", today())
	f.Values.Set("idempotency_key", newFormKey())
	h.renderFundEntryForm(w, r, http.StatusOK, f)
}

func (h *handler) renderFundEntryForm(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	kind := f.Get("kind")
	if kind != domain.FundSpending {
		kind = domain.FundIncome
	}
	title := "web.funds.new_income"
	if kind == domain.FundSpending {
		title = "web.funds.new_spending"
	}
	d := &fundEntryFormData{FundsPage: FundsPage{h.page(r, title)}, Form: f, Kind: kind}
	var err error
	if d.Orgs, err = h.fundOrgOptions(r, auth.FundsManage, queryID(f.Get("org_id"))); err != nil {
		h.fail(w, r, err)
		return
	}
	if len(d.Orgs) == 0 {
		h.fail(w, r, domain.Forbidden())
		return
	}
	orgID := queryID(f.Get("org_id"))
	if orgID == 0 {
		orgID = queryID(d.Orgs[0].Value)
		f.Values.Set("org_id", strconv.FormatInt(orgID, 10))
	}
	rules, err := h.set.Funds.Rules(r.Context(), a, orgID, domain.Date{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Categories, d.Threshold = rules.Purposes, rules.Remit.ThresholdFen
	if kind == domain.FundIncome {
		d.Categories = rules.Sources
	}
	h.html(w, r, status, "funds_entry_new", d)
}
