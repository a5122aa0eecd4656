package domain

import (
	"strings"
	"time"
)

// Resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
// (odd for men, even for women), and an ISO 7064 MOD 11-2 check character (0-9 or X).

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// IDNumberCheckChar returns the check character for the first 17 digits.
func IDNumberCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDNumberInfo is what an ID number tells about its holder.
type IDNumberInfo struct {
	Birth  Date
	Female bool
}

// NormalizeIDNumber trims spaces and upper-cases the check character.
func NormalizeIDNumber(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ParseIDNumber validates a normalised 18-character ID number and returns the message key
// of the first problem ("" when valid). Birth dates in the future or before 1900 are refused.
func ParseIDNumber(s string, today Date) (IDNumberInfo, string) {
	if len(s) != 18 {
		return IDNumberInfo{}, "err.id_number.length"
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return IDNumberInfo{}, "err.id_number.chars"
		}
	}
	if c := s[17]; !(c >= '0' && c <= '9') && c != 'X' {
		return IDNumberInfo{}, "err.id_number.chars"
	}
	t, err := time.Parse("20060102", s[6:14])
	if err != nil {
		return IDNumberInfo{}, "err.id_number.birth_date"
	}
	birth := DateOf(t)
	if birth.Before(NewDate(1900, 1, 1)) || birth.After(today) {
		return IDNumberInfo{}, "err.id_number.birth_date"
	}
	if IDNumberCheckChar(s) != s[17] {
		return IDNumberInfo{}, "err.id_number.checksum"
	}
	return IDNumberInfo{Birth: birth, Female: (s[16]-'0')%2 == 0}, ""
}

// MaskIDNumber keeps the region and the last four characters: 110105********123X.
func MaskIDNumber(s string) string {
	if len(s) < 10 {
		return strings.Repeat("*", len(s))
	}
	return s[:6] + strings.Repeat("*", len(s)-10) + s[len(s)-4:]
}
