package points

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// IndicatorInput is a new catalogue item as entered (CreateIndicator; changes go through
// IndicatorChange). ValidFrom (YYYY-MM-DD, optional) is when it starts: default 1 January of
// the year.
type IndicatorInput struct {
	OrgID         int64
	Year          int
	Code          string
	Name          string
	Category      string
	Subject       string // member | org
	Points        domain.Points
	Unit          string
	Caps          domain.Caps
	NeedsEvidence bool
	NeedsApproval bool
	Deduction     bool
	Veto          bool
	AppraisalOnly bool
	Welfare       bool
	Grades        []domain.GradeBand // for unit grade; nil gives domain.DefaultGrades
	DedupTemplate string
	AwardRoles    []string // nil: domain.DefaultAwardRoles
	ValidFrom     string
}

func (in IndicatorInput) apply(ind *domain.Indicator) {
	ind.Name = strings.TrimSpace(in.Name)
	ind.Category = in.Category
	ind.SubjectType = in.Subject
	ind.Points = in.Points
	ind.Unit = in.Unit
	ind.Caps = in.Caps
	ind.NeedsEvidence, ind.NeedsApproval, ind.Deduction, ind.Veto = in.NeedsEvidence, in.NeedsApproval, in.Deduction, in.Veto
	ind.AppraisalOnly, ind.Welfare = in.AppraisalOnly, in.Welfare
	ind.Grades = in.Grades
	if ind.Unit == domain.UnitGrade && len(ind.Grades) == 0 {
		ind.Grades = slices.Clone(domain.DefaultGrades)
	}
	if ind.Unit != domain.UnitGrade {
		ind.Grades = nil
	}
	ind.DedupTemplate = strings.TrimSpace(in.DedupTemplate)
	ind.AwardRoles = in.AwardRoles
}

// catalogueOrg loads the organisation whose catalogue is changed and checks the actor may.
func catalogueOrg(ctx context.Context, q *store.Q, a *auth.Actor, orgID int64, v *domain.Validation) (*domain.Org, error) {
	o, err := q.Org(ctx, orgID)
	if err == sql.ErrNoRows || orgID == 0 {
		v.Add("org_id", "err.org.unknown")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.PointsCatalogue, o.Path) {
		return nil, domain.Forbidden()
	}
	return o, nil
}

func (s *Service) validate(ctx context.Context, q *store.Q, ind *domain.Indicator, v *domain.Validation) error {
	rule, err := CategoryRule(ctx, q, ind.OrgPath, domain.NewDate(ind.Year, time.January, 1))
	if err != nil {
		return err
	}
	ind.Validate(v, rule.Keys())
	return nil
}

// CreateIndicator adds an item to an organisation's catalogue of a year; the organisation's
// subtree inherits it. Who: points.catalogue over the organisation. Errors: EForbidden,
// EInvalid (code, name, category, subject, year, points, unit, grades, caps, award_roles,
// valid_from, org_id), EConflict (the code is taken in the catalogue above or below).
func (s *Service) CreateIndicator(ctx context.Context, a *auth.Actor, in IndicatorInput) (*domain.Indicator, error) {
	if len(a.Scopes(auth.PointsCatalogue)) == 0 {
		return nil, domain.Forbidden()
	}
	v := &domain.Validation{}
	ind := &domain.Indicator{OrgID: in.OrgID, Year: in.Year, Code: strings.TrimSpace(in.Code), Version: 1,
		CreatedBy: a.Name()}
	in.apply(ind)
	from, err := domain.ParseDate(strings.TrimSpace(in.ValidFrom))
	if err != nil {
		v.Add("valid_from", "err.date")
	}
	if from.IsZero() && in.Year > 0 {
		from = domain.NewDate(in.Year, time.January, 1)
	}
	ind.ValidFrom = from
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := catalogueOrg(ctx, q, a, in.OrgID, v)
		if err != nil {
			return err
		}
		ind.OrgPath, ind.OrgName = o.Path, o.Name
		if err := s.validate(ctx, q, ind, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		taken, err := q.IndicatorCodeTaken(ctx, o.Path, ind.Year, ind.Code, 0)
		if err != nil {
			return err
		}
		if taken {
			return &domain.Error{Code: domain.EConflict, Message: "err.points.code_taken", Fields: map[string]string{"code": "err.points.code_taken"}}
		}
		if err := q.InsertIndicator(ctx, ind); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "points.indicator.create", "point_indicator", ind.ID, o.Path, nil, ind)
	})
	if err != nil {
		return nil, err
	}
	return ind, nil
}

