package domain_test

import (
	"encoding/json"
	"testing"

	"dangjian/internal/domain"
)

func TestDuesBracketBoundaries(t *testing.T) {
	r := domain.DefaultDuesRates()
	cases := []struct {
		cat    string
		base   int64
		amount int64
		rate   string
	}{
		// In service: the rate of the bracket applies to the whole base, rounded up to 10 fen.
		{"in_service", 0, 10, "0.5%"},          // zero base: the minimum
		{"in_service", 1, 10, "0.5%"},          // 0.005 fen → up to 10 fen
		{"in_service", 2000, 10, "0.5%"},       // 10 fen exactly
		{"in_service", 2001, 20, "0.5%"},       // 10.005 fen → 20
		{"in_service", 300000, 1500, "0.5%"},   // 3000 yuan: 15.00
		{"in_service", 300001, 3010, "1%"},     // 3000.01 yuan × 1 % = 30.0001 → 30.10
		{"in_service", 500000, 5000, "1%"},     // 5000 yuan: 50.00
		{"in_service", 500001, 7510, "1.5%"},   // 75.000015 → 75.10
		{"in_service", 1000000, 15000, "1.5%"}, // 10000 yuan: 150.00
		{"in_service", 1000001, 20010, "2%"},   // 200.0002 → 200.10
		{"in_service", 654321, 9820, "1.5%"},   // 98.14815 → 98.20
		{"in_service", 2000000, 40000, "2%"},   // 400.00 exactly
		{"retired", 0, 10, "0.5%"},             // minimum
		{"retired", 500000, 2500, "0.5%"},      // 25.00
		{"retired", 500001, 5010, "1%"},        // 50.0001 → 50.10
		{"retired", 800000, 8000, "1%"},        // 80.00
		{"farmer", 0, 20, ""},                  // fixed 0.20 yuan
		{"farmer", 999999, 20, ""},             // the base does not matter
		{"student", 500000, 20, ""},            // fixed
		{"unemployed", 0, 20, ""},              // fixed
		{"relief", 123, 20, ""},                // fixed
	}
	for _, c := range cases {
		got, err := domain.CalculateDues(r, c.cat, c.base)
		if err != nil {
			t.Fatalf("%s %d: %v", c.cat, c.base, err)
		}
		if got.AmountFen != c.amount || got.Rate != c.rate {
			t.Errorf("%s %d: got %d fen at %q, want %d at %q", c.cat, c.base, got.AmountFen, got.Rate, c.amount, c.rate)
		}
		if got.Rule == "" || got.RuleRef == "" {
			t.Errorf("%s %d: no rule description", c.cat, c.base)
		}
	}
}

func TestDuesCalculateErrors(t *testing.T) {
	r := domain.DefaultDuesRates()
	for _, c := range []struct {
		cat   string
		base  int64
		field string
	}{{"pensioner", 1000, "category"}, {"", 0, "category"}, {"in_service", -1, "base_fen"},
		{"retired", domain.MaxDuesBaseFen + 1, "base_fen"}} {
		_, err := domain.CalculateDues(r, c.cat, c.base)
		e, ok := domain.AsError(err)
		if !ok || e.Code != domain.EInvalid || e.Fields[c.field] == "" {
			t.Errorf("%q %d: %v, want invalid %s", c.cat, c.base, err, c.field)
		}
	}
}

