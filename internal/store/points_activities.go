package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"dangjian/internal/domain"
)

// CoverageBand is one band of an activity plan's coverage table: from MinPercent of the
// branch's members taking part, the base points are multiplied by Factor (tenths: 0.8 = 8).
type CoverageBand struct {
	MinPercent int           `json:"min_percent"`
	Factor     domain.Points `json:"factor"`
}

// ActivityPlan is an activity a committee (or general branch) plans for a year, for its
// branches to claim (seed 001). Claims are filled by ActivityPlans for the plans listed.
type ActivityPlan struct {
	ID            int64
	OrgID         int64
	OrgPath       string
	OrgName       string
	Year          int
	Name          string
	Description   string
	Complexity    int
	BasePoints    domain.Points
	Expected      string // "", YYYY-MM or YYYY-Qn
	ClaimDeadline domain.Date
	MaxClaims     int // 0: any number of branches
	Coverage      []CoverageBand
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	ClaimCount    int // filled on read
	Claims        []ActivityClaim
}

// ActivityClaim is a branch's claim of a plan and, once completed, its attendance and points.
type ActivityClaim struct {
	ID              int64
	PlanID          int64
	OrgID           int64
	OrgPath         string
	OrgName         string
	Status          string // claimed | completed
	ClaimedBy       int64
	ClaimedByName   string
	ClaimedAt       time.Time
	Participants    int
	Members         int
	Factor          domain.Points
	Points          domain.Points
	EntryID         int64
	CompletedOn     domain.Date
	CompletedBy     int64
	CompletedByName string
	CompletedAt     *time.Time
}

// Statuses of an activity claim.
const (
	ActivityClaimed   = "claimed"
	ActivityCompleted = "completed"
)

const activityPlanColumns = `p.id, p.org_id, o.path, o.name, p.year, p.name, p.description, p.complexity, p.base_points,
	p.expected, p.claim_deadline, COALESCE(p.max_claims, 0), p.coverage, COALESCE(p.created_by, 0), p.created_by_name,
	p.created_at, (SELECT COUNT(*) FROM activity_claims c WHERE c.plan_id = p.id)`

const activityPlanFrom = ` FROM activity_plans p JOIN orgs o ON o.id = p.org_id`

func scanActivityPlan(row interface{ Scan(...any) error }, p *ActivityPlan) error {
	var coverage string
	if err := row.Scan(&p.ID, &p.OrgID, &p.OrgPath, &p.OrgName, &p.Year, &p.Name, &p.Description, &p.Complexity,
		&p.BasePoints, &p.Expected, &p.ClaimDeadline, &p.MaxClaims, &coverage, &p.CreatedBy, &p.CreatedByName,
		&p.CreatedAt, &p.ClaimCount); err != nil {
		return err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return json.Unmarshal([]byte(coverage), &p.Coverage)
}

// ActivityPlan returns one plan (locked inside a write transaction on PostgreSQL, so claims
// of one plan serialise and a plan's maximum of branches holds), or ErrNoRows.
func (q *Q) ActivityPlan(ctx context.Context, id int64) (*ActivityPlan, error) {
	var p ActivityPlan
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF p"
	}
	if err := scanActivityPlan(q.q.QueryRowContext(ctx, `SELECT `+activityPlanColumns+activityPlanFrom+` WHERE p.id = $1`+lock, id), &p); err != nil {
		return nil, err
	}
	return &p, q.fillActivityClaims(ctx, []*ActivityPlan{&p})
}

