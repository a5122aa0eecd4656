package demo

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

// The member lifecycle of the demo: applicants at every stage of development, transfers in
// every state, the floating-member registers and a handful of standing changes. All of it
// goes through the services as the system actor, so it is validated, recorded as member
// events and audited like work done in the console, and every timer is checked by the
// service that owns it. The dates are counted back from today, so what is due or overdue
// on the day the demo is loaded is what the pages show.

// lifeSeed is separate from the plans' seed: the lifecycle draws after the roster exists,
// and the roster stays the same whatever is drawn here.
const lifeSeed = 2026_0003

// lifecycle holds what the lifecycle loaders share.
type lifecycle struct {
	*loader
	g     *rng
	ids   *idNumbers
	used  map[*person]bool // members already given a part: each plays one
	added int              // members created by the services (admissions, transfers in)
	left  int              // members who left the roster (a transfer out of the system completed, a probation cancelled)
}

// lifeCounts says how much of the lifecycle was loaded.
type lifeCounts struct {
	applicants, transfers, floating, standing, added, left int
}

// lifecycle loads the lifecycle over the written enterprise and district plans. outflow are
// the enterprise members drawn as working away, whose floating flag the out-flow register
// sets (with its member event) instead of the bulk load.
func (l *loader) lifecycle(ctx context.Context, ids *idNumbers, ent, dist *orgPlan, outflow []*person) (lifeCounts, error) {
	lc := &lifecycle{loader: l, g: newRNG(lifeSeed), ids: ids, used: map[*person]bool{}}
	var c lifeCounts
	var err error
	entBranches := ent.children[:15] // all but the overseas branch, too small to develop members
	// The demo secretary's and member's branch: its people keep their places, so signing in
	// as them shows the same roster every time.
	accountBranch := ent.children[6]
	for _, p := range accountBranch.members {
		lc.used[p] = true
	}
	distBranches := developingBranches(dist)
	if c.applicants, err = lc.applicants(ctx, entBranches, distBranches); err != nil {
		return c, err
	}
	var movable []*orgPlan
	for _, b := range entBranches {
		if b != accountBranch {
			movable = append(movable, b)
		}
	}
	if c.transfers, err = lc.transfers(ctx, movable, distBranches); err != nil {
		return c, err
	}
	if c.floating, err = lc.floating(ctx, outflow, ent, distBranches); err != nil {
		return c, err
	}
	if c.standing, err = lc.standing(ctx, movable, dist); err != nil {
		return c, err
	}
	cancelled, err := lc.cancelled(ctx, distBranches)
	if err != nil {
		return c, err
	}
	c.applicants += cancelled
	c.added, c.left = lc.added, lc.left
	return c, nil
}

// takeFloating clears the floating flag of the plan's members and returns them: the
// out-flow register sets it again for those it registers.
func takeFloating(root *orgPlan) []*person {
	var out []*person
	root.walk(func(o, _ *orgPlan) {
		for _, p := range o.members {
			if p.Floating {
				p.Floating = false
				out = append(out, p)
			}
		}
	})
	return out
}

// developingBranches returns district branches big enough to develop members (a dozen full
// members or more for contacts, sponsors and a meeting), of different kinds: one of an
// enterprise committee, one in an industrial park, two in towns. A retirees' branch
// develops nobody and receives no one transferring for work, so it is passed over.
func developingBranches(root *orgPlan) []*orgPlan {
	want := []func(parent *orgPlan) bool{
		func(p *orgPlan) bool { return p.Type == domain.OrgCommittee },
		func(p *orgPlan) bool { return strings.HasSuffix(p.Name, "工业园党工委") },
		func(p *orgPlan) bool { return strings.HasSuffix(p.Name, "两新组织党委") },
		func(p *orgPlan) bool { return strings.HasSuffix(p.Name, "两新组织党委") },
	}
	var out []*orgPlan
	seen := map[*orgPlan]bool{}
	for _, fits := range want {
		var found, under *orgPlan
		root.walk(func(o, parent *orgPlan) {
			if found == nil && o.Type.IsBranch() && parent != nil && !seen[parent] && fits(parent) &&
				!strings.Contains(o.Name, "离退休") && len(fullMembers(o)) >= 12 {
				found, under = o, parent
			}
		})
		if found == nil {
			panic("demo: the district plan has no branch to develop members in") // it has dozens
		}
		seen[under] = true
		out = append(out, found)
	}
	return out
}

// fullMembers are the branch's full members in normal standing and in contact: those who
// may be contacts and sponsors, and who vote.
func fullMembers(b *orgPlan) []*person {
	var out []*person
	for _, p := range b.members {
		if p.Category == domain.CategoryFull && p.Standing == domain.StandingNormal && !p.LostContact {
			out = append(out, p)
		}
	}
	return out
}

// pickPlain takes a member of the branch for a part: a full member in normal standing, in
// contact, at home, without an office, and not yet given a part. Nil when none is left.
func (lc *lifecycle) pickPlain(b *orgPlan) *person {
	var free []*person
	for _, p := range fullMembers(b) {
		if !p.Floating && len(p.Positions) == 0 && !lc.used[p] {
			free = append(free, p)
		}
	}
	if len(free) == 0 {
		return nil
	}
	p := pick(lc.g, free)
	lc.used[p] = true
	return p
}

// pickFrom takes a plain member from the first of the branches (in a random order) that has
// one.
func (lc *lifecycle) pickFrom(branches []*orgPlan) (*person, *orgPlan) {
	order := append([]*orgPlan(nil), branches...)
	shuffle(lc.g, order)
	for _, b := range order {
		if p := lc.pickPlain(b); p != nil {
			return p, b
		}
	}
	panic("demo: no plain member left in the branches") // the branches hold hundreds
}

// Days relative to today.

func (lc *lifecycle) daysAgo(n int) domain.Date { return lc.today.AddDate(0, 0, -n) }

// laterThisMonth is a day from today to at most max days on, within this month.
func (lc *lifecycle) laterThisMonth(max int) domain.Date {
	left := lastOfMonth(lc.today).Time().Day() - lc.today.Time().Day()
	return lc.today.AddDate(0, 0, min(lc.g.between(0, max), left))
}

// backThisMonth is a number of days back from today, at most max, staying in this month.
func (lc *lifecycle) backThisMonth(max int) int {
	return min(lc.g.between(0, max), lc.today.Time().Day()-1)
}

func lastOfMonth(d domain.Date) domain.Date {
	t := d.Time()
	return domain.NewDate(t.Year(), t.Month()+1, 0)
}

func month(d domain.Date) string { return d.Time().Format("2006-01") }

// monthsBefore returns the day n months before target, moved on so that n months after it
// is not before today: a due date drawn for "later this month" is never already past (a
// target at the end of a month can move into the next, where no earlier day maps to it).
func (lc *lifecycle) monthsBefore(target domain.Date, n int) domain.Date {
	d := domain.AddMonths(target, -n)
	for domain.AddMonths(d, n).Before(lc.today) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
