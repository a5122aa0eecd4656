package ratings

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// EligibleMember is a member who may compete for excellent member.
type EligibleMember struct {
	MemberID int64         `json:"member_id,string"`
	Name     string        `json:"name"`
	Points   domain.Points `json:"points"`
	Rank     int           `json:"rank"`
}

// BranchEligibility is one branch's eligible members (API.md).
type BranchEligibility struct {
	OrgID   int64            `json:"org_id,string"`
	Name    string           `json:"name"`
	Members []EligibleMember `json:"members"`
}

// Eligibility is the answer of GET /points/eligibility.
type Eligibility struct {
	OrgID   int64               `json:"org_id,string"`
	Year    int                 `json:"year"`
	Top     int                 `json:"top"`
	TieRule string              `json:"tie_rule"`
	Items   []BranchEligibility `json:"items"`
}

// Eligibility returns, for each branch in an organisation's subtree (one item per branch,
// in tree order, also those where nobody qualifies), the members who may compete for
// excellent member: the top N by their yearly points (all categories) within the branch
// (RULES.md: top 5 by default, rule points.eligibility; top = 0 takes the rule). Ranks follow
// the tie rule, so under competition a tie at place N lets every tied member in. Members
// without positive points that year, and expelled members, are not eligible.
// Who: points readers over the organisation. Errors: ENotFound, EInvalid (year, top).
func (s *Service) Eligibility(ctx context.Context, a *auth.Actor, orgID int64, year, top int) (*Eligibility, error) {
	if year == 0 {
		year = s.today().Time().Year()
	}
	if err := s.checkYear(year); err != nil {
		return nil, err
	}
	if top < 0 || top > 100 {
		return nil, invalid("top", "err.invalid")
	}
	q := s.DB.Read()
	o, err := org(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.PointsRead, o.Path) {
		return nil, domain.NotFound("org")
	}
	if top == 0 {
		if top, err = EligibleTop(ctx, q, o.Path, year); err != nil {
			return nil, err
		}
	}
	tie, err := TieRule(ctx, q, o.Path, year)
	if err != nil {
		return nil, err
	}
	branches, err := q.BranchesIn(ctx, o.Path)
	if err != nil {
		return nil, err
	}
	rows, err := q.Eligible(ctx, year, o.Path, top, tie)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64][]EligibleMember{}
	for _, r := range rows {
		byOrg[r.OrgID] = append(byOrg[r.OrgID], EligibleMember{MemberID: r.MemberID, Name: r.Name, Points: r.Points, Rank: r.Rank})
	}
	out := &Eligibility{OrgID: o.ID, Year: year, Top: top, TieRule: tie, Items: make([]BranchEligibility, 0, len(branches))}
	for _, b := range branches {
		list := byOrg[b.ID]
		if list == nil {
			list = []EligibleMember{}
		}
		out.Items = append(out.Items, BranchEligibility{OrgID: b.ID, Name: b.Name, Members: list})
	}
	return out, nil
}