// ActivityPlans lists the plans of a year owned by any of ownerIDs, oldest first, with
// their claims.
func (q *Q) ActivityPlans(ctx context.Context, ownerIDs []int64, year int) ([]ActivityPlan, error) {
	if len(ownerIDs) == 0 {
		return nil, nil
	}
	args := []any{year}
	list, ids := idListFrom(ownerIDs, len(args))
	args = append(args, ids...)
	var out []ActivityPlan
	err := q.scanAll(ctx, `SELECT `+activityPlanColumns+activityPlanFrom+` WHERE p.year = $1 AND p.org_id IN (`+list+`)
		ORDER BY o.depth, p.id`, args, func(rows *sql.Rows) error {
		var p ActivityPlan
		if err := scanActivityPlan(rows, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	ptrs := make([]*ActivityPlan, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, q.fillActivityClaims(ctx, ptrs)
}

const activityClaimColumns = `c.id, c.plan_id, c.org_id, o.path, o.name, c.status, COALESCE(c.claimed_by, 0), c.claimed_by_name,
	c.claimed_at, COALESCE(c.participants, 0), COALESCE(c.members, 0), COALESCE(c.factor, 0), COALESCE(c.points, 0),
	COALESCE(c.entry_id, 0), c.completed_on, COALESCE(c.completed_by, 0), c.completed_by_name, c.completed_at`

func scanActivityClaim(row interface{ Scan(...any) error }, c *ActivityClaim) error {
	var done sql.NullTime
	err := row.Scan(&c.ID, &c.PlanID, &c.OrgID, &c.OrgPath, &c.OrgName, &c.Status, &c.ClaimedBy, &c.ClaimedByName,
		&c.ClaimedAt, &c.Participants, &c.Members, &c.Factor, &c.Points, &c.EntryID, &c.CompletedOn, &c.CompletedBy,
		&c.CompletedByName, &done)
	c.ClaimedAt = c.ClaimedAt.UTC()
	if done.Valid {
		t := done.Time.UTC()
		c.CompletedAt = &t
	}
	return err
}

func (q *Q) fillActivityClaims(ctx context.Context, plans []*ActivityPlan) error {
	byID := map[int64]*ActivityPlan{}
	ids := make([]int64, len(plans))
	for i, p := range plans {
		byID[p.ID], ids[i] = p, p.ID
	}
	list, args := idListFrom(ids, 0)
	return q.scanAll(ctx, `SELECT `+activityClaimColumns+` FROM activity_claims c JOIN orgs o ON o.id = c.org_id
		WHERE c.plan_id IN (`+list+`) ORDER BY c.id`, args, func(rows *sql.Rows) error {
		var c ActivityClaim
		if err := scanActivityClaim(rows, &c); err != nil {
			return err
		}
		p := byID[c.PlanID]
		p.Claims = append(p.Claims, c)
		return nil
	})
}

// InsertActivityPlan stores a new plan and sets its ID and CreatedAt.
func (q *Q) InsertActivityPlan(ctx context.Context, p *ActivityPlan) error {
	p.CreatedAt = now()
	coverage, err := json.Marshal(p.Coverage)
	if err != nil {
		return err
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO activity_plans (org_id, year, name, description, complexity, base_points,
		expected, claim_deadline, max_claims, coverage, created_by, created_by_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`, p.OrgID, p.Year, p.Name,
		p.Description, p.Complexity, int64(p.BasePoints), p.Expected, p.ClaimDeadline, nullInt(int64(p.MaxClaims)),
		string(coverage), nullInt(p.CreatedBy), p.CreatedByName, p.CreatedAt).Scan(&p.ID)
}

// InsertActivityClaim stores a branch's claim. The caller holds the plan's lock (ActivityPlan
// in the same transaction) and has checked the branch has none yet; the unique (plan, org)
// backs that up.
func (q *Q) InsertActivityClaim(ctx context.Context, c *ActivityClaim) error {
	c.ClaimedAt, c.Status = now(), ActivityClaimed
	return q.q.QueryRowContext(ctx, `INSERT INTO activity_claims (plan_id, org_id, status, claimed_by, claimed_by_name,
		claimed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.PlanID, c.OrgID, c.Status, nullInt(c.ClaimedBy),
		c.ClaimedByName, c.ClaimedAt).Scan(&c.ID)
}

// CompleteActivityClaim records a claimed activity's completion; it reports false when the
// claim was completed meanwhile.
func (q *Q) CompleteActivityClaim(ctx context.Context, c *ActivityClaim) (bool, error) {
	t := now()
	c.CompletedAt, c.Status = &t, ActivityCompleted
	res, err := q.q.ExecContext(ctx, `UPDATE activity_claims SET status = $1, participants = $2, members = $3, factor = $4,
		points = $5, entry_id = $6, completed_on = $7, completed_by = $8, completed_by_name = $9, completed_at = $10
		WHERE id = $11 AND status = 'claimed'`, c.Status, c.Participants, c.Members, int64(c.Factor), int64(c.Points),
		nullInt(c.EntryID), c.CompletedOn, nullInt(c.CompletedBy), c.CompletedByName, t, c.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
