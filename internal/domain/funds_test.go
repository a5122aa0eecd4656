package domain

import "testing"

func TestFundRemitThreshold(t *testing.T) {
	r := FundRemitRule{ThresholdFen: DefaultRemitThreshold}
	for _, c := range []struct {
		fen  int64
		want bool
	}{{99999, false}, {100000, true}, {100001, true}, {0, false}} {
		if got := r.MustRemit(c.fen); got != c.want {
			t.Errorf("MustRemit(%d) = %v, want %v", c.fen, got, c.want)
		}
	}
	if (FundRemitRule{}).MustRemit(1 << 40) {
		t.Error("a rule without a threshold marks payments")
	}
}

func TestShareOf(t *testing.T) {
	for _, c := range []struct {
		base int64
		pct  int
		want int64
	}{{1234567, 8, 98765}, {100, 8, 8}, {6, 8, 0}, {7, 8, 1}, {0, 8, 0}, {1000000, 100, 1000000}} {
		if got := ShareOf(c.base, c.pct); got != c.want {
			t.Errorf("ShareOf(%d, %d) = %d, want %d", c.base, c.pct, got, c.want)
		}
	}
}

func TestBuildFundReport(t *testing.T) {
	sums := []FundSum{
		{Kind: FundIncome, Category: "union_fees", Month: "2025-01", AmountFen: 300, Count: 1},
		{Kind: FundIncome, Category: "corporate", CategoryName: "企业支持", Month: "2025-03", AmountFen: 50, Count: 1},
		{Kind: FundIncome, Category: FundSourceDues, Month: "2025-03", AmountFen: 200, Count: 2},
		{Kind: FundSpending, Category: "education", Month: "2025-03", AmountFen: 120, Count: 1},
		{Kind: FundSpending, Category: FundPurposeRemittance, Month: "2025-12", AmountFen: 100, Count: 1},
	}
	r := BuildFundReport(2025, 1000, sums, []string{FundSourceDues, "union_fees"}, []string{"education", FundPurposeRemittance})
	if r.IncomeFen != 550 || r.SpendingFen != 220 || r.ClosingFen != 1330 {
		t.Fatalf("totals: %d %d %d", r.IncomeFen, r.SpendingFen, r.ClosingFen)
	}
	if len(r.Income) != 3 || r.Income[0].Code != FundSourceDues || r.Income[1].Code != "union_fees" || r.Income[2].Name != "企业支持" {
		t.Errorf("income lines: %+v", r.Income)
	}
	if len(r.Months) != 12 || r.Months[0].BalanceFen != 1300 || r.Months[1].BalanceFen != 1300 || r.Months[2].BalanceFen != 1430 || r.Months[11].BalanceFen != 1330 {
		t.Errorf("months: %+v", r.Months)
	}
}

func TestCheckFundCategories(t *testing.T) {
	ok := []FundCategory{{Code: "union_fees"}, {Code: "corp_2", Name: "企业支持", SharePercent: 5}}
	if k := CheckFundCategories(ok, FundSourceVoluntary); k != "" {
		t.Errorf("valid list refused: %s", k)
	}
	for _, bad := range [][]FundCategory{nil, {{Code: "A"}}, {{Code: "x"}, {Code: "x"}}, {{Code: "voluntary"}}, {{Code: "x", SharePercent: 101}}} {
		if CheckFundCategories(bad, FundSourceVoluntary) == "" {
			t.Errorf("accepted %+v", bad)
		}
	}
}
