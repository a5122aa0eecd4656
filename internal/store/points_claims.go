package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Claims are scoped through their organisation's current path (orgs.path), so a moved
// subtree takes its queue along. An approved claim's PointsExpected is what its entry asked
// for; the points service computes it for the others.
const claimColumns = `c.id, c.indicator_id, i.code, i.name, c.subject_type, c.subject_id,
	COALESCE(CASE WHEN c.subject_type = 'member' THEN (SELECT m.name FROM members m WHERE m.id = c.subject_id)
	ELSE (SELECT so.name FROM orgs so WHERE so.id = c.subject_id) END, ''),
	c.org_id, o.path, c.quantity, c.occurred_on, c.note, c.status, c.reason, COALESCE(c.entry_id, 0),
	COALESCE(c.claimed_by, 0), c.claimed_by_name, COALESCE(c.decided_by, 0), c.decided_by_name, c.decided_at, c.created_at,
	COALESCE((SELECT e.requested FROM point_entries e WHERE e.id = c.entry_id), 0)`

const claimFrom = ` FROM point_claims c JOIN point_indicators i ON i.id = c.indicator_id JOIN orgs o ON o.id = c.org_id`

func scanClaim(row interface{ Scan(...any) error }, c *domain.Claim) error {
	var decided sql.NullTime
	err := row.Scan(&c.ID, &c.IndicatorID, &c.IndicatorCode, &c.IndicatorName, &c.SubjectType, &c.SubjectID,
		&c.SubjectName, &c.OrgID, &c.OrgPath, &c.Quantity, &c.OccurredOn, &c.Note, &c.Status, &c.Reason, &c.EntryID,
		&c.ClaimedBy, &c.ClaimedByName, &c.DecidedBy, &c.DecidedByName, &decided, &c.CreatedAt, &c.PointsExpected)
	if decided.Valid {
		t := decided.Time.UTC()
		c.DecidedAt = &t
	}
	return err
}

// PointClaim returns one claim (locked inside a write transaction), or ErrNoRows.
func (q *Q) PointClaim(ctx context.Context, id int64) (*domain.Claim, error) {
	var c domain.Claim
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF c"
	}
	if err := scanClaim(q.q.QueryRowContext(ctx, `SELECT `+claimColumns+claimFrom+` WHERE c.id = $1`+lock, id), &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// PointClaimFilter selects claims; empty Scopes selects nothing.
type PointClaimFilter struct {
	Scopes      []string
	Under       string
	Status      string
	SubjectType string
	SubjectID   int64
	AfterID     int64
	Limit       int
}

// PointClaims lists claims in id order (oldest first: a queue).
func (q *Q) PointClaims(ctx context.Context, f PointClaimFilter) ([]domain.Claim, error) {
	args := []any{}
	where := []string{scopeClause("o.path", f.Scopes, &args)}
	if f.Under != "" {
		where = append(where, scopeClause("o.path", []string{f.Under}, &args))
	}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, cond+placeholder(len(args)))
	}
	if f.Status != "" {
		add("c.status = ", f.Status)
	}
	if f.SubjectType != "" {
		add("c.subject_type = ", f.SubjectType)
	}
	if f.SubjectID != 0 {
		add("c.subject_id = ", f.SubjectID)
	}
	if f.AfterID != 0 {
		add("c.id > ", f.AfterID)
	}
	text := `SELECT ` + claimColumns + claimFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY c.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	var out []domain.Claim
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var c domain.Claim
		if err := scanClaim(rows, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	return out, q.fillEvidence(ctx, out)
}

// InsertPointClaim stores a new claim and sets its ID and CreatedAt.
func (q *Q) InsertPointClaim(ctx context.Context, c *domain.Claim) error {
	c.CreatedAt = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO point_claims (indicator_id, subject_type, subject_id, org_id, quantity,
		occurred_on, note, status, claimed_by, claimed_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11) RETURNING id`, c.IndicatorID, c.SubjectType, c.SubjectID, c.OrgID, int64(c.Quantity), c.OccurredOn,
		c.Note, c.Status, nullInt(c.ClaimedBy), c.ClaimedByName, c.CreatedAt).Scan(&c.ID)
}

// DecidePointClaim records an approval or rejection of a pending claim; it reports false when
// the claim was no longer pending (decided by someone else meanwhile).
func (q *Q) DecidePointClaim(ctx context.Context, c *domain.Claim) (bool, error) {
	t := now()
	c.DecidedAt = &t
	res, err := q.q.ExecContext(ctx, `UPDATE point_claims SET status = $1, reason = $2, entry_id = $3, decided_by = $4,
		decided_by_name = $5, decided_at = $6 WHERE id = $7 AND status = 'pending'`, c.Status, c.Reason,
		nullInt(c.EntryID), nullInt(c.DecidedBy), c.DecidedByName, t, c.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InsertPointEvidence stores a file of a claim and sets its ID.
func (q *Q) InsertPointEvidence(ctx context.Context, ev *domain.Evidence, content []byte) error {
	ev.CreatedAt = now()
	ev.Size = len(content)
	return q.q.QueryRowContext(ctx, `INSERT INTO point_evidence (claim_id, file_name, content_type, size, content,
		created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ev.ClaimID, ev.FileName, ev.ContentType, ev.Size,
		content, ev.CreatedAt).Scan(&ev.ID)
}

// PointEvidence returns one file of a claim with its content, or ErrNoRows.
func (q *Q) PointEvidence(ctx context.Context, claimID, id int64) (*domain.Evidence, []byte, error) {
	var ev domain.Evidence
	var content []byte
	err := q.q.QueryRowContext(ctx, `SELECT id, claim_id, file_name, content_type, size, created_at, content
		FROM point_evidence WHERE claim_id = $1 AND id = $2`, claimID, id).Scan(&ev.ID, &ev.ClaimID, &ev.FileName,
		&ev.ContentType, &ev.Size, &ev.CreatedAt, &content)
	if err != nil {
		return nil, nil, err
	}
	return &ev, content, nil
}

// fillEvidence loads the file list (without contents) of each claim.
func (q *Q) fillEvidence(ctx context.Context, claims []domain.Claim) error {
	ids := make([]int64, len(claims))
	at := map[int64]int{}
	for i, c := range claims {
		ids[i] = c.ID
		at[c.ID] = i
		claims[i].Evidence = []domain.Evidence{}
	}
	list, args := idListFrom(ids, 0)
	return q.scanAll(ctx, `SELECT id, claim_id, file_name, content_type, size, created_at FROM point_evidence
		WHERE claim_id IN (`+list+`) ORDER BY id`, args, func(rows *sql.Rows) error {
		var ev domain.Evidence
		var created time.Time
		if err := rows.Scan(&ev.ID, &ev.ClaimID, &ev.FileName, &ev.ContentType, &ev.Size, &created); err != nil {
			return err
		}
		ev.CreatedAt = created
		c := &claims[at[ev.ClaimID]]
		c.Evidence = append(c.Evidence, ev)
		return nil
	})
}

// FillPointClaimEvidence loads one claim's file list.
func (q *Q) FillPointClaimEvidence(ctx context.Context, c *domain.Claim) error {
	list := []domain.Claim{*c}
	if err := q.fillEvidence(ctx, list); err != nil {
		return err
	}
	c.Evidence = list[0].Evidence
	return nil
}
