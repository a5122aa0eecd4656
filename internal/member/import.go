package member

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// The roster import (internal/roster) checks and writes spreadsheet rows through these
// methods, so an imported member passes exactly the rules of the form: apply, the same
// required fields as Create, and the same scope checks as Create and Update.

// ImportRow is one roster row checked against the member rules.
type ImportRow struct {
	Record   *store.MemberRecord // the member as it would be stored
	New      bool                // not on the roster yet
	Changed  bool                // on the roster, with fields that differ
	Moved    bool                // on the roster in another branch
	Before   map[string]any      // the changed fields before (nil for a new member)
	After    map[string]any      // the changed fields after (the whole member when new)
	Problems map[string]string   // field → message key; empty when the row is good
}

// HashIDNumber returns the lookup hash of an ID number as a person types it, or "" when it
// is not 18 characters after normalising (such a row fails validation anyway).
func (s *Service) HashIDNumber(raw string) string {
	id := domain.NormalizeIDNumber(raw)
	if len(id) != 18 {
		return ""
	}
	return s.Box.Hash(id)
}

// orgReader is what apply needs of the database: an organisation by ID (ErrNoRows if none).
// *store.Q is one; OrgCache is the import's.
type orgReader interface {
	Org(ctx context.Context, id int64) (*domain.Org, error)
}

// OrgCache answers apply's organisation lookups for one pass of an import, asking its q once
// per organisation: 100,000 rows name some thousands of branches and groups at most, and a
// lookup per row (two with a group) was most of an import's time. Start a new cache for every pass,
// on the q of that pass. Inside the write transaction q.Org locks the row it reads, so the
// answer remembered from the first row stays true until the commit, exactly as if every
// row had asked again; the rules applied to the answer (scope, branch, group of that
// branch) still run for every row in apply.
type OrgCache struct {
	q    *store.Q
	byID map[int64]*domain.Org // nil: no such organisation
}

// NewOrgCache returns an empty cache reading through q.
func NewOrgCache(q *store.Q) *OrgCache {
	return &OrgCache{q: q, byID: map[int64]*domain.Org{}}
}

// Org returns the organisation as q.Org would; a missing one is remembered as missing.
// Callers must not change what it returns.
func (c *OrgCache) Org(ctx context.Context, id int64) (*domain.Org, error) {
	if o, ok := c.byID[id]; ok {
		if o == nil {
			return nil, sql.ErrNoRows
		}
		return o, nil
	}
	o, err := c.q.Org(ctx, id)
	if err != nil && err != sql.ErrNoRows {
		return nil, err // not remembered: the pass stops on it anyway
	}
	c.byID[id] = o
	return o, err
}

// CheckImportRow validates in as Create would (existing == nil) or as Update of existing
// would, without writing. orgs reads through the reader pool while an import is checked and
// through the import's write transaction while it is written. A member outside the caller's
// write scope is a problem of the ID number that says nothing about that member.
func (s *Service) CheckImportRow(ctx context.Context, orgs *OrgCache, a *auth.Actor, existing *store.MemberRecord, in Input) (*ImportRow, error) {
	row := &ImportRow{}
	v := &domain.Validation{}
	var r *store.MemberRecord
	if existing == nil {
		if len(a.Scopes(auth.MemberWrite)) == 0 {
			return nil, domain.Forbidden()
		}
		for field, given := range map[string]bool{"name": in.Name != nil, "id_number": in.IDNumber != nil,
			"org_id": in.OrgID != nil, "category": in.Category != nil, "joined_on": in.JoinedOn != nil} {
			if !given {
				v.Add(field, "err.required")
			}
		}
		r = &store.MemberRecord{}
		r.Standing = domain.StandingNormal
		r.Positions = []string{}
		row.New = true
	} else {
		if !a.Can(auth.MemberWrite, existing.OrgPath) {
			row.Problems = map[string]string{"id_number": "roster.id_number.unavailable"}
			return row, nil
		}
		if existing.HasLeft() {
			// Re-joining is a process of its own (a transfer in, an admission, or undoing a
			// mistaken departure); an import neither reactivates nor edits the old record.
			row.Problems = map[string]string{"id_number": "roster.id_number.left"}
			return row, nil
		}
		copy := *existing
		copy.Positions = slices.Clone(existing.Positions)
		r = &copy
	}
	before := memberAudit(r)
	err := s.apply(ctx, orgs, a, r, in, v)
	if e, ok := domain.AsError(err); ok && e.Code == domain.EForbidden {
		v.Add("org_id", "roster.org.not_found") // the target branch is outside the caller's scope
	} else if err != nil {
		return nil, err
	}
	row.Record = r
	if verr, ok := domain.AsError(v.Err()); ok {
		row.Problems = verr.Fields
		return row, nil
	}
	after := memberAudit(r)
	if row.New {
		row.After = after
		return row, nil
	}
	row.Before, row.After = diff(before, after)
	row.Changed = len(row.After) > 0
	row.Moved = r.OrgID != existing.OrgID
	return row, nil
}

// WriteImport writes checked rows in the caller's transaction: new members in bulk, changed
// members one statement each; every written member gets a history event and an audit entry
// as Create and Update give them. Unchanged rows and rows with problems are skipped.
func (s *Service) WriteImport(ctx context.Context, q *store.Q, a *auth.Actor, rows []*ImportRow) error {
	var fresh []*store.MemberRecord
	var changed []*ImportRow
	for _, row := range rows {
		switch {
		case len(row.Problems) > 0:
		case row.New:
			fresh = append(fresh, row.Record)
		case row.Changed:
			changed = append(changed, row)
		}
	}
	if len(fresh) > 0 {
		if err := q.InsertMembersBulk(ctx, fresh); err != nil {
			return err
		}
	}
	events := make([]domain.MemberEvent, 0, len(fresh)+len(changed))
	audits := make([]domain.AuditEntry, 0, len(fresh)+len(changed))
	add := func(r *store.MemberRecord, kind, action string, before, after map[string]any) {
		data, _ := json.Marshal(map[string]any{"before": before, "after": after})
		events = append(events, domain.MemberEvent{MemberID: r.ID, Kind: kind, ActorID: a.UserID(), Actor: a.Name(), Data: string(data)})
		e := domain.AuditEntry{UserID: a.UserID(), Username: a.Name(), Action: action, EntityType: "member",
			EntityID: r.ID, OrgPath: r.OrgPath, After: marshalAudit(after), IP: a.IP}
		if before != nil {
			e.Before = marshalAudit(before)
		}
		audits = append(audits, e)
	}
	for _, r := range fresh {
		add(r, "created", "member.create", nil, memberAudit(r))
	}
	for _, row := range changed {
		r := row.Record
		if err := q.UpdateMember(ctx, r); err != nil {
			return err
		}
		kind := "updated"
		if row.Moved {
			kind = "moved"
			if err := q.SetPositions(ctx, r.ID, r.OrgID, r.Positions); err != nil {
				return err
			}
		}
		add(r, kind, "member.update", row.Before, row.After)
	}
	if len(events) == 0 {
		return nil
	}
	if err := q.InsertMemberEventsBulk(ctx, events); err != nil {
		return err
	}
	return q.InsertAuditBulk(ctx, audits)
}

func marshalAudit(v map[string]any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unencodable"}`
	}
	return string(b)
}
