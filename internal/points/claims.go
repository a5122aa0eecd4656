package points

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// EvidenceFile is a photo or file sent with a claim.
type EvidenceFile struct {
	FileName    string
	ContentType string
	Content     []byte
}

// ClaimInput is a claim for points under an indicator.
type ClaimInput struct {
	IndicatorID int64
	SubjectType string // "" → member
	SubjectID   int64  // 0 → the actor's own member record
	Quantity    domain.Points
	OccurredOn  string
	Note        string
	Evidence    []EvidenceFile
}

// claimApproverPath is where the approver of a claim must hold points.approve: the member's
// branch, or the level above a claiming organisation.
func claimApproverPath(c *domain.Claim) string {
	sj := subject{Type: c.SubjectType, OrgPath: c.OrgPath}
	return sj.parentPath()
}

// Claim files a claim. A member claims for themselves; the secretary, committee or group
// leader may claim for a member of their scope, and an organisation's officers for the
// organisation (decided by the level above). It is pending, or approved at once when the
// indicator needs no approval (then the entry is posted in the same transaction).
// Who: the member themselves, or points.approve over the subject. Errors: EForbidden (also a
// subject outside the caller's scope), ENotFound (no such subject), EInvalid (indicator_id, subject_type, quantity, occurred_on, note,
// evidence), EConflict (approved at once, but the de-duplication key had scored already).
func (s *Service) Claim(ctx context.Context, a *auth.Actor, in ClaimInput) (*domain.Claim, error) {
	if in.SubjectType == "" {
		in.SubjectType = domain.SubjectMember
	}
	if in.SubjectID == 0 && in.SubjectType == domain.SubjectMember {
		in.SubjectID = a.MemberID()
	}
	if in.Quantity == 0 {
		in.Quantity = domain.Whole(1)
	}
	v := &domain.Validation{}
	day, problem := s.parseDay(in.OccurredOn)
	if problem != "" {
		v.Add("occurred_on", problem)
	}
	note, err := text(in.Note, 500, false)
	if err != nil {
		v.Add("note", err.Error())
	}
	if len(in.Evidence) > domain.MaxEvidenceFiles {
		v.Add("evidence", "err.points.evidence_count")
	}
	for _, f := range in.Evidence {
		switch {
		case len(f.Content) == 0:
			v.Add("evidence", "err.required")
		case len(f.Content) > domain.MaxEvidenceSize:
			v.Add("evidence", "err.points.evidence_size")
		case strings.TrimSpace(f.FileName) == "" || len(f.FileName) > 200:
			v.Add("evidence", "err.points.evidence_name")
		}
	}
	var out *domain.Claim
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		sj, err := loadSubject(ctx, q, in.SubjectType, in.SubjectID)
		if err != nil {
			return err
		}
		// A subject that exists but is not the caller's to claim for is a write outside the
		// scope: 403 (API.md), whether or not the caller may read it.
		self := sj.Type == domain.SubjectMember && sj.ID == a.MemberID() && sj.ID != 0
		if !self && !a.Can(auth.PointsApprove, sj.OrgPath) {
			return domain.Forbidden()
		}
		if problem != "" {
			return v.Err()
		}
		ind, err := resolveIndicator(ctx, q, in.IndicatorID, sj, day)
		if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
			for f, k := range e.Fields {
				v.Add(f, k)
			}
			return v.Err()
		}
		if err != nil {
			return err
		}
		if p := ind.ValidQuantity(in.Quantity); p != "" {
			v.Add("quantity", p)
		}
		if ind.NeedsEvidence && len(in.Evidence) == 0 {
			v.Add("evidence", "err.points.evidence_required")
		}
		if err := v.Err(); err != nil {
			return err
		}
		by := actorWho(a)
		c := &domain.Claim{IndicatorID: ind.ID, IndicatorCode: ind.Code, IndicatorName: ind.Name, SubjectType: sj.Type,
			SubjectID: sj.ID, SubjectName: sj.Name, OrgID: sj.OrgID, OrgPath: sj.OrgPath, Quantity: in.Quantity,
			OccurredOn: day, Note: note, Status: domain.ClaimPending, ClaimedBy: by.ID, ClaimedByName: by.Name,
			Evidence: []domain.Evidence{}}
		if err := q.InsertPointClaim(ctx, c); err != nil {
			return err
		}
		for _, f := range in.Evidence {
			ev := &domain.Evidence{ClaimID: c.ID, FileName: strings.TrimSpace(f.FileName), ContentType: f.ContentType}
			if ev.ContentType == "" {
				ev.ContentType = "application/octet-stream"
			}
			if err := q.InsertPointEvidence(ctx, ev, f.Content); err != nil {
				return err
			}
			c.Evidence = append(c.Evidence, *ev)
		}
		if err := audit.Record(ctx, q, a, "points.claim.create", "point_claim", c.ID, c.OrgPath, nil, c); err != nil {
			return err
		}
		if err := newExpectations(q).fill(ctx, c); err != nil {
			return err
		}
		out = c
		if ind.NeedsApproval {
			return nil
		}
		return s.approve(ctx, q, a, c, ind, who{Name: "auto"})
	})
	return out, err
}

