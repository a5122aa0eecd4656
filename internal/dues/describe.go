package dues

import (
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
)

// DescribeRule says in the locale which rule gave an amount: the category, the bracket of the
// base and its rate on the whole base with the rounding, or the fixed amount.
func DescribeRule(cat *i18n.Catalog, locale string, a domain.DuesAmount) string {
	name := cat.T(locale, "dues.category."+string(a.Category))
	if a.Bracket < 0 {
		return cat.T(locale, "dues.rule.fixed", name, domain.FormatFen(a.AmountFen))
	}
	var s string
	switch {
	case a.FromFen == 0 && a.ToFen != 0:
		s = cat.T(locale, "dues.rule.bracket_first", name, domain.FormatFen(a.ToFen), a.Rate)
	case a.ToFen == 0:
		s = cat.T(locale, "dues.rule.bracket_top", name, domain.FormatFen(a.FromFen-1), a.Rate)
	default:
		s = cat.T(locale, "dues.rule.bracket_mid", name, domain.FormatFen(a.FromFen), domain.FormatFen(a.ToFen), a.Rate)
	}
	return s + cat.T(locale, "dues.rule.round_"+a.Round, domain.FormatFen(a.StepFen), domain.FormatFen(a.MinFen))
}
