package ratings

import (
	"context"
	"encoding/json"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// ruleBook answers "which rule is in force for the organisation at this path" for many
// organisations with one query: the same choice as store.Q.Rule (the row of the nearest
// organisation on the path wins over the global one; among rows of one organisation the
// latest valid_from), decoded once per row.
type ruleBook[T any] struct {
	global   *T
	byOrg    map[int64]*T
	byPath   map[string]*T
	fallback T
}

// loadRuleBook reads the rows of key in force on a day; fallback applies when none does.
func loadRuleBook[T any](ctx context.Context, q *store.Q, key string, on domain.Date, fallback T, fix func(*T)) (*ruleBook[T], error) {
	rows, err := q.RulesInForce(ctx, key, on)
	if err != nil {
		return nil, err
	}
	b := &ruleBook[T]{byOrg: map[int64]*T{}, byPath: map[string]*T{}, fallback: fallback}
	for _, r := range rows { // oldest first: a later row of the same organisation replaces it
		// Decode into a zero value, never over the fallback: json reuses a slice's backing
		// array, which would overwrite the shipped defaults (domain.DefaultStarRule).
		var v T
		if err := json.Unmarshal([]byte(r.Value), &v); err != nil {
			return nil, err
		}
		if fix != nil {
			fix(&v)
		}
		if r.OrgID == 0 {
			b.global = &v
		} else {
			b.byOrg[r.OrgID] = &v
		}
	}
	return b, nil
}

// For returns the rule for the organisation at path.
func (b *ruleBook[T]) For(path string) T {
	if v, ok := b.byPath[path]; ok {
		return *v
	}
	v := &b.fallback
	if b.global != nil {
		v = b.global
	}
	ids := domain.PathIDs(path)
	for i := len(ids) - 1; i >= 0; i-- {
		if r, ok := b.byOrg[ids[i]]; ok {
			v = r
			break
		}
	}
	b.byPath[path] = v
	return *v
}

// fixStars and fixCategories fill what a rule row leaves out with the shipped values.
func fixStars(r *domain.StarRule)          { r.FillDefaults() }
func fixCategories(r *domain.CategoryRule) { r.FillDefaults() }