// IndicatorChange is a change to an item with PATCH semantics: a nil field keeps its value.
// The service merges it onto the version it has locked in the write transaction, so two
// concurrent changes of different fields both take effect (no lost update).
type IndicatorChange struct {
	Code          *string // identifies the item: given, it must be the current code
	Name          *string
	Category      *string
	Subject       *string
	Points        *domain.Points
	Unit          *string
	Caps          *domain.Caps // replaces all caps
	NeedsEvidence *bool
	NeedsApproval *bool
	Deduction     *bool
	Veto          *bool
	AppraisalOnly *bool
	Welfare       *bool
	Grades        *[]domain.GradeBand
	DedupTemplate *string
	AwardRoles    *[]string
	ValidFrom     string // YYYY-MM-DD, optional: when a new version starts (default today)
}

// applyTo sets the given fields of ind and normalises what depends on the unit.
func (c IndicatorChange) applyTo(ind *domain.Indicator, v *domain.Validation) {
	if c.Code != nil && strings.TrimSpace(*c.Code) != ind.Code {
		v.Add("code", "err.points.code_fixed")
	}
	str := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	flag := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	str(&ind.Name, c.Name)
	str(&ind.Category, c.Category)
	str(&ind.SubjectType, c.Subject)
	str(&ind.Unit, c.Unit)
	str(&ind.DedupTemplate, c.DedupTemplate)
	if c.Points != nil {
		ind.Points = *c.Points
	}
	if c.Caps != nil {
		ind.Caps = *c.Caps
	}
	flag(&ind.NeedsEvidence, c.NeedsEvidence)
	flag(&ind.NeedsApproval, c.NeedsApproval)
	flag(&ind.Deduction, c.Deduction)
	flag(&ind.Veto, c.Veto)
	flag(&ind.AppraisalOnly, c.AppraisalOnly)
	flag(&ind.Welfare, c.Welfare)
	if c.Grades != nil {
		ind.Grades = slices.Clone(*c.Grades)
	}
	if c.AwardRoles != nil {
		ind.AwardRoles = slices.Clone(*c.AwardRoles)
	}
	if ind.Unit == domain.UnitGrade && len(ind.Grades) == 0 {
		ind.Grades = slices.Clone(domain.DefaultGrades)
	}
	if ind.Unit != domain.UnitGrade {
		ind.Grades = nil
	}
}

// UpdateIndicator changes an item (PATCH: only the given fields). A version nothing
// references yet is changed in place; a version a claim or entry references is never edited:
// it ends on ValidFrom (default today, exclusive) and a new version starts that day, so
// earlier entries keep theirs and things that happened before ValidFrom still earn under the
// old version. ValidFrom may be the old version's own start (say, on 1 January for an item
// valid from 1 January): the old version then keeps only what already references it. Only
// the current (open) version can be changed. Who: points.catalogue over the owner.
// Errors: ENotFound (no such version), EForbidden (exists, but the caller may not edit
// it: API.md answers writes outside the scope 403), EInvalid (as CreateIndicator; code:
// err.points.code_fixed; valid_from not before the current version's start and within the
// year), EConflict (a later version exists).
func (s *Service) UpdateIndicator(ctx context.Context, a *auth.Actor, id int64, in IndicatorChange) (*domain.Indicator, error) {
	var out *domain.Indicator
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		// Locked (PostgreSQL: FOR UPDATE) until commit: a concurrent change waits and then
		// merges onto this one's result.
		old, err := q.Indicator(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("point_indicator")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.PointsCatalogue, old.OrgPath) {
			return domain.Forbidden()
		}
		if !old.ValidTo.IsZero() {
			return conflict("err.points.indicator_superseded")
		}
		v := &domain.Validation{}
		next := *old
		next.CreatedBy = a.Name()
		in.applyTo(&next, v)
		if err := s.validate(ctx, q, &next, v); err != nil {
			return err
		}
		from, perr := domain.ParseDate(strings.TrimSpace(in.ValidFrom))
		if perr != nil {
			v.Add("valid_from", "err.date")
		}
		if !old.Used {
			if !from.IsZero() {
				next.ValidFrom = from
				if from.Time().Year() != old.Year {
					v.Add("valid_from", "err.points.outside_year")
				}
			}
			if err := v.Err(); err != nil {
				return err
			}
			ok, err := q.UpdateIndicatorUnused(ctx, &next)
			if err != nil {
				return err
			}
			if ok {
				out = &next
				return audit.Record(ctx, q, a, "points.indicator.update", "point_indicator", next.ID, old.OrgPath, old, next)
			}
			// It became used meanwhile (a claim referenced it): make a version instead.
		}
		if from.IsZero() {
			from = s.today()
		}
		// The new version may start on the old one's first day (on 1 January "from today" is
		// the start of an item valid from 1 January): the old version is then in force on no
		// day, and keeps only the claims and entries that already name it.
		if from.Before(old.ValidFrom) || from.Time().Year() != old.Year {
			v.Add("valid_from", "err.points.version_from")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := q.CloseIndicator(ctx, old.ID, from); err != nil {
			return err
		}
		next.ID, next.Version, next.ValidFrom, next.ValidTo, next.Used = 0, old.Version+1, from, domain.Date{}, false
		if err := q.InsertIndicator(ctx, &next); err != nil {
			return err
		}
		out = &next
		return audit.Record(ctx, q, a, "points.indicator.version", "point_indicator", next.ID, old.OrgPath, old, next)
	})
	return out, err
}

