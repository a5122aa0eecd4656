package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// duesCalcData is the public calculator: the form, the result when asked, and the table of the
// rates in force.
type duesCalcData struct {
	duesPage
	Form   *Form
	Asked  bool
	Amount int64
	Rate   string
	Rule   string
	Rows   []duesRateRow
}

// duesRateRow is one line of the rates table.
type duesRateRow struct {
	Category, Bases, Rate string
}

// showDuesCalculator is the public dues calculator (no sign-in; phone-first): ?category=&base=
// (yuan) → the monthly dues by the rule in force today, and the whole table.
func (h *handler) showDuesCalculator(w http.ResponseWriter, r *http.Request) {
	r = h.withOptionalActor(r)
	q := r.URL.Query()
	f := newForm(url.Values{"category": {q.Get("category")}, "base": {q.Get("base")}})
	if f.Get("category") == "" {
		f.Values.Set("category", string(domain.DuesInService))
	}
	d := &duesCalcData{duesPage: duesPage{h.page(r, "web.dues.calc.title")}, Form: f}
	status := http.StatusOK
	if q.Has("base") || q.Has("category") {
		d.Asked = true
		base, ok := duesYuanField(f.Get("base"))
		if !ok {
			f.Errors["base"] = d.T("dues.import.base")
			d.Asked, status = false, http.StatusUnprocessableEntity
		} else if a, err := h.set.Dues.Calculate(r.Context(), f.Get("category"), base, domain.Date{}); err != nil {
			e, isOurs := domain.AsError(err)
			if !isOurs {
				h.fail(w, r, err)
				return
			}
			for field, key := range e.Fields {
				if field == "base_fen" {
					field = "base"
				}
				f.Errors[field] = d.T(key)
			}
			d.Asked, status = false, statusOf(e.Code)
		} else {
			d.Amount, d.Rate, d.Rule = a.AmountFen, a.Rate, d.ruleText(a)
		}
	}
	rates, err := h.set.Dues.Rates(r.Context(), "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range []domain.DuesCategory{domain.DuesInService, domain.DuesRetired} {
		var prev int64
		for i, b := range rates.Brackets[c] {
			row := duesRateRow{Category: d.Cat(c), Rate: domain.FormatBP(b.BP)}
			switch {
			case b.UpToFen == nil:
				row.Bases = d.T("web.dues.calc.above", domain.FormatFen(prev))
			case i == 0:
				row.Bases = d.T("web.dues.calc.up_to", domain.FormatFen(*b.UpToFen))
			default:
				row.Bases = domain.FormatFen(prev+1) + " – " + domain.FormatFen(*b.UpToFen)
			}
			if b.UpToFen != nil {
				prev = *b.UpToFen
			}
			if i > 0 {
				row.Category = ""
			}
			d.Rows = append(d.Rows, row)
		}
	}
	for _, c := range []domain.DuesCategory{domain.DuesFarmer, domain.DuesStudent, domain.DuesUnemployed, domain.DuesRelief} {
		d.Rows = append(d.Rows, duesRateRow{Category: d.Cat(c), Bases: "—",
			Rate: d.T("web.dues.calc.fixed", domain.FormatFen(rates.FixedFen[c]))})
	}
	h.html(w, r, status, "dues_calculator", d)
}
