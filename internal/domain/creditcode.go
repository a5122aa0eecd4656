package domain

// Unified social credit codes (GB 32100-2015): 18 characters from a 31-character alphabet
// (digits and upper-case letters without I, O, Z, S, V); the last is a MOD 31 check character.

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func creditValue(c byte) int {
	for i := 0; i < len(creditAlphabet); i++ {
		if creditAlphabet[i] == c {
			return i
		}
	}
	return -1
}

// CreditCodeCheckChar returns the check character for the first 17 characters, or 0 when
// one of them is outside the alphabet.
func CreditCodeCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		v := creditValue(first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// CheckCreditCode returns the message key of the problem with code, or "" when it is valid.
func CheckCreditCode(code string) string {
	if len(code) != 18 {
		return "err.credit_code.length"
	}
	for i := 0; i < 18; i++ {
		if creditValue(code[i]) < 0 {
			return "err.credit_code.chars"
		}
	}
	if CreditCodeCheckChar(code) != code[17] {
		return "err.credit_code.checksum"
	}
	return ""
}
