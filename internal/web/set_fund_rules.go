package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// setFundRules sets an organisation's lists of sources and purposes from the first day of a
// month (form: org_id, from YYYY-MM, the lines of each list), through the same service method
// and audit as POST /api/v1/funds/rules. Codes of the items in force are fixed — entries keep
// the code they were booked to — so renaming changes the name shown from then on, and
// unticking retires an item for postings after that day. Who: funds.manage over the
// organisation (org admin, secretary).
func (h *handler) setFundRules(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	bad := map[string]string{}
	sources := ruleList(f, "src", true, bad)
	purposes := ruleList(f, "pur", false, bad)
	from := f.Get("from")
	if len(from) != 7 || domain.CheckMonth(from) != "" {
		bad["from"] = "err.month_yyyy_mm"
	}
	if len(bad) > 0 {
		h.refuseFundRules(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := funds.RulesInput{OrgID: queryID(f.Get("org_id")), ValidFrom: from + "-01", Sources: &sources, Purposes: &purposes}
	if _, err := h.set.Funds.SetRules(r.Context(), actor(r), in); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) { h.refuseFundRules(w, r, f, e) })
		return
	}
	h.redirect(w, r, "/funds/rules?"+url.Values{"org_id": {strconv.FormatInt(in.OrgID, 10)}, "on": {in.ValidFrom},
		"saved": {"1"}}.Encode())
}

// ruleList reads the lines of one list: kept items in force with their (new) names, and new
// items with a code; problems go to bad under the line's field.
func ruleList(f *Form, prefix string, shares bool, bad map[string]string) []domain.FundCategory {
	out := []domain.FundCategory{}
	for _, row := range postedRuleRows(f, prefix) {
		if row.New && row.Code == "" && row.Name == "" && row.Share == "" {
			continue // a blank line
		}
		if !row.New && !row.Keep {
			continue // retired from this month on
		}
		c := domain.FundCategory{Code: row.Code, Name: row.Name}
		if row.Code == "" {
			bad[prefix+"_code_"+strconv.Itoa(row.Index)] = "err.required"
		}
		if row.Share != "" {
			n, err := strconv.Atoi(row.Share)
			if err != nil || !shares || n < 0 || n > 100 {
				bad[prefix+"_share_"+strconv.Itoa(row.Index)] = "err.funds.share_percent"
			}
			c.SharePercent = n
		}
		out = append(out, c)
	}
	return out
}

// refuseFundRules shows the form again with the problems beside the fields: the service's
// valid_from is the month field, its sources and purposes the lists.
func (h *handler) refuseFundRules(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	if k, ok := e.Fields["valid_from"]; ok {
		e.Fields["from"] = k
		delete(e.Fields, "valid_from")
	}
	f.setError(h.page(r, ""), e)
	h.renderFundRules(w, r, statusOf(e.Code), f)
}
