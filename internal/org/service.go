// Package org owns the organisation tree: reading it within the caller's scope, creating,
// editing and moving organisations, and the structure warnings of RULES.md.
package org

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Service is the organisation capability.
type Service struct {
	DB  *store.DB
	Now func() time.Time // the clock; pages and rules use Asia/Shanghai calendar days
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

var shanghai = domain.Shanghai

// Today is the calendar day in China, which is what terms and deadlines count in.
func (s *Service) Today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// View is an organisation with its warnings.
type View struct {
	domain.Org
	Warnings []string
}

// Get returns one organisation. Who: any role that reads orgs, within its subtree.
// Errors: ENotFound (also when outside the caller's scope).
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*View, error) {
	q := s.DB.Read()
	o, err := q.Org(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !a.Can(auth.OrgRead, o.Path)) {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	if err := q.FillOrgCounts(ctx, o); err != nil {
		return nil, err
	}
	views, err := s.withWarnings(ctx, q, []domain.Org{*o})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// Filter selects organisations for List.
type Filter struct {
	ParentID int64
	Type     domain.OrgType
	Query    string
	AfterID  int64
	Limit    int
	Under    int64 // only the subtree of this organisation
}

// List returns organisations in the caller's read scope, id order, keyset-paginated.
// Who: any role that reads orgs. Errors: ENotFound when Under or ParentID is out of scope.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]View, error) {
	q := s.DB.Read()
	sf := store.OrgFilter{Scopes: a.Scopes(auth.OrgRead), ParentID: f.ParentID, Type: f.Type, Query: f.Query,
		AfterID: f.AfterID, Limit: f.Limit}
	if sf.Limit <= 0 || sf.Limit > 500 {
		sf.Limit = 50
	}
	if f.Under != 0 {
		root, err := s.Get(ctx, a, f.Under)
		if err != nil {
			return nil, err
		}
		sf.Under = root.Path
	}
	orgs, err := q.Orgs(ctx, sf)
	if err != nil {
		return nil, err
	}
	return s.withWarnings(ctx, q, orgs)
}

// Tree returns every organisation in the caller's scope in path order (parents before
// children), for the tree page. Who: any role that reads orgs.
func (s *Service) Tree(ctx context.Context, a *auth.Actor) ([]View, error) {
	q := s.DB.Read()
	orgs, err := q.Orgs(ctx, store.OrgFilter{Scopes: a.Scopes(auth.OrgRead)})
	if err != nil {
		return nil, err
	}
	return s.withWarnings(ctx, q, orgs)
}

// Outline returns every organisation in the caller's scope in path order with only what a
// picker needs (id, parent, path, depth, name, type): no counts, warnings or dates, at a
// fraction of Tree's cost on a large region.
// Who: any role that reads orgs.
func (s *Service) Outline(ctx context.Context, a *auth.Actor) ([]domain.Org, error) {
	return s.DB.Read().Orgs(ctx, store.OrgFilter{Scopes: a.Scopes(auth.OrgRead), NoCounts: true})
}

// Rules returns the organisation rules in force for an org on a day.
func (s *Service) Rules(ctx context.Context, q *store.Q, path string, on domain.Date) (domain.OrgRules, error) {
	r := domain.DefaultOrgRules
	// json.Unmarshal fills an existing map in place: never hand it the shared default's map,
	// or concurrent requests write to it at once (a fatal error that stops the server).
	r.TermYears = nil
	_, err := q.Rule(ctx, "org.structure", path, on, &r)
	if r.TermYears == nil {
		r.TermYears = domain.DefaultOrgRules.TermYears
	}
	return r, err
}

// withWarnings adds the RULES.md warnings. The global rule in force today applies to the
// whole list; an org-specific rule row is honoured by Get, which looks up its own path.
func (s *Service) withWarnings(ctx context.Context, q *store.Q, orgs []domain.Org) ([]View, error) {
	today := s.Today()
	path := ""
	if len(orgs) == 1 {
		path = orgs[0].Path
	}
	rules, err := s.Rules(ctx, q, path, today)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(orgs))
	for i, o := range orgs {
		if o.TermEndsOn.IsZero() {
			o.TermEndsOn = rules.TermEnd(o.Type, o.TermStartedOn)
		}
		out[i] = View{Org: o, Warnings: o.Warnings(rules, today)}
	}
	return out, nil
}

