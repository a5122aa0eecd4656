package demo

import (
	"math/rand/v2"

	"dangjian/internal/domain"
)

// rng is the demo's deterministic random source: the same seed gives the same names,
// numbers and tree on every run and every machine, so a screenshot or a bug report made
// against the demo can be reproduced.
type rng struct{ r *rand.Rand }

func newRNG(seed uint64) *rng { return &rng{rand.New(rand.NewPCG(seed, 0x5eed_da46_a1a4))} }

// intn returns 0 ≤ n < max.
func (g *rng) intn(max int) int { return g.r.IntN(max) }

// between returns lo ≤ n ≤ hi.
func (g *rng) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// chance is true with probability p.
func (g *rng) chance(p float64) bool { return g.r.Float64() < p }

// pick returns one element of list.
func pick[T any](g *rng, list []T) T { return list[g.r.IntN(len(list))] }

// weighted is a list of choices with integer weights, drawn in proportion to them.
type weighted[T any] struct {
	items []T
	cum   []int // cumulative weights
}

func newWeighted[T any](pairs ...any) weighted[T] {
	var w weighted[T]
	total := 0
	for i := 0; i < len(pairs); i += 2 {
		total += pairs[i+1].(int)
		w.items = append(w.items, pairs[i].(T))
		w.cum = append(w.cum, total)
	}
	return w
}

func (w weighted[T]) draw(g *rng) T {
	n := g.r.IntN(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi { // first cumulative weight above n
		mid := (lo + hi) / 2
		if w.cum[mid] > n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return w.items[lo]
}

// dateBetween returns a day in [from, to] (to ≥ from).
func (g *rng) dateBetween(from, to domain.Date) domain.Date {
	days := int(to.Time().Sub(from.Time()).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, g.r.IntN(days+1))
}

// shuffle permutes list in place.
func shuffle[T any](g *rng, list []T) {
	g.r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
}
