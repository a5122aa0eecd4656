package demo

import (
	"fmt"

	"dangjian/internal/domain"
)

// idNumbers hands out resident ID numbers (GB 11643-1999) that are valid and unique within
// one load: the region code of the holder's birthplace, the birth date, a sequence number
// whose parity says the gender (odd for men), and the MOD 11-2 check character.
type idNumbers struct {
	used map[string]bool
}

func newIDNumbers() *idNumbers { return &idNumbers{used: map[string]bool{}} }

// next returns a fresh ID number for someone born in region on birth.
func (n *idNumbers) next(g *rng, region string, birth domain.Date, female bool) string {
	for {
		seq := g.intn(500)*2 + 1 // odd: a man
		if female {
			seq--
		}
		first17 := fmt.Sprintf("%s%s%03d", region, birth.Time().Format("20060102"), seq)
		id := first17 + string(domain.IDNumberCheckChar(first17))
		if !n.used[id] {
			n.used[id] = true
			return id
		}
	}
}

// Mobile numbers: 1, a carrier prefix in use, and eight digits.
var phonePrefixes = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150",
	"151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
	"182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"}

func phoneNumber(g *rng) string {
	return fmt.Sprintf("%s%08d", pick(g, phonePrefixes), g.intn(100000000))
}

// creditCode returns a valid unified social credit code (GB 32100-2015): registering
// authority and kind (e.g. "91" company, "51" association, "52" private non-enterprise
// unit), the region, a nine-character organisation code with its own GB 11714 check
// character, and the MOD 31 check character over all of it.
func creditCode(g *rng, kind, region string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY" // GB 32100 without I, O, Z, S, V
	var body []byte
	if g.chance(0.55) { // registered since 2015: the organisation code starts with "MA"
		body = []byte("MA")
		for len(body) < 8 {
			body = append(body, alphabet[g.intn(len(alphabet))])
		}
	} else {
		body = []byte(fmt.Sprintf("%08d", g.intn(100000000)))
	}
	first17 := kind + region + string(body) + string(orgCodeCheck(body))
	return first17 + string(domain.CreditCodeCheckChar(first17))
}

// orgCodeCheck is the GB 11714 check character of an eight-character organisation code.
func orgCodeCheck(body []byte) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range body {
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}
