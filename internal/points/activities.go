package points

// Branch activities (seed 001; issue 4 part 4): "activities planned by the committee are
// claimed by branches at the start of the year; points by complexity and coverage; branch
// points = claim points + year-end evaluation bonus".
//
// A committee or general branch plans the year's activities (CreatePlan); its branches claim
// them before the claim deadline (ClaimActivity: nothing is posted yet); the planning
// organisation records each completion with attendance (CompleteActivity), and only then is
// the branch credited base points × the coverage factor. The points go through
// AwardForEvent in the completion's transaction, under an org indicator the planning
// organisation owns for the year (code "activities-{org_id}", unit hour at 1 point per unit,
// so the quantity is the points themselves; category from the rule, default activity: the
// seed counts them as activity). The de-duplication key "activity:{plan}:{branch}" makes a
// completion score once whatever happens. The year-end bonus is the existing YearEndBonus.

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// RuleActivities is the rule key of branch activities (shipped by migration 00011).
const RuleActivities = "points.activities"

// ComplexityLevel gives a complexity level its base points.
type ComplexityLevel struct {
	Level  int           `json:"level"`
	Points domain.Points `json:"points"`
}

// ActivityRule is the rule points.activities: the claim deadline as MM-DD of the plan's
// year, base points by complexity, coverage bands (highest first) and the category.
type ActivityRule struct {
	ClaimDeadline string               `json:"claim_deadline"`
	Complexity    []ComplexityLevel    `json:"complexity"`
	Coverage      []store.CoverageBand `json:"coverage"`
	Category      string               `json:"category"`
}

// DefaultActivityRule is what applies when no rule row does (the same as the shipped row).
var DefaultActivityRule = ActivityRule{ClaimDeadline: "03-31",
	Complexity: []ComplexityLevel{{1, domain.Whole(5)}, {2, domain.Whole(10)}, {3, domain.Whole(20)}},
	Coverage: []store.CoverageBand{{MinPercent: 90, Factor: domain.Whole(1)}, {MinPercent: 70, Factor: 8},
		{MinPercent: 50, Factor: 6}, {MinPercent: 0, Factor: 4}},
	Category: domain.CategoryActivity}

