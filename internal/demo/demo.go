// Package demo loads demonstration data modelled on the seeds: an enterprise party
// committee in Hangzhou (seed 001) and a district's "two new" organisations in Chongqing
// (seed 004), with valid personal numbers, dates that agree with each other and with the
// rules, and the accounts to try each role. On request it adds a large synthetic region for
// load and benchmark runs. Everything is drawn from a fixed seed, so every load is the same.
package demo

import (
	"context"
	"errors"

	"dangjian/internal/auth"
	"dangjian/internal/services"
)

// Options say what to load.
type Options struct {
	Members int // > 0: also a synthetic region with this many members (benchmarks)
	// PointEntries > 0 gives the synthetic region that many point entries of last year, spread
	// evenly over its members (benchmarks: 20,000,000 for 1,000,000 members).
	PointEntries int
	Progress     func(done, total int) // called now and then during large loads
	// DuesMonths is how many months of party-dues bills and payments, up to the current one,
	// the synthetic region gets (0: DefaultSyntheticDuesMonths; at most 12), every member
	// with a dues profile; < 0: no dues at all (benchmarks of something else). The demo
	// proper always has twelve months.
	DuesMonths int
}

// DefaultSyntheticDuesMonths keeps a synthetic region's dues to a few months: a year of bills
// and payments is some 23 rows a member, more than the members themselves take to load.
const DefaultSyntheticDuesMonths = 3

func (o Options) syntheticDuesMonths() int {
	switch {
	case o.DuesMonths < 0:
		return 0
	case o.DuesMonths == 0:
		return DefaultSyntheticDuesMonths
	}
	return min(o.DuesMonths, 12)
}

// Credential is a demo account to print.
type Credential struct{ Username, Password, Role, Org string }

// Result is what was loaded. Members counts everyone on the roster, including those the
// lifecycle added (admitted applicants, transfers in) and not those it took off (Left: a
// transfer out of the system completed, a probation cancelled).
type Result struct {
	Orgs, Members int
	Users         []Credential
	// The member lifecycle: applicants in development, transfers, floating-register
	// entries and standing changes (with lost-contact flags).
	Applicants, Transfers, Floating, StandingChanges int
	Left                                             int
	// Party dues: the bills of the last twelve months and the payments (see dues.go).
	DuesBills, DuesPayments int
}

// ErrNotEmpty is returned when the database already holds organisations: the demo is
// loaded once, into an empty database, and never mixed into real data.
var ErrNotEmpty = errors.New("demo: the database already holds organisations; load the demo into an empty database")

// Load fills an empty database with the demo data: organisations and accounts through the
// services (validated and audited one by one), members through the bulk path (validated
// with the same rules, audited per batch), then the member lifecycle — development,
// transfers, floating members, standing changes — through the services again, dated back
// from today. The synthetic region is written in bulk too. Then points, accounts, a year
// of party dues (profiles, bills and payments in bulk, hardship and this month's first
// payments through the services) and the fund pools, which book the dues collected.
func Load(ctx context.Context, set *services.Set, opts Options) (*Result, error) {
	n, err := set.DB.Read().CountOrgs(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	today := set.Orgs.Today()
	g, ids := newRNG(2026), newIDNumbers()
	ent := enterprisePlan(g, ids, today)
	dist := districtPlan(g, ids, today)
	away := takeFloating(ent) // the out-flow register flags those it registers
	var syn *orgPlan
	if opts.Members > 0 {
		syn = syntheticPlan(ids, today, opts.Members)
	}
	l := &loader{set: set, actor: auth.SystemActor(), today: today, progress: opts.Progress}
	res := &Result{}
	for _, p := range []*orgPlan{ent, dist, syn} {
		if p != nil {
			o, m := p.counts()
			res.Orgs += o
			l.total += m
		}
	}
	for _, p := range []*orgPlan{ent, dist} {
		if err := l.orgsViaService(ctx, p); err != nil {
			return nil, err
		}
		if err := l.members(ctx, p, false); err != nil {
			return nil, err
		}
	}
	life, err := l.lifecycle(ctx, ids, ent, dist, away)
	if err != nil {
		return nil, err
	}
	res.Applicants, res.Transfers, res.Floating, res.StandingChanges = life.applicants, life.transfers, life.floating, life.standing
	l.done, l.total = l.done+life.added, l.total+life.added // progress reports the whole roster
	if syn != nil {
		if err := l.orgsBulk(ctx, syn); err != nil {
			return nil, err
		}
		if err := l.members(ctx, syn, true); err != nil {
			return nil, err
		}
	}
	if err := l.demoPoints(ctx, ent, dist); err != nil {
		return nil, err
	}
	if syn != nil && opts.PointEntries > 0 {
		if err := l.syntheticPoints(ctx, syn, opts.PointEntries, opts.Members); err != nil {
			return nil, err
		}
	}
	if res.Users, err = l.accounts(ctx, ent, dist); err != nil {
		return nil, err
	}
	if res.DuesBills, res.DuesPayments, err = l.demoDues(ctx, ent, dist, syn, opts.syntheticDuesMonths()); err != nil {
		return nil, err
	}
	if err := l.demoFunds(ctx, ent); err != nil {
		return nil, err
	}
	res.Members, res.Left = l.done-life.left, life.left
	return res, nil
}
