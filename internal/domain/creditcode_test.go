package domain_test

import (
	"strings"
	"testing"

	"dangjian/internal/domain"
)

func TestCheckCreditCode(t *testing.T) {
	valid := []string{"91350100M000100Y43", "91110000802100433B"}
	for _, c := range valid {
		if p := domain.CheckCreditCode(c); p != "" {
			t.Errorf("%s: %s", c, p)
		}
	}
	cases := map[string]string{
		"91350100M000100Y44":  "err.credit_code.checksum",
		"91350100M000100Y4":   "err.credit_code.length",
		"91350100M000100Y433": "err.credit_code.length",
		"":                    "err.credit_code.length",
		"91350100m000100Y43":  "err.credit_code.chars", // lower case is not in the alphabet
	}
	// Each forbidden letter, placed where a letter may stand, is refused as a character.
	for _, bad := range "IOZSV" {
		cases["91350100"+string(bad)+"000100Y43"] = "err.credit_code.chars"
		cases["91350100M000100Y4"+string(bad)] = "err.credit_code.chars"
	}
	for code, want := range cases {
		if got := domain.CheckCreditCode(code); got != want {
			t.Errorf("%q: got %q want %q", code, got, want)
		}
	}
	if domain.CreditCodeCheckChar("91350100M000100Y4") != '3' {
		t.Error("check char of the known code")
	}
	if domain.CreditCodeCheckChar("91350100I000100Y4") != 0 {
		t.Error("a forbidden letter must give no check char")
	}
}

// FuzzCheckCreditCode: never panics; whatever is accepted has 18 characters from the
// alphabet and the right check character; changing the check character breaks it.
func FuzzCheckCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "", "IIIIIIIIIIIIIIIIII", "91350100M000100Y4\x00", "00000000000000000000"} {
		f.Add(s)
	}
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	f.Fuzz(func(t *testing.T, s string) {
		p := domain.CheckCreditCode(s)
		if p != "" {
			if !strings.HasPrefix(p, "err.credit_code.") {
				t.Fatalf("unexpected key %q", p)
			}
			return
		}
		if len(s) != 18 || strings.Trim(s, alphabet) != "" {
			t.Fatalf("accepted malformed %q", s)
		}
		if domain.CreditCodeCheckChar(s[:17]) != s[17] {
			t.Fatalf("accepted %q with a wrong check char", s)
		}
		for i := 0; i < len(alphabet); i++ {
			if alphabet[i] != s[17] && domain.CheckCreditCode(s[:17]+alphabet[i:i+1]) == "" {
				t.Fatalf("%q accepted with check char %c too", s[:17], alphabet[i])
			}
		}
	})
}