func TestDuesRulesAsData(t *testing.T) {
	// A stored rule that changes only the farmers' amount and the rounding keeps the rest.
	var r domain.DuesRates
	if err := json.Unmarshal([]byte(`{"fixed_fen":{"farmer":50},"round":"nearest"}`), &r); err != nil {
		t.Fatal(err)
	}
	r.FillDefaults()
	if k := r.Check(); k != "" {
		t.Fatal(k)
	}
	if a, _ := domain.CalculateDues(r, "farmer", 0); a.AmountFen != 50 {
		t.Errorf("farmer: %d", a.AmountFen)
	}
	if a, _ := domain.CalculateDues(r, "student", 0); a.AmountFen != 20 {
		t.Errorf("student keeps the default: %d", a.AmountFen)
	}
	if a, _ := domain.CalculateDues(r, "in_service", 654321); a.AmountFen != 9810 { // 98.148 → nearest 98.10
		t.Errorf("nearest: %d", a.AmountFen)
	}
	// The defaults are a fresh copy every time: changing one never changes the next.
	d := domain.DefaultDuesRates()
	d.FixedFen[domain.DuesStudent] = 99
	if domain.DefaultDuesRates().FixedFen[domain.DuesStudent] != 20 {
		t.Fatal("defaults shared")
	}
	// A farmer amount outside 20..100 is refused.
	bad := domain.DefaultDuesRates()
	bad.FixedFen[domain.DuesFarmer] = 150
	if bad.Check() == "" {
		t.Fatal("farmer 150 accepted")
	}
	bad = domain.DefaultDuesRates()
	bad.Brackets[domain.DuesInService] = bad.Brackets[domain.DuesInService][:3] // last bracket bounded
	if bad.Check() == "" {
		t.Fatal("bounded last bracket accepted")
	}
}

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1": 100, "6543.21": 654321, "6543.2": 654320, ".5": 50,
		"1,234.56": 123456, "¥12.30": 1230, " 7 ": 700} {
		got, ok := domain.ParseYuan(in)
		if !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "1.234", "1.", "abc", "1e3", "12.3.4", "9999999999999"} {
		if _, ok := domain.ParseYuan(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
	if domain.FormatBP(50) != "0.5%" || domain.FormatBP(150) != "1.5%" || domain.FormatBP(200) != "2%" || domain.FormatBP(125) != "1.25%" {
		t.Fatal("FormatBP")
	}
	if domain.FormatFen(1234) != "12.34" || domain.FormatFen(5) != "0.05" {
		t.Fatal("FormatFen")
	}
	if domain.DuesMonthAdd("2024-12", 1) != "2025-01" || domain.DuesMonthAdd("2024-01", -1) != "2023-12" || domain.DuesMonthAdd("x", 1) != "" {
		t.Fatal("DuesMonthAdd")
	}
}

func TestHardshipApply(t *testing.T) {
	h := domain.DuesHardship{Kind: domain.HardshipReduce, AmountFen: 100, FromMonth: "2024-03", ToMonth: "2024-05"}
	if a, s := h.Apply(5000); a != 100 || s != domain.DuesUnpaid {
		t.Fatal("reduce", a, s)
	}
	if a, _ := h.Apply(50); a != 50 {
		t.Fatal("a reduction never raises the amount", a)
	}
	if !h.Covers("2024-03") || !h.Covers("2024-05") || h.Covers("2024-06") || h.Covers("2024-02") {
		t.Fatal("covers")
	}
	h.Kind = domain.HardshipExempt
	if a, s := h.Apply(5000); a != 0 || s != domain.DuesExempt {
		t.Fatal("exempt", a, s)
	}
}

// FuzzDuesCalculate: no panic, never negative, at least the minimum for bracketed categories,
// and monotone in the base within a category.
func FuzzDuesCalculate(f *testing.F) {
	for _, b := range []int64{0, 1, 300000, 300001, 500000, 500001, 1000000, 1000001, domain.MaxDuesBaseFen, -5} {
		f.Add(uint8(0), b, int64(1))
		f.Add(uint8(1), b, int64(7))
	}
	r := domain.DefaultDuesRates()
	f.Fuzz(func(t *testing.T, c uint8, base, delta int64) {
		cat := domain.DuesCategories[int(c)%len(domain.DuesCategories)]
		a, err := domain.CalculateDues(r, string(cat), base)
		if err != nil {
			if base >= 0 && base <= domain.MaxDuesBaseFen {
				t.Fatalf("%s %d: %v", cat, base, err)
			}
			return
		}
		if a.AmountFen < 0 {
			t.Fatalf("%s %d: negative %d", cat, base, a.AmountFen)
		}
		if domain.DuesBracketed(cat) && a.AmountFen < r.MinFen {
			t.Fatalf("%s %d: %d below the minimum", cat, base, a.AmountFen)
		}
		if delta < 0 {
			delta = -delta
		}
		if delta < 0 { // MinInt64
			return
		}
		more := base + delta%domain.MaxDuesBaseFen
		if more < base || more > domain.MaxDuesBaseFen {
			return
		}
		b, err := domain.CalculateDues(r, string(cat), more)
		if err != nil {
			t.Fatalf("%s %d: %v", cat, more, err)
		}
		if b.AmountFen < a.AmountFen {
			t.Fatalf("%s: base %d → %d fen but base %d → %d fen", cat, base, a.AmountFen, more, b.AmountFen)
		}
	})
}