// RetireIndicator ends an item's current version on a day (YYYY-MM-DD, default today,
// exclusive): nothing after it earns under the item; what was earned stays.
// Who: points.catalogue over the owner. Errors: ENotFound, EForbidden, EInvalid (valid_to),
// EConflict (already ended).
func (s *Service) RetireIndicator(ctx context.Context, a *auth.Actor, id int64, to string) (*domain.Indicator, error) {
	var out *domain.Indicator
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		ind, err := q.Indicator(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("point_indicator")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.PointsCatalogue, ind.OrgPath) {
			return domain.Forbidden()
		}
		if !ind.ValidTo.IsZero() {
			return conflict("err.points.indicator_superseded")
		}
		end, err := domain.ParseDate(strings.TrimSpace(to))
		if err != nil {
			return invalid("valid_to", "err.date")
		}
		if end.IsZero() {
			end = s.today()
		}
		if end.Before(ind.ValidFrom) {
			return invalid("valid_to", "err.points.version_from")
		}
		if err := q.CloseIndicator(ctx, ind.ID, end); err != nil {
			return err
		}
		before := *ind
		ind.ValidTo = end
		out = ind
		return audit.Record(ctx, q, a, "points.indicator.retire", "point_indicator", ind.ID, ind.OrgPath, before, ind)
	})
	return out, err
}

// CopyCatalogue copies an organisation's own current items of one year into another year
// (version 1, valid from 1 January), skipping codes the target year already has. It returns
// how many were copied. Who: points.catalogue over the organisation. Errors: EForbidden,
// EInvalid (org_id, year).
func (s *Service) CopyCatalogue(ctx context.Context, a *auth.Actor, orgID int64, fromYear, toYear int) (int, error) {
	if fromYear == toYear || toYear < 2000 || toYear > 2100 {
		return 0, invalid("year", "err.points.year")
	}
	n := 0
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := catalogueOrg(ctx, q, a, orgID, &domain.Validation{})
		if err != nil {
			return err
		}
		list, err := q.Indicators(ctx, store.IndicatorFilter{OwnerIDs: []int64{orgID}, Year: fromYear, Open: true})
		if err != nil {
			return err
		}
		for _, ind := range list {
			taken, err := q.IndicatorCodeTaken(ctx, o.Path, toYear, ind.Code, 0)
			if err != nil {
				return err
			}
			if taken {
				continue
			}
			c := ind
			c.ID, c.SeriesID, c.Version, c.Year, c.Used = 0, 0, 1, toYear, false
			c.ValidFrom, c.ValidTo, c.CreatedBy = domain.NewDate(toYear, time.January, 1), domain.Date{}, a.Name()
			if err := q.InsertIndicator(ctx, &c); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, q, a, "points.catalogue.copy", "org", orgID, o.Path, nil,
			map[string]int{"from_year": fromYear, "to_year": toYear, "copied": n})
	})
	return n, err
}

// canSeeCatalogue reports whether the actor may read an organisation's catalogue: readers in
// scope, and members of the organisation's subtree or of a branch below it (a member reads the
// catalogue they claim under).
func canSeeCatalogue(ctx context.Context, q *store.Q, a *auth.Actor, o *domain.Org) (bool, error) {
	if a.Can(auth.PointsRead, o.Path) || a.Can(auth.PointsCatalogue, o.Path) {
		return true, nil
	}
	if a.MemberID() == 0 {
		return false, nil
	}
	m, err := q.Member(ctx, a.MemberID())
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return domain.InSubtree(m.OrgPath, o.Path) || domain.InSubtree(o.Path, m.OrgPath), nil
}

// CatalogueFilter selects an organisation's effective catalogue.
type CatalogueFilter struct {
	OrgID   int64
	Year    int
	Subject string // member | org | "" for both
	On      string // YYYY-MM-DD: the versions in force that day; "" the current versions
	OwnOnly bool   // only the organisation's own items (the "X")
}