// ActivityRuleFor returns the rule in force for an organisation on a day.
func ActivityRuleFor(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (ActivityRule, error) {
	r := DefaultActivityRule
	_, err := q.Rule(ctx, RuleActivities, orgPath, on, &r)
	return r, err
}

// CoverageFactor returns the factor of the highest band reached by participants of members
// (integer arithmetic: participants × 100 ≥ min_percent × members), 0 when none is.
func CoverageFactor(bands []store.CoverageBand, participants, members int) domain.Points {
	best, factor := -1, domain.Points(0)
	for _, b := range bands {
		if participants*100 >= b.MinPercent*members && b.MinPercent > best {
			best, factor = b.MinPercent, b.Factor
		}
	}
	return factor
}

// PlanInput is a new activity plan. Zero values take the rule's defaults: BasePoints (nil:
// the complexity level's points), ClaimDeadline ("": the rule's MM-DD of the year), Coverage
// (nil: the rule's bands). MaxClaims 0 lets any number of branches claim.
type PlanInput struct {
	OrgID         int64
	Year          int
	Name          string
	Description   string
	Complexity    int
	BasePoints    *domain.Points
	Expected      string // "", YYYY-MM or YYYY-Qn within the year
	ClaimDeadline string // YYYY-MM-DD
	MaxClaims     int
	Coverage      []store.CoverageBand
}

var expectedPattern = regexp.MustCompile(`^([0-9]{4})-(0[1-9]|1[0-2]|Q[1-4])$`)

// planOrgTypes are the organisations that plan activities for the branches below them.
var planOrgTypes = []domain.OrgType{domain.OrgRegion, domain.OrgCommittee, domain.OrgGeneralBranch}

// CreatePlan adds a planned activity of a year. The plan keeps the base points and coverage
// bands it was made with. Who: points.catalogue (org_admin, secretary) over the planning
// organisation, which is a committee, general branch or region. Errors: EForbidden, EInvalid
// (org_id, year, name, description, complexity, base_points, expected, claim_deadline,
// max_claims, coverage).
func (s *Service) CreatePlan(ctx context.Context, a *auth.Actor, in PlanInput) (*store.ActivityPlan, error) {
	if len(a.Scopes(auth.PointsCatalogue)) == 0 {
		return nil, domain.Forbidden()
	}
	v := &domain.Validation{}
	p := &store.ActivityPlan{OrgID: in.OrgID, Year: in.Year, Complexity: in.Complexity, MaxClaims: in.MaxClaims,
		CreatedBy: a.UserID(), CreatedByName: a.Name()}
	var err error
	if p.Name, err = text(in.Name, 100, true); err != nil {
		v.Add("name", err.Error())
	}
	if p.Description, err = text(in.Description, 2000, false); err != nil {
		v.Add("description", err.Error())
	}
	if in.Year < 2000 || in.Year > 2100 {
		v.Add("year", "err.points.year")
	}
	p.Expected = strings.TrimSpace(in.Expected)
	if m := expectedPattern.FindStringSubmatch(p.Expected); p.Expected != "" && (m == nil || m[1] != strconv.Itoa(in.Year)) {
		v.Add("expected", "err.activities.expected")
	}
	if p.ClaimDeadline, err = domain.ParseDate(strings.TrimSpace(in.ClaimDeadline)); err != nil ||
		(!p.ClaimDeadline.IsZero() && p.ClaimDeadline.Time().Year() != in.Year) {
		v.Add("claim_deadline", "err.points.outside_year")
	}
	if in.MaxClaims < 0 || in.MaxClaims > 10000 {
		v.Add("max_claims", "err.activities.max_claims")
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := q.Org(ctx, in.OrgID)
		if err == sql.ErrNoRows || in.OrgID == 0 {
			v.Add("org_id", "err.org.unknown")
			return v.Err()
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.PointsCatalogue, o.Path) {
			return domain.Forbidden()
		}
		if !slices.Contains(planOrgTypes, o.Type) {
			v.Add("org_id", "err.activities.plan_org")
		}
		if err := v.Err(); err != nil {
			return err
		}
		p.OrgPath, p.OrgName = o.Path, o.Name
		rule, err := ActivityRuleFor(ctx, q, o.Path, s.ruleDay(in.Year))
		if err != nil {
			return err
		}
		s.fillPlan(p, in, rule, v)
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := s.ensureActivityIndicator(ctx, q, a, o, in.Year, rule.Category); err != nil {
			return err
		}
		if err := q.InsertActivityPlan(ctx, p); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "points.activity.plan", "activity_plan", p.ID, o.Path, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ruleDay is the day whose rule a plan of a year takes: today, or 1 January of a year that
// has not started yet (plans are often made in December for the next year).
func (s *Service) ruleDay(year int) domain.Date {
	first := domain.NewDate(year, time.January, 1)
	if t := s.today(); t.After(first) && t.Time().Year() == year {
		return t
	}
	return first
}

// fillPlan takes the rule's defaults for what the input leaves out and checks the rest.
func (s *Service) fillPlan(p *store.ActivityPlan, in PlanInput, rule ActivityRule, v *domain.Validation) {
	i := slices.IndexFunc(rule.Complexity, func(c ComplexityLevel) bool { return c.Level == in.Complexity })
	switch {
	case in.BasePoints != nil:
		p.BasePoints = *in.BasePoints
	case i >= 0:
		p.BasePoints = rule.Complexity[i].Points
	}
	if i < 0 {
		v.Add("complexity", "err.choice")
	} else if p.BasePoints <= 0 || p.BasePoints > domain.Whole(1000) {
		v.Add("base_points", "err.points.positive")
	}
	if p.ClaimDeadline.IsZero() {
		d, err := domain.ParseDate(strconv.Itoa(in.Year) + "-" + rule.ClaimDeadline)
		if err != nil { // a broken rule row: the seed's 31 March
			d = domain.NewDate(in.Year, time.March, 31)
		}
		p.ClaimDeadline = d
	}
	p.Coverage = in.Coverage
	if p.Coverage == nil {
		p.Coverage = slices.Clone(rule.Coverage)
	}
	slices.SortFunc(p.Coverage, func(x, y store.CoverageBand) int { return y.MinPercent - x.MinPercent })
	for k, b := range p.Coverage {
		if b.MinPercent < 0 || b.MinPercent > 100 || b.Factor < 0 || b.Factor > domain.Whole(10) ||
			(k > 0 && b.MinPercent == p.Coverage[k-1].MinPercent) {
			v.Add("coverage", "err.activities.coverage")
		}
	}
	if len(p.Coverage) == 0 || len(p.Coverage) > 20 {
		v.Add("coverage", "err.activities.coverage")
	}
}

// activityCode is the code of the indicator a planning organisation's activities score under.
func activityCode(orgID int64) string { return "activities-" + itoa(orgID) }

// ensureActivityIndicator returns the open org indicator of the planning organisation's
// activities for the year, creating it (valid from 1 January) the first time. It is data of
// the catalogue like any other item: shown there, versioned if someone changes it.
func (s *Service) ensureActivityIndicator(ctx context.Context, q *store.Q, a *auth.Actor, o *domain.Org, year int, category string) (*domain.Indicator, error) {
	code := activityCode(o.ID)
	list, err := q.Indicators(ctx, store.IndicatorFilter{OwnerIDs: []int64{o.ID}, Year: year, Code: code, Open: true})
	if err != nil || len(list) > 0 {
		if len(list) > 0 {
			return &list[0], nil
		}
		return nil, err
	}
	rule, err := CategoryRule(ctx, q, o.Path, domain.NewDate(year, time.January, 1))
	if err != nil {
		return nil, err
	}
	if keys := rule.Keys(); !slices.Contains(keys, category) {
		category = keys[0] // the rule names no such category: count them in the first one
		if slices.Contains(keys, domain.CategoryActivity) {
			category = domain.CategoryActivity
		}
	}
	by := a.Name()
	if by == "" {
		by = "system"
	}
	ind := &domain.Indicator{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, Year: year, Code: code, Version: 1,
		Name: "支部认领活动", Category: category, SubjectType: domain.SubjectOrg, Points: domain.Whole(1),
		Unit: domain.UnitHour, ValidFrom: domain.NewDate(year, time.January, 1), CreatedBy: by}
	if err := q.InsertIndicator(ctx, ind); err != nil {
		return nil, err
	}
	return ind, audit.Record(ctx, q, a, "points.indicator.create", "point_indicator", ind.ID, o.Path, nil, ind)
}

// canSeePlans reports whether the actor may see the plans of an organisation: whoever may
// read its catalogue, and readers of any organisation below it (a branch's secretary sees
// what its committee planned, to claim it).
func canSeePlans(ctx context.Context, q *store.Q, a *auth.Actor, o *domain.Org) (bool, error) {
	for _, sc := range a.Scopes(auth.PointsRead) {
		if domain.InSubtree(sc, o.Path) {
			return true, nil
		}
	}
	return canSeeCatalogue(ctx, q, a, o)
}

// Plans lists the activity plans of a year that concern an organisation: those it and its
// ancestors made. Each shows the claims the actor may see (ClaimCount counts all). Who:
// as canSeePlans. Errors: ENotFound (org).
func (s *Service) Plans(ctx context.Context, a *auth.Actor, orgID int64, year int) ([]store.ActivityPlan, error) {
	q := s.DB.Read()
	o, err := q.Org(ctx, orgID)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	if ok, err := canSeePlans(ctx, q, a, o); err != nil || !ok {
		if err == nil {
			err = domain.NotFound("org")
		}
		return nil, err
	}
	if year == 0 {
		year = s.today().Time().Year()
	}
	list, err := q.ActivityPlans(ctx, domain.PathIDs(o.Path), year)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Claims, err = visibleClaims(ctx, q, a, list[i].Claims); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Plan returns one plan with the claims the actor may see. Who: as canSeePlans for the
// planning organisation. Errors: ENotFound.
func (s *Service) Plan(ctx context.Context, a *auth.Actor, id int64) (*store.ActivityPlan, error) {
	q := s.DB.Read()
	p, err := q.ActivityPlan(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("activity_plan")
	}
	if err != nil {
		return nil, err
	}
	if ok, err := canSeePlans(ctx, q, a, &domain.Org{ID: p.OrgID, Path: p.OrgPath}); err != nil || !ok {
		if err == nil {
			err = domain.NotFound("activity_plan")
		}
		return nil, err
	}
	p.Claims, err = visibleClaims(ctx, q, a, p.Claims)
	return p, err
}

// visibleClaims keeps the claims of branches the actor may read (a member: their own).
func visibleClaims(ctx context.Context, q *store.Q, a *auth.Actor, claims []store.ActivityClaim) ([]store.ActivityClaim, error) {
	out := claims[:0]
	for _, c := range claims {
		ok := a.Can(auth.PointsRead, c.OrgPath)
		if !ok && a.MemberID() != 0 {
			m, err := q.Member(ctx, a.MemberID())
			if err != nil && err != sql.ErrNoRows {
				return nil, err
			}
			ok = err == nil && domain.InSubtree(m.OrgPath, c.OrgPath)
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// ClaimActivity records a branch's claim of a plan, on or before the claim deadline; no
// points yet (they come with the completion). Who: points.catalogue (secretary, org_admin)
// over the branch. Errors: ENotFound (plan, org), EForbidden, EInvalid (org_id: not a
// branch below the planning organisation), EConflict (err.activities.claim_closed after the
// deadline; err.activities.claimed already claimed; err.activities.full the plan's maximum
// of branches reached).
func (s *Service) ClaimActivity(ctx context.Context, a *auth.Actor, planID, orgID int64) (*store.ActivityClaim, error) {
	var out *store.ActivityClaim
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		p, err := q.ActivityPlan(ctx, planID) // locked: claims of a plan serialise
		if err == sql.ErrNoRows {
			return domain.NotFound("activity_plan")
		}
		if err != nil {
			return err
		}
		o, err := q.Org(ctx, orgID)
		if err == sql.ErrNoRows {
			return domain.NotFound("org")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.PointsCatalogue, o.Path) {
			return domain.Forbidden()
		}
		if o.ID == p.OrgID || !domain.InSubtree(o.Path, p.OrgPath) || !(o.Type.IsBranch() || o.Type == domain.OrgGeneralBranch) {
			return invalid("org_id", "err.activities.not_branch")
		}
		if s.today().After(p.ClaimDeadline) {
			return conflict("err.activities.claim_closed", p.ClaimDeadline.String())
		}
		if slices.ContainsFunc(p.Claims, func(c store.ActivityClaim) bool { return c.OrgID == o.ID }) {
			return conflict("err.activities.claimed")
		}
		if p.MaxClaims > 0 && len(p.Claims) >= p.MaxClaims {
			return conflict("err.activities.full", p.MaxClaims)
		}
		c := &store.ActivityClaim{PlanID: p.ID, OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, ClaimedBy: a.UserID(),
			ClaimedByName: a.Name()}
		if err := q.InsertActivityClaim(ctx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, q, a, "points.activity.claim", "activity_claim", c.ID, o.Path, nil, c)
	})
	return out, err
}

// CompleteInput is the attendance of a completed activity. Members 0 takes the branch's
// roster count now; On "" is today.
type CompleteInput struct {
	Participants int
	Members      int
	On           string
}

// CompleteActivity records that a branch held a claimed activity and credits the branch
// base points × the coverage factor of participants ÷ members, in the same transaction,
// with the de-duplication key "activity:{plan}:{branch}". A factor of 0 (no band reached)
// records the completion without an entry. Who: points.award (org_admin, secretary,
// committee member) over the planning organisation. Errors: ENotFound (plan; the branch's
// claim), EForbidden, EInvalid (participants, members, on), EConflict
// (err.activities.completed: recorded already), and the ledger's (a closed year).
func (s *Service) CompleteActivity(ctx context.Context, a *auth.Actor, planID, orgID int64, in CompleteInput) (*store.ActivityClaim, error) {
	on, problem := s.parseDay(in.On)
	if strings.TrimSpace(in.On) == "" {
		on, problem = s.today(), ""
	}
	var out *store.ActivityClaim
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		p, err := q.ActivityPlan(ctx, planID)
		if err == sql.ErrNoRows {
			return domain.NotFound("activity_plan")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.PointsAward, p.OrgPath) {
			return domain.Forbidden()
		}
		i := slices.IndexFunc(p.Claims, func(c store.ActivityClaim) bool { return c.OrgID == orgID })
		if i < 0 {
			return domain.NotFound("activity_claim")
		}
		c := p.Claims[i]
		if c.Status == store.ActivityCompleted {
			return conflict("err.activities.completed")
		}
		v := &domain.Validation{}
		if problem == "" && on.Time().Year() != p.Year {
			problem = "err.points.outside_year"
		}
		if problem != "" {
			v.Add("on", problem)
		}
		members := in.Members
		if members == 0 {
			o, err := q.Org(ctx, orgID)
			if err != nil {
				return err
			}
			if err := q.FillOrgCounts(ctx, o); err != nil {
				return err
			}
			members = o.MemberCount
		}
		switch {
		case members <= 0 || members > 100000:
			v.Add("members", "err.activities.members")
		case in.Participants < 0 || in.Participants > members:
			v.Add("participants", "err.activities.participants")
		}
		if err := v.Err(); err != nil {
			return err
		}
		c.Participants, c.Members, c.CompletedOn = in.Participants, members, on
		c.CompletedBy, c.CompletedByName = a.UserID(), a.Name()
		c.Factor = CoverageFactor(p.Coverage, in.Participants, members)
		c.Points = domain.MulQuantity(p.BasePoints, c.Factor)
		if c.Points > 0 {
			planOrg := &domain.Org{ID: p.OrgID, Path: p.OrgPath, Name: p.OrgName}
			rule, err := ActivityRuleFor(ctx, q, p.OrgPath, on)
			if err != nil {
				return err
			}
			if _, err := s.ensureActivityIndicator(ctx, q, a, planOrg, p.Year, rule.Category); err != nil {
				return err
			}
			res, err := s.AwardForEvent(ctx, q, EventAward{SubjectType: domain.SubjectOrg, SubjectID: orgID,
				IndicatorCode: activityCode(p.OrgID), Quantity: c.Points, OccurredOn: on,
				DedupKey: "activity:" + itoa(p.ID) + ":" + itoa(orgID), Source: "activity", Ref: itoa(p.ID), Actor: a,
				Note: p.Name})
			if err != nil {
				return err
			}
			c.EntryID = res.EntryID
		}
		ok, err := q.CompleteActivityClaim(ctx, &c)
		if err != nil {
			return err
		}
		if !ok {
			return conflict("err.activities.completed")
		}
		out = &c
		return audit.Record(ctx, q, a, "points.activity.complete", "activity_claim", c.ID, c.OrgPath, p.Claims[i], c)
	})
	return out, err
}
