package domain

import "strings"

// NormalizePhone removes spaces, dashes and a +86 prefix.
func NormalizePhone(s string) string {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+86")
	return s
}

// CheckPhone returns the message key of the problem with a normalised mainland mobile
// number (11 digits starting with 1), or "".
func CheckPhone(s string) string {
	if len(s) != 11 || s[0] != '1' {
		return "err.phone.format"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "err.phone.format"
		}
	}
	return ""
}

// MaskPhone keeps the first three and last four digits: 138****5678.
func MaskPhone(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}
