package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// fundRuleRow is one line of the sources or purposes form: an item in force (its code fixed,
// the name editable, Keep unticked to retire it) or a blank line for a new item (New).
type fundRuleRow struct {
	Index int
	Code  string
	Name  string
	Share string
	Keep  bool
	New   bool
}

// fundRulesData is 经费来源与用途: the sources and purposes in force for an organisation on a
// day, and for fund managers the form that sets new lists from a month on.
type fundRulesData struct {
	FundsPage
	Orgs     []Option
	OrgID    int64
	On       string // YYYY-MM-DD
	Rules    funds.Rules
	Manage   bool
	Form     *Form
	Sources  []fundRuleRow
	Purposes []fundRuleRow
	Saved    bool
}

// fundRuleBlankRows is how many blank lines the form offers for new items.
const fundRuleBlankRows = 3

// fundRuleMaxRows bounds the lines a posted form may carry.
const fundRuleMaxRows = 40

// showFundRules is the sources and purposes of an organisation's fund pool in force on a day
// (?org_id=, ?on=YYYY-MM-DD, default today). Who: readers of the organisation; the form only
// for funds.manage over it.
func (h *handler) showFundRules(w http.ResponseWriter, r *http.Request) {
	h.renderFundRules(w, r, http.StatusOK, nil)
}

// renderFundRules renders the page; posted is the refused form (nil: a fresh one).
func (h *handler) renderFundRules(w http.ResponseWriter, r *http.Request, status int, posted *Form) {
	ctx, a := r.Context(), actor(r)
	if len(a.Scopes(auth.FundsRead)) == 0 {
		h.fail(w, r, domain.Forbidden())
		return
	}
	q := r.URL.Query()
	d := &fundRulesData{FundsPage: FundsPage{h.page(r, "web.funds.rules_title")}, Saved: q.Get("saved") == "1"}
	var err error
	chosen := queryID(q.Get("org_id"))
	if posted != nil {
		chosen = queryID(posted.Get("org_id"))
	}
	if d.Orgs, err = h.fundOrgOptions(r, auth.FundsRead, chosen); err != nil {
		h.fail(w, r, err)
		return
	}
	d.OrgID = chosen
	if d.OrgID == 0 {
		d.OrgID = pickOrg(r, d.Orgs)
	}
	on := domain.Today(h.set.Funds.Now())
	if t, err := domain.ParseDate(strings.TrimSpace(q.Get("on"))); err == nil && !t.IsZero() {
		on = t
	}
	d.On = on.String()
	if d.Rules, err = h.set.Funds.Rules(ctx, a, d.OrgID, on); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.set.Orgs.Get(ctx, a, d.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Manage = a.Can(auth.FundsManage, o.Path)
	if posted != nil {
		d.Form = posted
		d.Sources, d.Purposes = postedRuleRows(posted, "src"), postedRuleRows(posted, "pur")
	} else {
		d.Form = newForm(nil)
		d.Form.Values.Set("org_id", strconv.FormatInt(d.OrgID, 10))
		d.Form.Values.Set("from", domain.DuesMonthOf(domain.Today(h.set.Funds.Now())))
		d.Sources, d.Purposes = ruleRows(d.Rules.Sources), ruleRows(d.Rules.Purposes)
	}
	h.html(w, r, status, "funds_rules", d)
}

// ruleRows are the lines of a list in force (voluntary, always a source, is not editable)
// and the blank lines for new items.
func ruleRows(list []domain.FundCategory) []fundRuleRow {
	var rows []fundRuleRow
	for _, c := range list {
		if c.Code == domain.FundSourceVoluntary {
			continue
		}
		row := fundRuleRow{Index: len(rows), Code: c.Code, Name: c.Name, Keep: true}
		if c.SharePercent > 0 {
			row.Share = strconv.Itoa(c.SharePercent)
		}
		rows = append(rows, row)
	}
	for range fundRuleBlankRows {
		rows = append(rows, fundRuleRow{Index: len(rows), New: true})
	}
	return rows
}

// postedRuleRows reads the lines of a posted list back (prefix src or pur), to show them again.
func postedRuleRows(f *Form, prefix string) []fundRuleRow {
	n, _ := strconv.Atoi(f.Get(prefix + "_n"))
	n = min(max(n, 0), fundRuleMaxRows)
	rows := make([]fundRuleRow, n)
	for i := range rows {
		k := "_" + strconv.Itoa(i)
		rows[i] = fundRuleRow{Index: i, Code: strings.TrimSpace(f.Get(prefix + "_code" + k)), Name: f.Get(prefix + "_name" + k),
			Share: strings.TrimSpace(f.Get(prefix + "_share" + k)), Keep: f.Get(prefix+"_keep"+k) != "", New: f.Get(prefix+"_new"+k) != ""}
	}
	return rows
}

// Field names a form field of line i of a list (prefix src or pur), for the template.
func (d *fundRulesData) Field(prefix, name string, i int) string {
	return prefix + "_" + name + "_" + strconv.Itoa(i)
}
