package domain

import "testing"

func TestAllianceCardNumber(t *testing.T) {
	if d := luhnDigit("7992739871"); d != 3 { // the textbook Luhn example
		t.Fatalf("luhn digit %d, want 3", d)
	}
	if got := AllianceCardNumber(42); got != "DJ0000000042"+string(rune('0'+luhnDigit("0000000042"))) || len(got) != 13 {
		t.Errorf("card number %q", got)
	}
	if AllianceCardNumber(42) == AllianceCardNumber(24) {
		t.Error("two members share a card number")
	}
}

func TestNormalizeRedemptionCode(t *testing.T) {
	for in, want := range map[string]string{
		"abcd-ef23":   "ABCDEF23",
		" ABCD EF23 ": "ABCDEF23",
		"https://dj.example.org/m/redeem/ABCDEF23": "ABCDEF23",
		"": "",
	} {
		if got := NormalizeRedemptionCode(in); got != want {
			t.Errorf("NormalizeRedemptionCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRewardAvailabilityAndLimitBounds(t *testing.T) {
	day := NewDate(2024, 6, 15)
	r := Reward{Status: RewardActive, MerchantStatus: MerchantActive, ValidFrom: NewDate(2024, 6, 1), ValidTo: day}
	if !r.AvailableOn(day) || r.AvailableOn(day.AddDate(0, 0, 1)) || r.AvailableOn(NewDate(2024, 5, 31)) {
		t.Error("window bounds are inclusive")
	}
	r.MerchantStatus = MerchantSuspended
	if r.AvailableOn(day) {
		t.Error("a suspended merchant's reward is available")
	}
	if from, to := LimitBounds(LimitEver, day); !from.IsZero() || !to.IsZero() {
		t.Error("ever has no bounds")
	}
	if from, to := LimitBounds(PeriodWeek, day); from != NewDate(2024, 6, 10) || to != NewDate(2024, 6, 17) {
		t.Errorf("week of 15 June 2024: %s – %s", from, to)
	}
}
