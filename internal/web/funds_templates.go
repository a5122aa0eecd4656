package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// The party-fund pool pages (党建经费蓄水池): the ledger with its filters, the income and
// spending forms with invoices and photos, an entry with its decisions, reversal and
// remittance, the approval queue, the yearly report with charts and its publication, and the
// member's phone page of the published reports. funds_partials.html holds shared pieces.
var fundsTemplates = map[string][]string{
	"funds_ledger":    {"funds_ledger.html", "funds_partials.html"},
	"funds_entry_new": {"funds_entry_new.html", "funds_partials.html"},
	"funds_entry":     {"funds_entry.html", "funds_partials.html"},
	"funds_approvals": {"funds_approvals.html", "funds_partials.html"},
	"funds_report":    {"funds_report.html", "funds_partials.html"},
	"my_funds":        {"my_funds.html", "funds_partials.html"},
	"funds_rules":     {"funds_rules.html", "funds_partials.html"},
}

func init() {
	for k, v := range fundsTemplates {
		pageTemplates[k] = v
	}
}

// FundsPage is the Page of the fund pages with their helpers.
type FundsPage struct{ *Page }

// Yuan shows fen as yuan with two decimals and thousands separators.
func (p FundsPage) Yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	s := fmt.Sprintf("%s.%02d", b.String(), fen%100)
	if neg {
		s = "-" + s
	}
	return s
}

// Category names a source (income) or purpose (spending) in the page's language.
func (p FundsPage) Category(kind, code, custom string) string {
	return funds.CategoryName(p.cat, p.Locale, kind, code, custom)
}

// EntryCategory names an entry's source or purpose.
func (p FundsPage) EntryCategory(e domain.FundEntry) string {
	return p.Category(e.Kind, e.Category, e.CategoryName)
}

// parseYuan reads an amount typed in yuan ("1234.5", "1,234.50", "1，234") as fen with
// domain.ParseYuan; "" is 0; more than two decimals, a sign or anything else is refused with
// ok false.
func parseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "，", "")
	if s == "" {
		return 0, true
	}
	return domain.ParseYuan(s)
}

// yuanInput is fen as a form value in yuan ("" for 0).
func yuanInput(fen int64) string {
	if fen == 0 {
		return ""
	}
	return domain.FormatFen(fen)
}

// fundOrgOptions are the organisations where the actor holds perm, in tree order (party
// groups left out: they keep no pool).
func (h *handler) fundOrgOptions(r *http.Request, perm auth.Permission, chosen int64) ([]Option, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return orgOptions(outline, func(o *domain.Org, level int) bool {
		return o.Type != domain.OrgGroup && a.Can(perm, o.Path) && (level < orgPickerLevels+1 || o.ID == chosen)
	}), nil
}

// pickOrg is the organisation a fund page shows: the one asked for, else the first option.
func pickOrg(r *http.Request, options []Option) int64 {
	if id := queryID(r.URL.Query().Get("org_id")); id != 0 {
		return id
	}
	if len(options) > 0 {
		return queryID(options[0].Value)
	}
	return 0
}

// fundsURL is a fund page's address for an organisation and year.
func fundsURL(path string, orgID int64, year int) string {
	return fmt.Sprintf("%s?org_id=%d&year=%d", path, orgID, year)
}

// renameYuanFields names the service's fen fields as the form's yuan inputs.
func renameYuanFields(e *domain.Error) {
	for from, to := range map[string]string{"amount_fen": "amount", "base_fen": "base"} {
		if k, ok := e.Fields[from]; ok {
			delete(e.Fields, from)
			e.Fields[to] = k
		}
	}
}

// fundsChartLines is a pie of report lines for ECharts.
func (p FundsPage) fundsPie(kind string, lines []domain.FundLine) map[string]any {
	data := []map[string]any{}
	for _, l := range lines {
		if l.AmountFen <= 0 {
			continue
		}
		data = append(data, map[string]any{"name": p.Category(kind, l.Code, l.Name), "value": float64(l.AmountFen) / 100})
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "item", "formatter": "{b}: {c} (" + "{d}%)"},
		"legend":  map[string]any{"bottom": 0, "type": "scroll"},
		"series": []map[string]any{{"type": "pie", "radius": []string{"35%", "65%"}, "center": []string{"50%", "45%"},
			"data": data, "label": map[string]any{"formatter": "{b}\n{d}%"}}},
	}
}

// fundsMonthly is the month-by-month chart: income and spending as bars, the balance as a line.
func (p FundsPage) fundsMonthly(months []domain.FundMonth) map[string]any {
	var labels []string
	var in, out, bal []float64
	for _, m := range months {
		labels = append(labels, m.Month[5:]+p.T("web.funds.month_suffix"))
		in = append(in, float64(m.IncomeFen)/100)
		out = append(out, float64(m.SpendingFen)/100)
		bal = append(bal, float64(m.BalanceFen)/100)
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0},
		"grid":    map[string]any{"left": 50, "right": 10, "bottom": 30, "top": 30},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value"},
		"series": []map[string]any{
			{"name": p.T("web.funds.income"), "type": "bar", "data": in, "color": "#2fb344"},
			{"name": p.T("web.funds.spending"), "type": "bar", "data": out, "color": "#d63939"},
			{"name": p.T("web.funds.balance"), "type": "line", "data": bal, "color": "#206bc4"},
		},
	}
}