// approve posts a pending claim's entry and marks it approved, inside q.
func (s *Service) approve(ctx context.Context, q *store.Q, a *auth.Actor, c *domain.Claim, ind *domain.Indicator, approver who) error {
	sj, err := loadSubject(ctx, q, c.SubjectType, c.SubjectID)
	if err != nil {
		return err
	}
	// The claim keeps the version it was filed under, even if the item changed since.
	if ind == nil {
		if ind, err = q.Indicator(ctx, c.IndicatorID); err != nil {
			return err
		}
	}
	key := domain.ExpandDedup(ind.DedupTemplate, domain.DedupFields{Code: ind.Code, SubjectType: sj.Type, SubjectID: sj.ID,
		On: c.OccurredOn, Ref: "claim:" + strconv.FormatInt(c.ID, 10)})
	if key == "" {
		key = "claim:" + strconv.FormatInt(c.ID, 10)
	}
	e, dup, err := s.earn(ctx, q, earning{subj: sj, ind: ind, quantity: c.Quantity, occurredOn: c.OccurredOn,
		source: domain.SourceClaim, sourceRef: "claim:" + strconv.FormatInt(c.ID, 10), claimID: c.ID, dedupKey: key,
		awardedBy: who{ID: c.ClaimedBy, Name: c.ClaimedByName}, approvedBy: approver, note: c.Note})
	if err != nil {
		return err
	}
	if dup {
		return conflict("err.points.duplicate", e.ID)
	}
	before := *c
	c.Status, c.EntryID, c.DecidedBy, c.DecidedByName = domain.ClaimApproved, e.ID, approver.ID, approver.Name
	c.PointsExpected = e.Requested
	ok, err := q.DecidePointClaim(ctx, c)
	if err != nil {
		return err
	}
	if !ok {
		return conflict("err.points.claim_decided")
	}
	if err := auditEntry(ctx, q, a, "points.claim.approve", e); err != nil {
		return err
	}
	return audit.Record(ctx, q, a, "points.claim.decide", "point_claim", c.ID, c.OrgPath, before.Status, c.Status)
}

// decidable loads a pending claim the actor may decide, locked.
func decidable(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Claim, error) {
	c, err := q.PointClaim(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("point_claim")
	}
	if err != nil {
		return nil, err
	}
	// A claim outside the caller's approval scope is a write outside the scope: 403 (API.md).
	if !a.Can(auth.PointsApprove, claimApproverPath(c)) {
		return nil, domain.Forbidden()
	}
	// Nobody decides on their own points: not on a claim for themselves, nor on one they filed.
	if (c.SubjectType == domain.SubjectMember && c.SubjectID != 0 && c.SubjectID == a.MemberID()) ||
		(c.ClaimedBy != 0 && c.ClaimedBy == a.UserID()) {
		return nil, &domain.Error{Code: domain.EForbidden, Message: "err.points.own_claim"}
	}
	if c.Status != domain.ClaimPending {
		return nil, conflict("err.points.claim_decided")
	}
	return c, nil
}

// ApproveClaim approves a pending claim and posts its entry (caps and de-duplication apply;
// the entry names the claimant as awarded by and the actor as approved by).
// Who: points.approve over the member's branch (the level above, for an organisation's
// claim); never one's own claim. Errors: ENotFound (no such claim), EForbidden (outside the
// caller's scope; err.points.own_claim), EConflict (decided already; duplicate).
func (s *Service) ApproveClaim(ctx context.Context, a *auth.Actor, id int64) (*domain.Claim, error) {
	var out *domain.Claim
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := decidable(ctx, q, a, id)
		if err != nil {
			return err
		}
		if err := s.approve(ctx, q, a, c, nil, actorWho(a)); err != nil {
			return err
		}
		out = c
		return q.FillPointClaimEvidence(ctx, c)
	})
	return out, err
}

// RejectClaim rejects a pending claim with a reason. Who, errors: as ApproveClaim, and
// EInvalid (reason).
func (s *Service) RejectClaim(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.Claim, error) {
	reason, err := text(reason, 500, true)
	if err != nil {
		return nil, invalid("reason", err.Error())
	}
	var out *domain.Claim
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := decidable(ctx, q, a, id)
		if err != nil {
			return err
		}
		by := actorWho(a)
		c.Status, c.Reason, c.DecidedBy, c.DecidedByName = domain.ClaimRejected, reason, by.ID, by.Name
		ok, err := q.DecidePointClaim(ctx, c)
		if err != nil {
			return err
		}
		if !ok {
			return conflict("err.points.claim_decided")
		}
		out = c
		if err := newExpectations(q).fill(ctx, c); err != nil {
			return err
		}
		if err := q.FillPointClaimEvidence(ctx, c); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "points.claim.reject", "point_claim", c.ID, c.OrgPath, domain.ClaimPending, c)
	})
	return out, err
}

