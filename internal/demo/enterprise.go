package demo

import "dangjian/internal/domain"

// The enterprise model (seed 001): a listed high-tech company in Hangzhou whose party
// committee has 16 branches and about 400 members, organised by business unit, with party
// groups in the larger branches and branch secretaries from middle management. The company
// is made up.
const (
	EnterpriseName = "杭州睿光分析仪器股份有限公司党委"
	enterpriseUnit = "杭州睿光分析仪器股份有限公司"
)

// enterpriseBranch is one branch of the plan; the odd ones out show the console's warnings.
type enterpriseBranch struct {
	name     string
	size     int
	floating float64 // share of members away (sales regions)
	shape    branchShape
	fullOnly int // > 0: exactly this many full members, the rest probationary
}

var enterpriseBranches = []enterpriseBranch{
	{name: "研发中心第一党支部", size: 56, shape: branchShape{committee: true, groupsOver: 24}}, // over 50: should split
	{name: "研发中心第二党支部", size: 40, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "环境监测事业部党支部", size: 34, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "工业过程分析事业部党支部", size: 30, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "实验室分析仪器事业部党支部", size: 28, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "水质监测事业部党支部", size: 26, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "智慧环保事业部党支部", size: 24, shape: branchShape{committee: true}},
	{name: "生产制造中心党支部", size: 34, shape: branchShape{committee: true, groupsOver: 24}},
	{name: "质量管理部党支部", size: 18, shape: branchShape{committee: true}},
	{name: "供应链管理部党支部", size: 16, shape: branchShape{committee: true}},
	{name: "营销中心华东大区党支部", size: 22, floating: 0.25, shape: branchShape{committee: true}},
	{name: "营销中心华北大区党支部", size: 15, floating: 0.45, shape: branchShape{committee: true}},
	{name: "营销中心西南大区党支部", size: 12, floating: 0.5, shape: branchShape{committee: true}},
	{name: "运维服务中心党支部", size: 25, shape: branchShape{committee: false}}, // committee not yet elected
	{name: "职能部门党支部", size: 20, shape: branchShape{committee: true}},
	{name: "海外业务部党支部", size: 4, fullOnly: 2, shape: branchShape{}}, // too few full members
}

var managerTitles = []string{"部门经理", "研发总监", "事业部副总经理", "区域销售总监", "生产经理", "质量经理", "项目总监"}

// enterprisePlan builds the committee and its branches.
func enterprisePlan(g *rng, ids *idNumbers, today domain.Date) *orgPlan {
	root := newOrg(g, domain.OrgCommittee, EnterpriseName, today)
	root.Code, root.UnitName = "RG00", enterpriseUnit
	root.UnitCreditCode = creditCode(g, "91", hangzhouUnitRegion)
	root.EstablishedOn = domain.NewDate(2012, 7, 1) // branch since 2006, committee since 2012
	root.DemonstrationLevel = "city"
	code := coder{prefix: "RG"}
	for i, b := range enterpriseBranches {
		br := root.add(newOrg(g, domain.OrgBranch, b.name, today))
		br.Code = code.next()
		if i < 2 {
			br.DemonstrationLevel = "district"
		}
		pop := enterpriseStaff
		if b.floating > 0 {
			pop.floating = b.floating
		}
		if b.fullOnly > 0 {
			pop.probationary = 0
		}
		br.fill(g, &pop, ids, today, b.size, b.shape)
		// Every branch secretary is a manager (seed 001: "经理层占到100%").
		holder(br, "secretary").JobTitle = pick(g, managerTitles)
		if b.fullOnly > 0 {
			for _, p := range br.members {
				p.Positions = []string{}
			}
			makeProbationary(g, br.members[b.fullOnly:], today)
			br.appoint(g, b.shape)
		}
	}
	return root
}

// makeProbationary turns members into ones admitted in the last months. The staff are all
// born by 2002, so they were adults then.
func makeProbationary(g *rng, list []*person, today domain.Date) {
	for _, p := range list {
		p.Category, p.FullMemberOn = domain.CategoryProbationary, domain.Date{}
		p.JoinedOn = today.AddDate(0, 0, -g.between(30, 300))
	}
}