// Catalogue returns an organisation's effective catalogue for a year: the items of its
// ancestors (Inherited, the "1") and its own (the "X"). Who: readers in scope, and members
// of the organisation's subtree. Errors: ENotFound, EInvalid (on).
func (s *Service) Catalogue(ctx context.Context, a *auth.Actor, f CatalogueFilter) ([]domain.Indicator, error) {
	q := s.DB.Read()
	o, err := q.Org(ctx, f.OrgID)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	ok, err := canSeeCatalogue(ctx, q, a, o)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.NotFound("org")
	}
	on, err := domain.ParseDate(strings.TrimSpace(f.On))
	if err != nil {
		return nil, invalid("on", "err.date")
	}
	owners := domain.PathIDs(o.Path)
	if f.OwnOnly {
		owners = []int64{o.ID}
	}
	list, err := q.Indicators(ctx, store.IndicatorFilter{OwnerIDs: owners, Year: f.Year, SubjectType: f.Subject, On: on, Open: on.IsZero()})
	for i := range list {
		list[i].Inherited = list[i].OrgID != o.ID
	}
	return list, err
}

// Indicator returns one indicator version. Who: whoever may read a catalogue that shows it
// (canSeeItem). Errors: ENotFound.
func (s *Service) Indicator(ctx context.Context, a *auth.Actor, id int64) (*domain.Indicator, error) {
	q := s.DB.Read()
	ind, err := q.Indicator(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("point_indicator")
	}
	if err != nil {
		return nil, err
	}
	ok, err := canSeeItem(ctx, q, a, ind.OrgPath)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.NotFound("point_indicator")
	}
	return ind, nil
}

// canSeeItem reports whether the actor may read an item owned by the organisation at
// ownerPath: whoever sees it in some catalogue they may read. A catalogue shows the items of
// its organisation's ancestors ("1 + X"), so an officer of a branch sees the items its
// committee and region own, and one of the committee sees those of its branches: a scope
// that lies inside the owner's subtree or contains the owner. A member sees what
// canSeeCatalogue allows them, which has the same shape already.
func canSeeItem(ctx context.Context, q *store.Q, a *auth.Actor, ownerPath string) (bool, error) {
	for _, p := range []auth.Permission{auth.PointsRead, auth.PointsCatalogue} {
		for _, s := range a.Scopes(p) {
			if domain.InSubtree(s, ownerPath) || domain.InSubtree(ownerPath, s) {
				return true, nil
			}
		}
	}
	return canSeeCatalogue(ctx, q, a, &domain.Org{Path: ownerPath})
}

// Versions returns every version of the item an indicator version belongs to, oldest first.
// Who: as Indicator. Errors: ENotFound.
func (s *Service) Versions(ctx context.Context, a *auth.Actor, id int64) ([]domain.Indicator, error) {
	ind, err := s.Indicator(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.DB.Read().Indicators(ctx, store.IndicatorFilter{SeriesID: ind.SeriesID})
}

// resolveIndicator returns the version of the item (named by any of its versions) in force on
// day d for a subject: of the subject's type, owned by the subject's organisation or an
// ancestor ("1 + X"), of d's year. Errors: EInvalid (indicator_id) when there is none.
func resolveIndicator(ctx context.Context, q *store.Q, id int64, sj *subject, d domain.Date) (*domain.Indicator, error) {
	ind, err := q.Indicator(ctx, id)
	if err == sql.ErrNoRows {
		return nil, invalid("indicator_id", "err.points.indicator_unknown")
	}
	if err != nil {
		return nil, err
	}
	if !ind.InForce(d) {
		list, err := q.Indicators(ctx, store.IndicatorFilter{SeriesID: ind.SeriesID, On: d})
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, invalid("occurred_on", "err.points.indicator_not_in_force")
		}
		ind = &list[0]
	}
	return ind, checkApplies(ind, sj, d)
}

// checkApplies checks that an indicator version may score for a subject on a day.
func checkApplies(ind *domain.Indicator, sj *subject, d domain.Date) error {
	switch {
	case ind.SubjectType != sj.Type:
		return invalid("subject_type", "err.points.subject_mismatch")
	case !domain.InSubtree(sj.OrgPath, ind.OrgPath):
		return invalid("indicator_id", "err.points.not_in_catalogue")
	case d.Time().Year() != ind.Year || !ind.InForce(d):
		return invalid("occurred_on", "err.points.indicator_not_in_force")
	}
	return nil
}

// indicatorByCode finds the version of code in a subject's effective catalogue on day d.
func indicatorByCode(ctx context.Context, q *store.Q, code string, sj *subject, d domain.Date) (*domain.Indicator, error) {
	list, err := q.Indicators(ctx, store.IndicatorFilter{OwnerIDs: domain.PathIDs(sj.OrgPath), Year: d.Time().Year(),
		SubjectType: sj.Type, Code: code, On: d})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNoIndicator
	}
	return &list[len(list)-1], nil
}