// BulkOutcome is the result of one claim of a bulk decision.
type BulkOutcome struct {
	ID    int64
	Claim *domain.Claim // nil on error
	Err   error
}

// ApproveClaims approves claims one by one, each in its own transaction, so one that fails
// (decided meanwhile, over a cap's duplicate, out of scope) does not hold up the others.
func (s *Service) ApproveClaims(ctx context.Context, a *auth.Actor, ids []int64) []BulkOutcome {
	out := make([]BulkOutcome, len(ids))
	for i, id := range ids {
		c, err := s.ApproveClaim(ctx, a, id)
		out[i] = BulkOutcome{ID: id, Claim: c, Err: err}
	}
	return out
}

// RejectClaims rejects claims one by one with one reason, as ApproveClaims.
func (s *Service) RejectClaims(ctx context.Context, a *auth.Actor, ids []int64, reason string) []BulkOutcome {
	out := make([]BulkOutcome, len(ids))
	for i, id := range ids {
		c, err := s.RejectClaim(ctx, a, id, reason)
		out[i] = BulkOutcome{ID: id, Claim: c, Err: err}
	}
	return out
}

// ClaimFilter selects claims.
type ClaimFilter struct {
	OrgID       int64  // only this organisation's subtree
	Status      string // pending, approved, rejected
	SubjectType string
	SubjectID   int64
	Mine        bool // only the actor's own claims (a member's list)
	AfterID     int64
	Limit       int // default 50, max 500
}

// Claims lists claims oldest first (the approval queue with Status pending), each with the
// points it would earn before caps (PointsExpected). Who: readers see
// those in scope; anyone their own (Mine). Errors: ENotFound (org_id out of scope).
func (s *Service) Claims(ctx context.Context, a *auth.Actor, f ClaimFilter) ([]domain.Claim, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := s.DB.Read()
	sf := store.PointClaimFilter{Scopes: a.Scopes(auth.PointsRead), Status: f.Status, SubjectType: f.SubjectType,
		SubjectID: f.SubjectID, AfterID: f.AfterID, Limit: f.Limit}
	if f.Mine {
		if a.MemberID() == 0 {
			return []domain.Claim{}, nil
		}
		sf.Scopes, sf.SubjectType, sf.SubjectID = []string{"/"}, domain.SubjectMember, a.MemberID()
	}
	if f.OrgID != 0 {
		o, err := q.Org(ctx, f.OrgID)
		if err == sql.ErrNoRows || (err == nil && !f.Mine && !a.Can(auth.PointsRead, o.Path)) {
			return nil, domain.NotFound("org")
		}
		if err != nil {
			return nil, err
		}
		sf.Under = o.Path
	}
	list, err := q.PointClaims(ctx, sf)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []domain.Claim{}
	}
	return list, newExpectations(q).fillAll(ctx, list)
}

// GetClaim returns one claim with its evidence list and PointsExpected. Who: the subject member, the claimant,
// readers in scope. Errors: ENotFound.
func (s *Service) GetClaim(ctx context.Context, a *auth.Actor, id int64) (*domain.Claim, error) {
	q := s.DB.Read()
	c, err := q.PointClaim(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !canSeeClaim(a, c)) {
		return nil, domain.NotFound("point_claim")
	}
	if err != nil {
		return nil, err
	}
	if err := newExpectations(q).fill(ctx, c); err != nil {
		return nil, err
	}
	return c, q.FillPointClaimEvidence(ctx, c)
}

func canSeeClaim(a *auth.Actor, c *domain.Claim) bool {
	return a.Can(auth.PointsRead, c.OrgPath) || (c.ClaimedBy != 0 && c.ClaimedBy == a.UserID()) ||
		(c.SubjectType == domain.SubjectMember && c.SubjectID != 0 && c.SubjectID == a.MemberID())
}

// Evidence returns one evidence file of a claim with its content. Who: as GetClaim.
// Errors: ENotFound.
func (s *Service) Evidence(ctx context.Context, a *auth.Actor, claimID, evidenceID int64) (*domain.Evidence, []byte, error) {
	if _, err := s.GetClaim(ctx, a, claimID); err != nil {
		return nil, nil, err
	}
	ev, content, err := s.DB.Read().PointEvidence(ctx, claimID, evidenceID)
	if err == sql.ErrNoRows {
		return nil, nil, domain.NotFound("point_evidence")
	}
	return ev, content, err
}