// Input carries the fields of a create or a patch; nil means "not given".
type Input struct {
	Name               *string
	Type               *string
	ParentID           *int64
	Code               *string
	UnitName           *string
	UnitCreditCode     *string
	EstablishedOn      *string
	TermStartedOn      *string
	TermEndsOn         *string
	DemonstrationLevel *string
}

// Create adds an organisation below a parent in the caller's scope (a root needs an admin).
// Who: admin, org_admin. Errors: EInvalid (fields), EForbidden, EConflict (sibling name).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*View, error) {
	var o domain.Org
	v := &domain.Validation{}
	if in.Name == nil {
		v.Add("name", "err.required")
	}
	if in.Type == nil {
		v.Add("type", "err.required")
	}
	s.apply(&o, in, v)
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		parentPath := ""
		if o.ParentID != 0 {
			parent, err := q.Org(ctx, o.ParentID)
			if err == sql.ErrNoRows {
				v.Add("parent_id", "err.org.parent_unknown")
			} else if err != nil {
				return err
			} else {
				if !a.Can(auth.OrgCreate, parent.Path) {
					return domain.Forbidden()
				}
				parentPath = parent.Path
				if o.Type.Valid() && !o.Type.CanParent(parent.Type) {
					v.Add("parent_id", "err.org.parent_type")
				}
			}
		} else if !a.IsAdmin() {
			if len(a.Scopes(auth.OrgCreate)) == 0 {
				return domain.Forbidden()
			}
			v.Add("parent_id", "err.required")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkSiblingName(ctx, q, &o); err != nil {
			return err
		}
		if err := q.InsertOrg(ctx, &o, parentPath); err != nil {
			return err
		}
		id = o.ID
		return audit.Record(ctx, q, a, "org.create", "org", o.ID, o.Path, nil, orgAudit(&o))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

func (s *Service) checkSiblingName(ctx context.Context, q *store.Q, o *domain.Org) error {
	dup, err := q.OrgNameExists(ctx, o.ParentID, o.Name, o.ID)
	if err != nil {
		return err
	}
	if dup {
		return &domain.Error{Code: domain.EConflict, Message: "err.org.duplicate_name", Fields: map[string]string{"name": "err.org.duplicate_name"}}
	}
	return nil
}

// Update changes the given fields of an organisation (not its parent: see Move).
// Who: admin, org_admin, secretary within their subtree. Errors: ENotFound, EForbidden
// (also for an organisation outside the caller's scope: API.md answers writes with 403),
// EInvalid, EConflict.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id int64, in Input) (*View, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := q.Org(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("org")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.OrgUpdate, o.Path) {
			return domain.Forbidden()
		}
		before := orgAudit(o)
		v := &domain.Validation{}
		if in.ParentID != nil && *in.ParentID != o.ParentID {
			v.Add("parent_id", "err.org.use_move")
		}
		in.ParentID = nil
		oldType := o.Type
		s.apply(o, in, v)
		if o.Type != oldType && o.ParentID != 0 {
			parent, err := q.Org(ctx, o.ParentID)
			if err != nil {
				return err
			}
			if !o.Type.CanParent(parent.Type) {
				v.Add("type", "err.org.parent_type")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkSiblingName(ctx, q, o); err != nil {
			return err
		}
		if err := q.UpdateOrg(ctx, o); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "org.update", "org", o.ID, o.Path, before, orgAudit(o))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Move puts an organisation and its subtree under a new parent, in one transaction.
// Who: admin, org_admin holding both the moved org's parent and the new parent in scope.
// Errors: ENotFound, EForbidden (also outside the caller's scope), EInvalid (parent_id:
// unknown, inside own subtree, wrong type).
func (s *Service) Move(ctx context.Context, a *auth.Actor, id, parentID int64) (*View, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := q.Org(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("org")
		}
		if err != nil {
			return err
		}
		// Moving a grant's own root would move it out from under the grant: only an admin may.
		if !a.Can(auth.OrgCreate, o.Path) || (o.ParentID != 0 && !a.IsAdmin() && !canCreateUnderParentOf(a, o)) {
			return domain.Forbidden()
		}
		v := &domain.Validation{}
		parent, err := q.Org(ctx, parentID)
		if err == sql.ErrNoRows {
			v.Add("parent_id", "err.org.parent_unknown")
			return v.Err()
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.OrgCreate, parent.Path) {
			return domain.Forbidden()
		}
		switch {
		case domain.InSubtree(parent.Path, o.Path):
			v.Add("parent_id", "err.org.move_into_self")
		case !o.Type.CanParent(parent.Type):
			v.Add("parent_id", "err.org.parent_type")
		case parent.ID == o.ParentID:
			v.Add("parent_id", "err.org.same_parent")
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"parent_id": o.ParentID, "path": o.Path} // taken before o changes
		o.ParentID = parent.ID
		if err := s.checkSiblingName(ctx, q, o); err != nil {
			return err
		}
		if err := q.MoveOrg(ctx, o, parent); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "org.move", "org", o.ID, o.Path, before, map[string]any{"parent_id": parent.ID, "path": o.Path})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

func canCreateUnderParentOf(a *auth.Actor, o *domain.Org) bool {
	p := strings.TrimSuffix(o.Path, "/")
	return a.Can(auth.OrgCreate, p[:strings.LastIndex(p, "/")+1])
}

// Subtree returns an organisation and everything below it, in path order.
// Who: readers of the org. Errors: ENotFound.
func (s *Service) Subtree(ctx context.Context, a *auth.Actor, id int64) ([]View, error) {
	root, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	q := s.DB.Read()
	orgs, err := q.Orgs(ctx, store.OrgFilter{Scopes: a.Scopes(auth.OrgRead), Under: root.Path})
	if err != nil {
		return nil, err
	}
	return s.withWarnings(ctx, q, orgs)
}

// apply validates the given fields and copies them onto o.
func (s *Service) apply(o *domain.Org, in Input, v *domain.Validation) {
	if in.Name != nil {
		o.Name = strings.TrimSpace(*in.Name)
		if o.Name == "" {
			v.Add("name", "err.required")
		} else if utf8.RuneCountInString(o.Name) > 100 {
			v.Add("name", "err.too_long")
		}
	}
	if in.Type != nil {
		o.Type = domain.OrgType(*in.Type)
		if !o.Type.Valid() {
			v.Add("type", "err.org.type")
		}
	}
	if in.ParentID != nil {
		o.ParentID = *in.ParentID
	}
	text := func(field string, p *string, dst *string, max int) {
		if p == nil {
			return
		}
		*dst = strings.TrimSpace(*p)
		if utf8.RuneCountInString(*dst) > max {
			v.Add(field, "err.too_long")
		}
	}
	text("code", in.Code, &o.Code, 32)
	text("unit_name", in.UnitName, &o.UnitName, 200)
	if in.UnitCreditCode != nil {
		o.UnitCreditCode = strings.ToUpper(strings.TrimSpace(*in.UnitCreditCode))
		if o.UnitCreditCode != "" {
			if key := domain.CheckCreditCode(o.UnitCreditCode); key != "" {
				v.Add("unit_credit_code", key)
			}
		}
	}
	today := s.Today()
	date := func(field string, p *string, dst *domain.Date) {
		if p == nil {
			return
		}
		d, err := domain.ParseDate(strings.TrimSpace(*p))
		if err != nil {
			v.Add(field, "err.date")
			return
		}
		*dst = d
	}
	date("established_on", in.EstablishedOn, &o.EstablishedOn)
	date("term_started_on", in.TermStartedOn, &o.TermStartedOn)
	date("term_ends_on", in.TermEndsOn, &o.TermEndsOn)
	if o.EstablishedOn.After(today) && !v.Has("established_on") {
		v.Add("established_on", "err.date_future")
	}
	if !o.TermStartedOn.IsZero() && !o.TermEndsOn.IsZero() && !o.TermEndsOn.After(o.TermStartedOn) && !v.Has("term_ends_on") {
		v.Add("term_ends_on", "err.org.term_order")
	}
	if in.DemonstrationLevel != nil {
		o.DemonstrationLevel = strings.TrimSpace(*in.DemonstrationLevel)
		if o.DemonstrationLevel != "" && !domain.Contains(domain.DemonstrationLevels, o.DemonstrationLevel) {
			v.Add("demonstration_level", "err.org.demonstration_level")
		}
	}
}

// orgAudit is the audited form of an organisation.
func orgAudit(o *domain.Org) map[string]any {
	return map[string]any{"name": o.Name, "type": o.Type, "parent_id": o.ParentID, "code": o.Code,
		"unit_name": o.UnitName, "unit_credit_code": o.UnitCreditCode, "established_on": o.EstablishedOn,
		"term_started_on": o.TermStartedOn, "term_ends_on": o.TermEndsOn, "demonstration_level": o.DemonstrationLevel}
}
