package demo

import "dangjian/internal/domain"

// The synthetic region exists for load and benchmark runs (`dangjian demo --members N`): a
// region of towns → enterprise committees → branches of 20 to 50 members, N members in all,
// made of the same kind of valid rows as the demo proper.
const SyntheticName = "合成测试区委（性能测试数据）"

// syntheticSeed is separate from the demo's, so the demo proper is the same with or
// without a synthetic region.
const syntheticSeed = 100_000

func syntheticPlan(ids *idNumbers, today domain.Date, members int) *orgPlan {
	g := newRNG(syntheticSeed)
	root := newOrg(g, domain.OrgRegion, SyntheticName, today)
	root.Code = "SYN"
	var sizes []int
	for left := members; left > 0; {
		n := min(g.between(20, 50), left)
		sizes = append(sizes, n)
		left -= n
	}
	code := coder{prefix: "SY"}
	names := namer{g: g, used: map[string]bool{}}
	var zone, town, committee *orgPlan
	for i, size := range sizes {
		// Eighteen towns to a zone (片区): about 100,000 members, the subtree the ranking
		// benchmarks ask "a member's rank in" (issue 4).
		if i%(20*8*18) == 0 {
			zone = root.add(newOrg(g, domain.OrgRegion, "第"+chineseNumber(len(root.children)%99+1)+"片区两新工委", today))
			zone.Code = code.next()
		}
		if i%(20*8) == 0 { // eight committees of about twenty branches to a town
			name := names.unique(func() string { return string(pick(g, placeFirst)) + string(pick(g, placeSecond)) + "镇" })
			town = zone.add(newOrg(g, domain.OrgRegion, name+"两新组织党委", today))
			town.Code = code.next()
		}
		if i%20 == 0 {
			unit := names.company()
			committee = town.add(newOrg(g, domain.OrgCommittee, unit+"党委", today))
			committee.Code, committee.UnitName = code.next(), unit
			committee.UnitCreditCode = creditCode(g, "91", pick(g, chongqingBirthplaces))
		}
		b := committee.add(newOrg(g, domain.OrgBranch, "第"+chineseNumber(i%20+1)+"党支部", today))
		b.Code = code.next()
		b.later = &lateFill{g: g, pop: &syntheticStaff, ids: ids, today: today, size: size,
			shape: branchShape{committee: true}}
	}
	return root
}

// chineseNumber writes 1 to 99 in Chinese numerals (一, 十二, 二十).
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}
