package compliance

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// OrgResult is one organisation's items in a roll-up.
type OrgResult struct {
	OrgID   int64                   `json:"org_id"`
	OrgName string                  `json:"org_name"`
	OrgPath string                  `json:"-"`
	Items   []domain.ComplianceItem `json:"items"`
}

// RollUp is the compliance of a subtree: tallies per kind and period, each branch's items,
// and the names of the organisations the tallies refer to.
type RollUp struct {
	Year    int                      `json:"year"`
	Tallies []domain.ComplianceTally `json:"tallies"`
	Orgs    []OrgResult              `json:"orgs"`
}

// ForOrg evaluates one organisation for a year. Who: readers of the organisation; others
// ENotFound (API.md: outside the scope is 404 on read).
func (s *Service) ForOrg(ctx context.Context, a *auth.Actor, orgID int64, year int) ([]domain.ComplianceItem, error) {
	q := s.DB.Read()
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	res, err := s.evaluate(ctx, q, o, year, s.Today(), func(x *domain.Org) bool { return x.ID == o.ID })
	if err != nil || len(res) == 0 {
		return []domain.ComplianceItem{}, err
	}
	return res[0].Items, nil
}

// RollUp evaluates every branch-type organisation of the subtree at orgID (the organisation
// itself included when it is one) and tallies them. Who: readers of the organisation.
func (s *Service) RollUp(ctx context.Context, a *auth.Actor, orgID int64, year int) (*RollUp, error) {
	q := s.DB.Read()
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	res, err := s.evaluate(ctx, q, o, year, s.Today(), branches)
	if err != nil {
		return nil, err
	}
	out := &RollUp{Year: year, Orgs: []OrgResult{}}
	var in []domain.OrgCompliance
	for _, r := range res {
		out.Orgs = append(out.Orgs, r)
		in = append(in, domain.OrgCompliance{OrgID: r.OrgID, Items: r.Items})
	}
	out.Tallies = domain.RollUpCompliance(in)
	return out, nil
}

// DueSoon lists, for every branch-type organisation, the items still open whose period ends
// within `within` days of today (the reminders job). No actor: a system task.
func (s *Service) DueSoon(ctx context.Context, today domain.Date, within int) ([]OrgResult, error) {
	// The whole tree at once: one scan of organisations and one of meetings.
	res, err := s.evaluate(ctx, s.DB.Read(), &domain.Org{Path: "/"}, today.Time().Year(), today, branches)
	if err != nil {
		return nil, err
	}
	var out []OrgResult
	for _, r := range res {
		if due := domain.ComplianceDueSoon(r.Items, today, within); len(due) > 0 {
			out = append(out, OrgResult{OrgID: r.OrgID, OrgName: r.OrgName, OrgPath: r.OrgPath, Items: due})
		}
	}
	return out, nil
}

func checkYear(year int) error {
	if year < 1990 || year > 2200 {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"year": "err.invalid"}}
	}
	return nil
}

func (s *Service) readable(ctx context.Context, q *store.Q, a *auth.Actor, orgID int64) (*domain.Org, error) {
	o, err := q.Org(ctx, orgID)
	if errors.Is(err, store.ErrNoRows) || (err == nil && !a.Can(auth.OrgRead, o.Path)) {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// branches selects the branch-type organisations of a subtree (roll-ups, reminders).
func branches(o *domain.Org) bool { return o.Type.IsBranch() }

// evaluate judges the organisations of the subtree at top that judge selects, with one query
// for the organisations and one for all their held meetings; the rule schedule is read per
// judged organisation (rules differ along paths).
func (s *Service) evaluate(ctx context.Context, q *store.Q, top *domain.Org, year int, today domain.Date, judge func(*domain.Org) bool) ([]OrgResult, error) {
	orgs, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{top.Path}})
	if err != nil {
		return nil, err
	}
	// A China calendar year, widened to the UTC instants it covers.
	from := time.Date(year, time.January, 1, 0, 0, 0, 0, domain.Shanghai)
	held, err := q.HeldMeetingsUnder(ctx, top.Path, from, from.AddDate(1, 0, 0))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*domain.Org, len(orgs))
	children := map[int64][]domain.Org{}
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
		children[orgs[i].ParentID] = append(children[orgs[i].ParentID], orgs[i])
	}
	// A party group's meetings count for its branch, tagged with the group: those held at the
	// group org (whatever their group_id: rows from before migration 00016 have none), and
	// group meetings the branch planned naming the group.
	heldBy := map[int64][]domain.HeldMeeting{}
	for _, h := range held {
		if domain.Today(h.StartsAt).After(today) { // planned, not held yet
			continue
		}
		owner, group := h.OrgID, int64(0)
		switch o := byID[h.OrgID]; {
		case o != nil && o.Type == domain.OrgGroup:
			owner, group = o.ParentID, o.ID
		case h.GroupID != 0 && h.Kind == domain.MeetingGroup:
			group = h.GroupID
			if g := byID[h.GroupID]; g != nil && g.Type == domain.OrgGroup {
				owner = g.ParentID
			}
		}
		heldBy[owner] = append(heldBy[owner], domain.HeldMeeting{Kind: h.Kind, GroupID: group,
			On: domain.Today(h.StartsAt), Approved: h.Approved})
	}
	var out []OrgResult
	for i := range orgs {
		o := &orgs[i]
		if !judge(o) {
			continue
		}
		sched, err := s.Schedule(ctx, q, o.Path)
		if err != nil {
			return nil, err
		}
		items := domain.EvaluateCompliance(sched, OrgInput(o, children[o.ID]), year, heldBy[o.ID], today)
		out = append(out, OrgResult{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path, Items: items})
	}
	return out, nil
}
