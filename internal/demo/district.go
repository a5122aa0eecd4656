package demo

import (
	"fmt"

	"dangjian/internal/domain"
)

// The district model (seed 004): district committee → the district's working committee for
// non-public enterprises and social organisations ("两新" 工委) → 23 town and street
// committees, three industrial-park working committees and a committee for micro-enterprises
// → the organisations themselves, 375 in all; 12 enterprise committees are managed by the
// working committee directly. The towns are Yongchuan's; the companies are made up.
const (
	DistrictName     = "永川区委"
	districtWorkName = "区委非公有制经济组织和社会组织工作委员会"
	districtOrgs     = 375
)

// Demonstration sites of the seed: 12 city, 57 district and 138 town level.
var demonstrationQuota = []struct {
	level string
	n     int
}{{"city", 12}, {"district", 57}, {"town", 138}}

var committeeBranchNames = []string{"机关党支部", "生产一车间党支部", "生产二车间党支部", "技术研发党支部", "市场营销党支部",
	"后勤保障党支部", "项目部党支部", "质量安全党支部", "离退休党支部"}

// namer makes unit names that are unique across the district.
type namer struct {
	g    *rng
	used map[string]bool
}

func (n *namer) unique(make func() string) string {
	for i := 0; ; i++ {
		s := make()
		if i > 20 {
			s = fmt.Sprintf("%s（%d）", s, i)
		}
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
}

func (n *namer) company() string {
	return n.unique(func() string {
		return "重庆" + pick(n.g, unitPrefixes) + pick(n.g, unitTrades) + unitSuffixes.draw(n.g)
	})
}

// district builds the plan; b collects the pieces that every kind of branch shares.
type district struct {
	g     *rng
	ids   *idNumbers
	today domain.Date
	names namer
	code  coder
}

func districtPlan(g *rng, ids *idNumbers, today domain.Date) *orgPlan {
	d := &district{g: g, ids: ids, today: today, names: namer{g: g, used: map[string]bool{}}, code: coder{prefix: "YC"}}
	root := d.org(domain.OrgRegion, DistrictName)
	root.EstablishedOn = domain.NewDate(2006, 10, 22) // the county-level city became a district
	work := root.add(d.org(domain.OrgRegion, districtWorkName))
	work.EstablishedOn = domain.NewDate(2009, 7, 1)
	for i := 0; i < 12; i++ {
		d.committee(work, g.between(3, 5), 18, 48)
	}
	for _, park := range yongchuanParks {
		p := work.add(d.org(domain.OrgRegion, park+"党工委"))
		for i := 0; i < 9; i++ {
			d.enterpriseBranch(p, d.branchSize())
		}
	}
	micro := work.add(d.org(domain.OrgRegion, "区非公有制经济组织党委"))
	for i := 0; i < 10; i++ {
		d.jointBranch(micro, d.names.unique(func() string {
			return pick(g, yongchuanTowns) + pick(g, []string{"个体工商户", "小微企业", "商贸市场", "餐饮企业"}) + "联合党支部"
		}))
	}
	fixed := root.partyOrgs()
	budget := districtOrgs - fixed - len(yongchuanTowns)
	for i, town := range yongchuanTowns {
		t := work.add(d.org(domain.OrgRegion, town+"两新组织党委"))
		share := budget / (len(yongchuanTowns) - i) // spread what is left evenly
		budget -= share
		d.town(t, town, share, i < 3)
	}
	d.demonstrationSites(root)
	return root
}

func (d *district) org(t domain.OrgType, name string) *orgPlan {
	o := newOrg(d.g, t, name, d.today)
	o.Code = d.code.next()
	return o
}

// branchSize is the size of a small enterprise's branch: mostly between five and a dozen.
func (d *district) branchSize() int {
	switch n := d.g.intn(100); {
	case n < 25:
		return d.g.between(3, 5)
	case n < 70:
		return d.g.between(6, 12)
	case n < 95:
		return d.g.between(13, 25)
	default:
		return d.g.between(26, 40)
	}
}

func (d *district) shape() branchShape {
	return branchShape{committee: d.g.chance(0.9), groupsOver: 30}
}

func (d *district) enterpriseBranch(parent *orgPlan, size int) *orgPlan {
	unit := d.names.company()
	b := parent.add(d.org(domain.OrgBranch, unit+"党支部"))
	b.UnitName, b.UnitCreditCode = unit, creditCode(d.g, "91", yongchuanRegion)
	b.fill(d.g, &districtStaff, d.ids, d.today, size, d.shape())
	return b
}

func (d *district) jointBranch(parent *orgPlan, name string) {
	b := parent.add(d.org(domain.OrgJointBranch, name))
	b.fill(d.g, &districtStaff, d.ids, d.today, d.g.between(5, 15), d.shape())
}

func (d *district) socialBranch(parent *orgPlan) {
	var unit, kind string
	if d.g.chance(0.6) {
		unit = d.names.unique(func() string { return "永川区" + pick(d.g, associations) })
		kind = "51" // social association
	} else {
		unit = d.names.unique(func() string { return "永川区" + pick(d.g, unitPrefixes) + pick(d.g, serviceUnits) })
		kind = "52" // private non-enterprise unit
	}
	b := parent.add(d.org(domain.OrgBranch, unit+"党支部"))
	b.UnitName, b.UnitCreditCode = unit, creditCode(d.g, kind, yongchuanRegion)
	b.fill(d.g, &districtStaff, d.ids, d.today, d.g.between(3, 10), d.shape())
}

// committee adds an enterprise's own party committee with branches of the given sizes.
func (d *district) committee(parent *orgPlan, branches, minSize, maxSize int) {
	unit := d.names.company()
	c := parent.add(d.org(domain.OrgCommittee, unit+"党委"))
	c.UnitName, c.UnitCreditCode = unit, creditCode(d.g, "91", yongchuanRegion)
	names := append([]string(nil), committeeBranchNames...)
	shuffle(d.g, names)
	for _, name := range names[:branches] {
		b := c.add(d.org(domain.OrgBranch, name))
		b.fill(d.g, &districtStaff, d.ids, d.today, d.g.between(minSize, maxSize), d.shape())
	}
}

func (d *district) generalBranch(parent *orgPlan) {
	unit := d.names.company()
	c := parent.add(d.org(domain.OrgGeneralBranch, unit+"党总支"))
	c.UnitName, c.UnitCreditCode = unit, creditCode(d.g, "91", yongchuanRegion)
	for _, name := range []string{"第一党支部", "第二党支部"} {
		b := c.add(d.org(domain.OrgBranch, name))
		b.fill(d.g, &districtStaff, d.ids, d.today, d.g.between(8, 25), d.shape())
	}
}

// town fills a town committee with budget organisations: a mix of enterprise committees,
// general branches, single, joint and social-organisation branches. With tooFew, its first
// branch is down to two full members (someone moved away), which the console warns about.
func (d *district) town(t *orgPlan, town string, budget int, tooFew bool) {
	if tooFew {
		b := d.enterpriseBranch(t, 3)
		for _, p := range b.members {
			p.Positions = []string{}
		}
		makeProbationary(d.g, b.members[2:], d.today)
		b.appoint(d.g, branchShape{})
		budget--
	}
	for budget > 0 {
		switch n := d.g.intn(100); {
		case budget >= 4 && n < 12:
			k := d.g.between(2, min(3, budget-1))
			d.committee(t, k, 12, 40)
			budget -= k + 1
		case budget >= 3 && n < 24:
			d.generalBranch(t)
			budget -= 3
		case n < 42:
			d.jointBranch(t, d.names.unique(func() string { return town + pick(d.g, unitTrades) + "企业联合党支部" }))
			budget--
		case n < 54:
			d.socialBranch(t)
			budget--
		default:
			d.enterpriseBranch(t, d.branchSize())
			budget--
		}
	}
}

// demonstrationSites hands out the seed's demonstration levels among the organisations
// that are not regions.
func (d *district) demonstrationSites(root *orgPlan) {
	var sites []*orgPlan
	root.walk(func(o, _ *orgPlan) {
		if o.Type != domain.OrgRegion && o.Type != domain.OrgGroup {
			sites = append(sites, o)
		}
	})
	shuffle(d.g, sites)
	i := 0
	for _, q := range demonstrationQuota {
		for n := 0; n < q.n && i < len(sites); n++ {
			sites[i].DemonstrationLevel = q.level
			i++
		}
	}
}
