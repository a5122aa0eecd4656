package store

import (
	"context"
	"encoding/json"
	"sort"

	"dangjian/internal/domain"
)

// RuleVersion is a rule value and the day from which it is the one in force.
type RuleVersion struct {
	From  domain.Date
	Value json.RawMessage // nil: no row applies from From
}

// ruleRow is one stored row of a key that may apply on an organisation's path.
type ruleRow struct {
	id       int64
	value    string
	from, to domain.Date // to zero: open-ended; the row applies before to
	depth    int         // the row's organisation depth; 0 for a global row
}

// RuleTimeline returns every value a rule takes for an organisation over time, oldest
// first, choosing on each day exactly as Rule does (the nearest organisation's row on the
// path wins over the global one, then the latest valid_from). Evaluations over a period —
// a compliance year, where the rule at each period's start applies — need the whole history
// rather than the value on one day. An empty orgPath reads the global rows only.
func (q *Q) RuleTimeline(ctx context.Context, key string, orgPath string) ([]RuleVersion, error) {
	args := []any{key}
	orgCond := "r.org_id IS NULL"
	if ids := domain.PathIDs(orgPath); len(ids) > 0 {
		orgCond = "(r.org_id IS NULL OR r.org_id IN ("
		for i, id := range ids {
			args = append(args, id)
			if i > 0 {
				orgCond += ","
			}
			orgCond += placeholder(len(args))
		}
		orgCond += "))"
	}
	rows, err := q.q.QueryContext(ctx, `SELECT r.id, r.value, r.valid_from, r.valid_to, COALESCE(o.depth, 0)
		FROM rules r LEFT JOIN orgs o ON o.id = r.org_id WHERE r.key = $1 AND `+orgCond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []ruleRow
	for rows.Next() {
		var r ruleRow
		if err := rows.Scan(&r.id, &r.value, &r.from, &r.to, &r.depth); err != nil {
			return nil, err
		}
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ruleTimeline(all), nil
}

// ruleTimeline resolves the rows at every day one of them starts or ends; between those
// days the choice cannot change.
func ruleTimeline(all []ruleRow) []RuleVersion {
	var days []domain.Date
	for _, r := range all {
		days = append(days, r.from)
		if !r.to.IsZero() {
			days = append(days, r.to)
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	var out []RuleVersion
	last := int64(-1) // the id chosen before; 0: none
	for i, d := range days {
		if i > 0 && d.Time().Equal(days[i-1].Time()) {
			continue
		}
		var best *ruleRow
		for k := range all {
			r := &all[k]
			if r.from.After(d) || (!r.to.IsZero() && !r.to.After(d)) {
				continue
			}
			if best == nil || r.depth > best.depth || (r.depth == best.depth && (r.from.After(best.from) ||
				(r.from.Time().Equal(best.from.Time()) && r.id > best.id))) {
				best = r
			}
		}
		id, v := int64(0), json.RawMessage(nil)
		if best != nil {
			id, v = best.id, json.RawMessage(best.value)
		}
		if id != last {
			out = append(out, RuleVersion{From: d, Value: v})
			last = id
		}
	}
	return out
}
