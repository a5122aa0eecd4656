package demo

import (
	"fmt"
	"sort"

	"dangjian/internal/domain"
)

// orgPlan is an organisation to be loaded, with its children and (for branches) members.
// The loaders fill in Org.ID and Org.Path as they write it.
type orgPlan struct {
	domain.Org
	children []*orgPlan
	members  []*person
	later    *lateFill // members drawn only when written, so a large load does not hold them all
}

// lateFill is a branch's fill, deferred until the loader writes the branch.
type lateFill struct {
	g     *rng
	pop   *population
	ids   *idNumbers
	today domain.Date
	size  int
	shape branchShape
}

// materialise draws a deferred branch's members now.
func (o *orgPlan) materialise() {
	if f := o.later; f != nil {
		o.later = nil
		o.fill(f.g, f.pop, f.ids, f.today, f.size, f.shape)
	}
}

func (o *orgPlan) add(c *orgPlan) *orgPlan {
	o.children = append(o.children, c)
	return c
}

// walk visits o and its subtree, parents first.
func (o *orgPlan) walk(fn func(o, parent *orgPlan)) {
	var visit func(o, parent *orgPlan)
	visit = func(o, parent *orgPlan) {
		fn(o, parent)
		for _, c := range o.children {
			visit(c, o)
		}
	}
	visit(o, nil)
}

// counts returns the organisations and members of the subtree.
func (o *orgPlan) counts() (orgs, members int) {
	o.walk(func(x, _ *orgPlan) {
		orgs++
		members += len(x.members)
		if x.later != nil {
			members += x.later.size
		}
	})
	return orgs, members
}

// partyOrgs counts the organisations of the subtree other than party groups, which is how
// the seeds count party organisations.
func (o *orgPlan) partyOrgs() (n int) {
	o.walk(func(x, _ *orgPlan) {
		if x.Type != domain.OrgGroup {
			n++
		}
	})
	return n
}

// newOrg starts an organisation of type t with a term that began at a random day in the
// last term-and-a-bit, so some terms have ended and others end within months, as happens.
func newOrg(g *rng, t domain.OrgType, name string, today domain.Date) *orgPlan {
	o := &orgPlan{Org: domain.Org{Name: name, Type: t}}
	if t == domain.OrgGroup {
		return o
	}
	years := domain.DefaultOrgRules.TermYears[string(t)]
	o.TermStartedOn = today.AddDate(0, 0, -g.between(30, years*365+240))
	o.TermEndsOn = o.TermStartedOn.AddDate(years, 0, 0)
	o.EstablishedOn = o.TermStartedOn.AddDate(-g.between(0, 12), -g.between(0, 11), 0)
	if o.EstablishedOn.Before(domain.NewDate(2004, 1, 1)) {
		o.EstablishedOn = o.TermStartedOn
	}
	return o
}

// branchShape says how a branch's leadership and groups are set up.
type branchShape struct {
	committee  bool // with ≥ 7 full members, elect a committee (RULES.md); false leaves it missing
	groupsOver int  // split into party groups of about ten when the branch has more members than this (0: never)
}

// fill adds size members of pop to the branch and sets up its secretary, committee and
// groups. Leaders are drawn from full members who joined earliest.
func (o *orgPlan) fill(g *rng, pop *population, ids *idNumbers, today domain.Date, size int, shape branchShape) {
	for i := 0; i < size; i++ {
		o.members = append(o.members, newPerson(g, pop, ids, today))
	}
	o.appoint(g, shape)
	if shape.groupsOver > 0 && size > shape.groupsOver {
		o.splitGroups(g, today)
	}
}

var committeeSeats = []string{"secretary", "organization_member", "propaganda_member", "discipline_member", "deputy_secretary"}

func (o *orgPlan) appoint(g *rng, shape branchShape) {
	var full []*person
	for _, p := range o.members {
		if p.Category == domain.CategoryFull && p.Standing == domain.StandingNormal && !p.LostContact {
			full = append(full, p)
		}
	}
	sort.SliceStable(full, func(i, j int) bool { return full[i].JoinedOn.Before(full[j].JoinedOn) })
	seniors := full[:min(len(full), 12)]
	shuffle(g, seniors)
	seats := []string{}
	switch {
	case len(full) >= domain.DefaultOrgRules.CommitteeAtFull && shape.committee:
		seats = committeeSeats[:min(len(full)/6+2, 5)] // 3 to 5 committee members
		if len(seats) < 3 {
			seats = committeeSeats[:3]
		}
	case len(full) >= 5:
		seats = []string{"secretary", "deputy_secretary"}
	case len(full) >= 1:
		seats = []string{"secretary"}
	}
	for i, seat := range seats {
		seniors[i].Positions = append(seniors[i].Positions, seat)
	}
}

var groupNumbers = []string{"第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八"}

func (o *orgPlan) splitGroups(g *rng, today domain.Date) {
	n := min((len(o.members)+9)/10, len(groupNumbers))
	groups := make([]*orgPlan, n)
	for i := range groups {
		groups[i] = o.add(newOrg(g, domain.OrgGroup, groupNumbers[i]+"党小组", today))
	}
	for i, p := range o.members {
		p.group = groups[i%n]
	}
	led := map[*orgPlan]bool{}
	for _, p := range o.members {
		if !led[p.group] && len(p.Positions) == 0 && p.Category == domain.CategoryFull && !p.Floating {
			led[p.group] = true
			p.Positions = append(p.Positions, "group_leader")
		}
	}
}

// code numbers organisations within a tree: prefix and a sequence.
type coder struct {
	prefix string
	n      int
}

func (c *coder) next() string {
	c.n++
	return fmt.Sprintf("%s%04d", c.prefix, c.n)
}
