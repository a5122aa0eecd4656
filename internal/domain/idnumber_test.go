package domain_test

import (
	"strings"
	"testing"

	"dangjian/internal/domain"
)

var today = domain.NewDate(2024, 7, 1)

func TestParseIDNumberValid(t *testing.T) {
	cases := []struct {
		id     string
		birth  domain.Date
		female bool
	}{
		{"11010519491231002X", domain.NewDate(1949, 12, 31), true}, // the standard's sample, X check char
		{"110105199003070051", domain.NewDate(1990, 3, 7), false},
		{"11010519900307005X", domain.NewDate(1990, 3, 7), false},
		{"110105200002290028", domain.NewDate(2000, 2, 29), true}, // leap day
	}
	for _, c := range cases {
		// Build the check char rather than trusting the table, except for the sample.
		id := c.id[:17] + string(domain.IDNumberCheckChar(c.id[:17]))
		if c.id == "11010519491231002X" && id != c.id {
			t.Fatalf("check char of the GB 11643 sample: got %s", id)
		}
		info, problem := domain.ParseIDNumber(id, today)
		if problem != "" {
			t.Errorf("%s: %s", id, problem)
			continue
		}
		if info.Birth != c.birth || info.Female != c.female {
			t.Errorf("%s: got birth %s female %v", id, info.Birth, info.Female)
		}
	}
}

func TestParseIDNumberProblems(t *testing.T) {
	valid := "11010519491231002X"
	wrongCheck := valid[:17] + "1"
	withBirth := func(b string) string {
		f := "110105" + b + "002"
		return f + string(domain.IDNumberCheckChar(f))
	}
	cases := map[string]string{
		wrongCheck:                 "err.id_number.checksum",
		withBirth("19900230"):      "err.id_number.birth_date", // 30 February
		withBirth("19901301"):      "err.id_number.birth_date",
		withBirth("20240702"):      "err.id_number.birth_date", // tomorrow
		withBirth("18991231"):      "err.id_number.birth_date",
		valid[:17]:                 "err.id_number.length",
		valid + "1":                "err.id_number.length",
		"":                         "err.id_number.length",
		"1101051949123100AX":       "err.id_number.chars",
		"11010519491231002x":       "err.id_number.chars", // not normalised
		"11010519491231002Y":       "err.id_number.chars",
		"１１0105194912310020":       "err.id_number.length", // full-width digits are more bytes
		" 11010519491231002X"[:18]: "err.id_number.chars",
	}
	for id, want := range cases {
		if _, got := domain.ParseIDNumber(id, today); got != want {
			t.Errorf("%q: got %q, want %q", id, got, want)
		}
	}
	// Born today is fine (a newborn's number is valid).
	if _, p := domain.ParseIDNumber(withBirth("20240701"), today); p != "" {
		t.Errorf("born today: %s", p)
	}
	if got := domain.NormalizeIDNumber(" 11010519491231002x "); got != valid {
		t.Errorf("normalise: %q", got)
	}
}

func TestMasks(t *testing.T) {
	if got := domain.MaskIDNumber("11010519491231002X"); got != "110105********002X" {
		t.Errorf("id mask %q", got)
	}
	if got := domain.MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("phone mask %q", got)
	}
	for _, s := range []string{"", "1", "123456789", "1234567"} {
		if strings.Trim(domain.MaskIDNumber(s), "*") != "" || len(domain.MaskIDNumber(s)) != len(s) {
			t.Errorf("short id %q masked to %q", s, domain.MaskIDNumber(s))
		}
	}
	for _, s := range []string{"", "1", "1234567"} {
		if strings.Trim(domain.MaskPhone(s), "*") != "" || len(domain.MaskPhone(s)) != len(s) {
			t.Errorf("short phone %q masked to %q", s, domain.MaskPhone(s))
		}
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":       "",
		"+86 138-1234-5678": "",
		"1381234567":        "err.phone.format",
		"138123456789":      "err.phone.format",
		"23812345678":       "err.phone.format",
		"1381234567a":       "err.phone.format",
		"":                  "err.phone.format",
	} {
		if got := domain.CheckPhone(domain.NormalizePhone(in)); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
	if got := domain.NormalizePhone(" +86 138-1234 5678"); got != "13812345678" {
		t.Errorf("normalise: %q", got)
	}
}

// FuzzParseIDNumber: never panics; whatever is accepted has 18 characters, digits with an
// optional X last, the right check character, a birth date in range; the mask keeps length.
func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105199003070051", "", "X", "11010519900230002X",
		"99999999999999999X", "000000000000000000", "1101051949123100\xff2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, problem := domain.ParseIDNumber(s, today)
		mask := domain.MaskIDNumber(s)
		if len(mask) != len(s) {
			t.Fatalf("mask of %q has length %d", s, len(mask))
		}
		if problem != "" {
			if !strings.HasPrefix(problem, "err.id_number.") {
				t.Fatalf("unexpected key %q", problem)
			}
			return
		}
		if len(s) != 18 || strings.Trim(s[:17], "0123456789") != "" || strings.Trim(s[17:], "0123456789X") != "" {
			t.Fatalf("accepted malformed %q", s)
		}
		if domain.IDNumberCheckChar(s[:17]) != s[17] {
			t.Fatalf("accepted %q with a wrong check char", s)
		}
		if info.Birth.After(today) || info.Birth.Before(domain.NewDate(1900, 1, 1)) || info.Birth.String() != s[6:10]+"-"+s[10:12]+"-"+s[12:14] {
			t.Fatalf("accepted %q with birth %s", s, info.Birth)
		}
		if _, again := domain.ParseIDNumber(s, today); again != "" {
			t.Fatalf("re-validation of %q failed: %s", s, again)
		}
		if info.Female != ((s[16]-'0')%2 == 0) {
			t.Fatalf("gender of %q", s)
		}
	})
}
