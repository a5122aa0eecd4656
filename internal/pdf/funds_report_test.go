package pdf

import (
	"bytes"
	"strings"
	"testing"

	"dangjian/internal/domain"
)

// The yearly fund report is a PDF with the organisation's name, the headings and the lines in
// Chinese, and the amounts in yuan.
func TestFundReportRenders(t *testing.T) {
	r := FundReport{OrgName: "中共甲一支部", Year: 2025, OpeningFen: 380000, IncomeFen: 1234567, SpendingFen: 250000, ClosingFen: 1364567,
		Income:    []FundLine{{Name: "工会经费", AmountFen: 1000000, Count: 4}, {Name: "自愿多交党费", AmountFen: 234567, Count: 2}},
		Spending:  []FundLine{{Name: "组织活动", AmountFen: 250000, Count: 3}},
		Published: true, PublishedOn: domain.NewDate(2026, 1, 10), PublishedBy: "王书记", ToRemitFen: 100000, ToRemitN: 1}
	for m := 1; m <= 12; m++ {
		r.Months = append(r.Months, domain.FundMonth{Month: "2025-" + string(rune('0'+m/10)) + string(rune('0'+m%10)), BalanceFen: int64(m) * 1000})
	}
	b, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatal("not a PDF")
	}
	text := decodedStreams(t, b)
	for _, c := range "甲一支部年度党建经费收支情况公示工会经费自愿多交组织活动上年结转年末结余王书记待上缴" {
		if !strings.Contains(text, utf16be(c)) {
			t.Errorf("character %c is not drawn", c)
		}
	}
	for _, s := range []string{"12,345.67", "13,645.67", "3,800.00", "2025-12"} {
		if !strings.Contains(text, s) {
			t.Errorf("%s is not drawn", s)
		}
	}
	again, _ := r.Render()
	if !bytes.Equal(b, again) {
		t.Error("the same report renders to different bytes")
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 100: "1.00", 123456789: "1,234,567.89", -12345: "-123.45", 100000: "1,000.00"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}
