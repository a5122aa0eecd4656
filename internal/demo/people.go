package demo

import (
	"dangjian/internal/domain"
)

// population describes who the members of one kind of organisation are: where they were
// born, when, their schooling and jobs, and how many are probationary or away.
type population struct {
	birthplace   func(g *rng) string
	oldest       int // birth years
	youngest     int
	femaleShare  float64
	probationary float64 // share admitted within the last year
	floating     float64 // share working away with a floating-member card
	lostContact  float64
	educations   weighted[string]
	jobs         []string
	ethnicities  weighted[string]
}

// Age at admission: most join at university or in their first working years.
var joinAges = newWeighted[[2]int]([2]int{18, 22}, 40, [2]int{23, 28}, 35, [2]int{29, 35}, 17, [2]int{36, 45}, 8)

var enterpriseStaff = population{
	birthplace: hangzhouBirthplaces.draw, oldest: 1966, youngest: 2002,
	femaleShare: 0.36, probationary: 0.06, floating: 0.03, lostContact: 0.003,
	educations: newWeighted[string]("doctor", 5, "master", 28, "bachelor", 45, "junior_college", 15,
		"senior_high", 4, "secondary_vocational", 3),
	jobs: []string{"研发工程师", "高级研发工程师", "软件工程师", "嵌入式工程师", "算法工程师", "光学工程师", "结构工程师",
		"测试工程师", "产品经理", "项目经理", "技术支持工程师", "应用工程师", "销售经理", "区域销售经理", "售后服务工程师",
		"生产主管", "工艺工程师", "质量工程师", "采购专员", "计划专员", "会计", "人力资源专员", "行政专员", "部门经理",
		"事业部总经理", "运维工程师", "实验室主管"},
	ethnicities: newWeighted[string]("汉族", 960, "畲族", 10, "回族", 10, "满族", 8, "壮族", 6, "土家族", 6),
}

var districtStaff = population{
	birthplace: yongchuanBirthplaces.draw, oldest: 1953, youngest: 2002,
	femaleShare: 0.38, probationary: 0.05, floating: 0.06, lostContact: 0.015,
	educations: newWeighted[string]("junior_high", 8, "senior_high", 18, "secondary_vocational", 14,
		"junior_college", 28, "bachelor", 27, "master", 5),
	jobs: []string{"总经理", "副总经理", "办公室主任", "车间主任", "班组长", "技术员", "工程师", "销售员", "会计", "出纳",
		"驾驶员", "操作工", "质检员", "仓库管理员", "店长", "社工", "协会秘书长", "项目经理", "安全员", "人事专员",
		"行政主管", "教师", "护士", "厨师", "个体工商户"},
	ethnicities: newWeighted[string]("汉族", 970, "土家族", 18, "苗族", 9, "回族", 3),
}

var syntheticStaff = population{
	birthplace: func(g *rng) string { return pick(g, chongqingBirthplaces) }, oldest: 1953, youngest: 2002,
	femaleShare: 0.38, probationary: 0.05, floating: 0.05, lostContact: 0.01,
	educations: districtStaff.educations, jobs: districtStaff.jobs, ethnicities: districtStaff.ethnicities,
}

// person is a member to be loaded; group is the party group within the branch, if any.
type person struct {
	domain.Member
	group *orgPlan
}

// newPerson draws one member of pop as of today. Full members joined after 1970, at 18 or
// older, and became full members a year later; probationary members joined in the last year.
func newPerson(g *rng, pop *population, ids *idNumbers, today domain.Date) *person {
	female := g.chance(pop.femaleShare)
	p := &person{}
	p.Category, p.Standing = domain.CategoryFull, domain.StandingNormal
	earliestJoin := domain.NewDate(1970, 1, 1)
	if g.chance(pop.probationary) {
		p.Category = domain.CategoryProbationary
		p.JoinedOn = today.AddDate(0, 0, -g.between(14, 350))
		age := g.between(19, 34)
		latest := p.JoinedOn.AddDate(-age, 0, 0)
		p.BirthDate = g.dateBetween(latest.AddDate(-1, 0, 1), latest)
	} else {
		lastJoin := today.AddDate(-1, 0, -1) // a full member's probation ended by today
		for {
			p.BirthDate = g.dateBetween(domain.NewDate(pop.oldest, 1, 1), domain.NewDate(pop.youngest, 12, 31))
			ages := joinAges.draw(g)
			p.JoinedOn = g.dateBetween(p.BirthDate.AddDate(ages[0], 0, 0), p.BirthDate.AddDate(ages[1]+1, 0, -1))
			if !p.JoinedOn.Before(earliestJoin) && !p.JoinedOn.After(lastJoin) {
				break
			}
		}
		p.FullMemberOn = p.JoinedOn.AddDate(1, 0, 0)
	}
	p.Gender = "male"
	if female {
		p.Gender = "female"
	}
	p.Name = personName(g, female)
	p.IDNumber = ids.next(g, pop.birthplace(g), p.BirthDate, female)
	if g.chance(0.97) {
		p.Phone = phoneNumber(g)
	}
	p.Ethnicity = pop.ethnicities.draw(g)
	p.Education = pop.educations.draw(g)
	p.JobTitle = pick(g, pop.jobs)
	p.Floating = g.chance(pop.floating)
	p.LostContact = g.chance(pop.lostContact)
	switch n := g.intn(1000); {
	case n < 3:
		p.Standing = domain.StandingRetained // 保留党籍: e.g. studying abroad
	case n < 5 && p.Category == domain.CategoryFull:
		p.Standing = domain.StandingSuspended
	}
	p.Positions = []string{}
	return p
}
