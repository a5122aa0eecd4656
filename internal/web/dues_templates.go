package web

import (
	"net/http"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// Party dues, the core (issue 6 parts 1–3): the public calculator, the member's dues section,
// hardship applications, the secretary's bills page (dues_bills.html — the payments pages add
// their "record a payment" bar to it), generation jobs and the payroll import.
// dues_partials.html holds the pieces they share.
var duesCoreTemplates = map[string][]string{
	"dues_calculator":    {"dues_calculator.html", "dues_partials.html"},
	"member_dues":        {"member_dues.html", "dues_partials.html"},
	"dues_bills":         {"dues_bills.html", "dues_partials.html", "dues_pay_partial.html"},
	"dues_job":           {"dues_job.html", "dues_partials.html"},
	"dues_hardship_list": {"dues_hardship_list.html", "dues_partials.html"},
	"dues_hardship_new":  {"dues_hardship_new.html", "dues_partials.html"},
	"dues_hardship":      {"dues_hardship.html", "dues_partials.html"},
	"dues_import_new":    {"dues_import_new.html", "dues_partials.html"},
	"dues_import":        {"dues_import.html", "dues_partials.html"},
}

func init() {
	for k, v := range duesCoreTemplates {
		pageTemplates[k] = v
	}
}

// duesPage is embedded by the dues core pages: the page, money in yuan and the labels.
type duesPage struct{ *Page }

// Yuan shows fen as yuan with two decimals.
func (duesPage) Yuan(fen int64) string { return domain.FormatFen(fen) }

// Cat is a dues category's label.
func (d duesPage) Cat(c domain.DuesCategory) string { return d.Label("dues.category.", string(c)) }

// Categories are the dues categories as options.
func (d duesPage) Categories() []Option {
	out := make([]Option, len(domain.DuesCategories))
	for i, c := range domain.DuesCategories {
		out[i] = Option{Value: string(c), Label: d.Cat(c)}
	}
	return out
}

// thisDuesMonth is the month in China now.
func thisDuesMonth() string { return time.Now().In(domain.Shanghai).Format("2006-01") }

// duesOrgOptions are the organisations (no party groups) where the actor holds perm, in tree
// order, a few levels deep (and the chosen one).
func (h *handler) duesOrgOptions(r *http.Request, perm auth.Permission, chosen int64) ([]Option, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return orgOptions(outline, func(o *domain.Org, level int) bool {
		return o.Type != domain.OrgGroup && a.Can(perm, o.Path) && (level < orgPickerLevels+1 || o.ID == chosen)
	}), nil
}

// duesYuanField reads a yuan amount typed in a form into fen, exactly; ok is false when it is
// not an amount (the caller reports it on the field).
func duesYuanField(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	return domain.ParseYuan(s)
}

// duesYuanInput shows fen in a form field ("" for 0).
func duesYuanInput(fen int64) string {
	if fen == 0 {
		return ""
	}
	return domain.FormatFen(fen)
}

// ruleText is the rule of an amount in the page's language.
func (d duesPage) ruleText(a domain.DuesAmount) string { return dues.DescribeRule(d.cat, d.Locale, a) }
