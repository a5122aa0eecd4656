package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// PointBreach is one broken invariant of the points ledger.
type PointBreach struct {
	Check       string // which invariant
	EntryID     int64  // the entry concerned, 0 when the breach is about an account or total
	SubjectType string
	SubjectID   int64
	Detail      string
}

// maxBreachesPerCheck bounds the report: a systematic fault would otherwise print millions of
// lines; the first ones identify it.
const maxBreachesPerCheck = 1000

func quoted(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return strings.Join(out, ",")
}

// VerifyPoints checks every invariant of the ledger in SQL and returns the breaches found
// (nil when the ledger is sound). sources lists the valid sources, indicatorSources those that
// must name an indicator, rewardOnly those that never move the appraisal score. It reads; run
// it on a reader (a consistent snapshot per statement) or inside a transaction.
func (q *Q) VerifyPoints(ctx context.Context, sources, indicatorSources, rewardOnly []string) ([]PointBreach, error) {
	lim := fmt.Sprintf(" LIMIT %d", maxBreachesPerCheck)
	checks := []struct {
		name, sql string
	}{
		// Running balances: each entry's *_after is the sum of the movements up to it.
		{"running_balance", `SELECT id, subject_type, subject_id, 'reward_after ' || reward_after || ' appraisal_after ' ||
			appraisal_after || ', recomputed ' || run_reward || ' and ' || run_appraisal FROM (
			SELECT e.id, e.subject_type, e.subject_id, e.reward_after, e.appraisal_after,
			CAST(SUM(e.reward) OVER (PARTITION BY e.subject_type, e.subject_id ORDER BY e.id) AS BIGINT) AS run_reward,
			CAST(SUM(e.appraisal) OVER (PARTITION BY e.subject_type, e.subject_id, e.year ORDER BY e.id) AS BIGINT) AS run_appraisal
			FROM point_entries e) x WHERE run_reward <> reward_after OR run_appraisal <> appraisal_after ORDER BY id` + lim},
		{"negative_reward", `SELECT id, subject_type, subject_id, 'reward_after ' || reward_after FROM point_entries
			WHERE reward_after < 0 ORDER BY id` + lim},
		{"negative_balance", `SELECT 0, subject_type, subject_id, 'reward_balance ' || reward_balance FROM point_accounts
			WHERE reward_balance < 0 ORDER BY id` + lim},
		// Account rows equal the sums of their entries.
		{"account_balance", `SELECT 0, a.subject_type, a.subject_id, 'account: balance ' || a.reward_balance || ', entries ' ||
			a.entries || ', last ' || a.last_entry_id || '; ledger: ' || COALESCE(s.total, 0) || ', ' || COALESCE(s.n, 0) ||
			', ' || COALESCE(s.last, 0) FROM point_accounts a LEFT JOIN (SELECT subject_type, subject_id,
			CAST(SUM(reward) AS BIGINT) AS total, COUNT(*) AS n, MAX(id) AS last FROM point_entries GROUP BY subject_type, subject_id) s
			ON s.subject_type = a.subject_type AND s.subject_id = a.subject_id
			WHERE a.reward_balance <> COALESCE(s.total, 0) OR a.entries <> COALESCE(s.n, 0) OR a.last_entry_id <> COALESCE(s.last, 0)
			ORDER BY a.id` + lim},
		{"account_missing", `SELECT MIN(e.id), e.subject_type, e.subject_id, 'entries without an account row' FROM point_entries e
			WHERE NOT EXISTS (SELECT 1 FROM point_accounts a WHERE a.subject_type = e.subject_type AND a.subject_id = e.subject_id)
			GROUP BY e.subject_type, e.subject_id ORDER BY 1` + lim},
		// Every entry has a known source, and what its source requires.
		{"source", `SELECT id, subject_type, subject_id, 'source ' || source || ', indicator ' || COALESCE(indicator_id, 0) ||
			', reverses ' || COALESCE(reverses_id, 0) FROM point_entries WHERE source NOT IN (` + quoted(sources) + `)
			OR (source IN (` + quoted(indicatorSources) + `) AND indicator_id IS NULL)
			OR ((source = 'reversal') <> (reverses_id IS NOT NULL))
			OR (source IN (` + quoted(rewardOnly) + `) AND (appraisal <> 0 OR category <> ''))
			OR (source NOT IN (` + quoted(rewardOnly) + `) AND (category = '' OR appraisal <> points))
			OR (source = 'bonus' AND subject_type <> 'org')
			ORDER BY id` + lim},
		// Caps never give more than asked, and the capped flag says whether they cut.
		{"capped", `SELECT e.id, e.subject_type, e.subject_id, 'requested ' || e.requested || ', points ' || e.points
			FROM point_entries e WHERE e.source <> 'reversal' AND e.source NOT IN (` + quoted(rewardOnly) + `)
			AND (ABS(e.points) > ABS(e.requested) OR (e.points <> e.requested AND NOT e.capped)
			OR (e.points = e.requested AND e.capped)) ORDER BY e.id` + lim},
		// An entry names the series of its indicator version; appraisal-only items never move
		// the reward balance; reward moves never exceed the points (a debit may be clamped).
		{"indicator", `SELECT e.id, e.subject_type, e.subject_id, 'indicator ' || i.id || ' series ' || i.series_id ||
			', entry series ' || e.series_id || ', reward ' || e.reward FROM point_entries e JOIN point_indicators i
			ON i.id = e.indicator_id WHERE e.series_id <> i.series_id OR (i.appraisal_only AND e.reward <> 0)
			OR (e.source <> 'reversal' AND NOT i.appraisal_only AND e.points >= 0 AND e.reward <> e.points)
			OR (e.source <> 'reversal' AND e.points < 0 AND (e.reward > 0 OR e.reward < e.points)) ORDER BY e.id` + lim},
		// A reversal mirrors the entry it reverses.
		{"reversal", `SELECT r.id, r.subject_type, r.subject_id, 'reverses ' || o.id FROM point_entries r
			JOIN point_entries o ON o.id = r.reverses_id WHERE r.source <> 'reversal' OR o.source = 'reversal'
			OR r.id < o.id OR r.subject_type <> o.subject_type OR r.subject_id <> o.subject_id
			OR COALESCE(r.indicator_id, 0) <> COALESCE(o.indicator_id, 0) OR r.year <> o.year OR r.category <> o.category
			OR r.points <> -o.points OR r.appraisal <> -o.appraisal OR r.quantity <> -o.quantity OR r.veto <> o.veto
			OR (o.reward >= 0 AND (r.reward > 0 OR r.reward < -o.reward)) OR (o.reward < 0 AND r.reward <> -o.reward)
			ORDER BY r.id` + lim},
		// The totals table equals the ledger's sums, both ways.
		{"totals", `SELECT 0, s.subject_type, s.subject_id, 'year ' || s.year || ' ' || s.category || ': ledger ' || s.p ||
			' / ' || s.v || ' / ' || s.n || ', totals ' || COALESCE(t.points, 0) || ' / ' || COALESCE(t.vetoes, 0) || ' / ' ||
			COALESCE(t.entries, 0) FROM (SELECT subject_type, subject_id, year, category, CAST(SUM(appraisal) AS BIGINT) AS p,
			CAST(SUM(CASE WHEN veto THEN (CASE WHEN reverses_id IS NULL THEN 1 ELSE -1 END) ELSE 0 END) AS BIGINT) AS v,
			COUNT(*) AS n FROM point_entries WHERE category <> '' GROUP BY subject_type, subject_id, year, category) s
			LEFT JOIN point_totals t ON t.subject_type = s.subject_type AND t.subject_id = s.subject_id AND t.year = s.year
			AND t.category = s.category WHERE t.points IS NULL OR t.points <> s.p OR t.vetoes <> s.v OR t.entries <> s.n
			ORDER BY s.subject_type, s.subject_id, s.year, s.category` + lim},
		{"totals_orphan", `SELECT 0, t.subject_type, t.subject_id, 'year ' || t.year || ' ' || t.category || ': totals ' ||
			t.points || ' without entries' FROM point_totals t WHERE NOT EXISTS (SELECT 1 FROM point_entries e
			WHERE e.subject_type = t.subject_type AND e.subject_id = t.subject_id AND e.year = t.year AND e.category = t.category)
			ORDER BY t.subject_type, t.subject_id` + lim},
	}
	var out []PointBreach
	for _, c := range checks {
		err := q.scanAll(ctx, c.sql, nil, func(rows *sql.Rows) error {
			b := PointBreach{Check: c.name}
			if err := rows.Scan(&b.EntryID, &b.SubjectType, &b.SubjectID, &b.Detail); err != nil {
				return err
			}
			out = append(out, b)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("verify %s: %w", c.name, err)
		}
	}
	return out, nil
}
