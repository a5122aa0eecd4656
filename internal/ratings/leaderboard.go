package ratings

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Category values of a ranking besides the categories of the rule in force.
const (
	CategoryTotal     = "total"     // all categories together (also "")
	CategoryComposite = "composite" // the composite out of 100 under each subject's rule
)

// LeaderboardQuery selects a leaderboard.
type LeaderboardQuery struct {
	OrgID       int64
	Year        int    // 0: this year
	SubjectType string // member (default) | org
	Category    string // a category key, total ("") or composite
	Limit       int    // default 50, max 500
	Cursor      string // from the previous page's NextCursor
}

// LeaderItem is one line of a leaderboard (API.md: {rank, subject_id, name, points}).
type LeaderItem struct {
	Rank      int           `json:"rank"`
	SubjectID int64         `json:"subject_id,string"`
	Name      string        `json:"name"`
	OrgID     int64         `json:"org_id,string"`
	OrgName   string        `json:"org_name"`
	Points    domain.Points `json:"points"`
}

// Leaderboard is a page of a ranking.
type Leaderboard struct {
	OrgID       int64        `json:"org_id,string"`
	Year        int          `json:"year"`
	SubjectType string       `json:"subject_type"`
	Category    string       `json:"category"`
	TieRule     string       `json:"tie_rule"`
	Of          int          `json:"of"` // how many subjects are ranked
	Items       []LeaderItem `json:"items"`
	NextCursor  string       `json:"next_cursor"`
}

// ranking is a checked query: the organisation, the store query, the tie rule.
type ranking struct {
	org *domain.Org
	rq  store.RankQuery
	tie string
}

// prepare checks a query's fields and resolves the organisation, the tie rule and the
// category. Errors: ENotFound (org out of scope), EInvalid (year, subject_type, category).
func (s *Service) prepare(ctx context.Context, q *store.Q, a *auth.Actor, orgID int64, year int, subjectType, category string) (*ranking, error) {
	if year == 0 {
		year = s.today().Time().Year()
	}
	if err := s.checkYear(year); err != nil {
		return nil, err
	}
	if subjectType == "" {
		subjectType = domain.SubjectMember
	}
	if !domain.ValidSubject(subjectType) {
		return nil, invalid("subject_type", "err.choice")
	}
	o, err := readableOrg(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if category == CategoryTotal {
		category = ""
	}
	if category != "" && category != CategoryComposite {
		rule, err := points.CategoryRule(ctx, q, o.Path, yearEnd(year))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(rule.Keys(), category) {
			return nil, invalid("category", "err.choice")
		}
	}
	tie, err := TieRule(ctx, q, o.Path, year)
	if err != nil {
		return nil, err
	}
	return &ranking{org: o, tie: tie, rq: store.RankQuery{Year: year, SubjectType: subjectType, Category: category, Path: o.Path}}, nil
}

// Leaderboard returns a page of the ranking of the subjects of a type in an organisation's
// subtree by their points of a year (a category, the total or the composite), best first,
// ranked under the tie rule in force (competition 1, 2, 2, 4; dense 1, 2, 2, 3;
// earliest_first: who reached the score first ranks ahead). Only subjects with points that
// year appear. The cursor is an offset; each page costs one index range read plus, for the
// first rank of the page, a count of those ahead.
// Who: points readers over the organisation; a member their own branch.
// Errors: ENotFound (org), EInvalid (year, subject_type, category, cursor).
func (s *Service) Leaderboard(ctx context.Context, a *auth.Actor, lq LeaderboardQuery) (*Leaderboard, error) {
	if lq.Limit <= 0 || lq.Limit > 500 {
		lq.Limit = 50
	}
	offset := 0
	if lq.Cursor != "" {
		n, err := strconv.Atoi(lq.Cursor)
		if err != nil || n < 0 {
			return nil, invalid("cursor", "err.invalid")
		}
		offset = n
	}
	q := s.DB.Read()
	r, err := s.prepare(ctx, q, a, lq.OrgID, lq.Year, lq.SubjectType, lq.Category)
	if err != nil {
		return nil, err
	}
	lb := &Leaderboard{OrgID: r.org.ID, Year: r.rq.Year, SubjectType: r.rq.SubjectType, Category: lq.Category,
		TieRule: r.tie, Items: []LeaderItem{}}
	if lb.Category == "" {
		lb.Category = CategoryTotal
	}
	var rows []store.RankRow
	var ranks []int
	if r.rq.Category == CategoryComposite {
		all, err := s.composites(ctx, q, r.rq)
		if err != nil {
			return nil, err
		}
		allRanks := assignRanks(all, r.tie, 0, 0)
		lb.Of = len(all)
		if offset < len(all) {
			end := min(offset+lq.Limit+1, len(all))
			rows, ranks = all[offset:end], allRanks[offset:end]
		}
	} else {
		if lb.Of, err = q.CountRanked(ctx, r.rq); err != nil {
			return nil, err
		}
		walk := lb.Of >= walkFrom && offset+lq.Limit <= walkDepth
		if rows, err = q.RankPage(ctx, r.rq, offset, lq.Limit+1, walk); err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			ahead, err := q.CountAhead(ctx, r.rq, r.tie, rows[0])
			if err != nil {
				return nil, err
			}
			ranks = assignRanks(rows, r.tie, ahead+1, offset)
		}
	}
	if len(rows) > lq.Limit {
		rows, ranks = rows[:lq.Limit], ranks[:lq.Limit]
		lb.NextCursor = strconv.Itoa(offset + lq.Limit)
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.SubjectID
	}
	names, err := q.SubjectNames(ctx, r.rq.SubjectType, ids)
	if err != nil {
		return nil, err
	}
	for i, row := range rows {
		n := names[row.SubjectID]
		lb.Items = append(lb.Items, LeaderItem{Rank: ranks[i], SubjectID: row.SubjectID, Name: n[0], OrgID: row.OrgID,
			OrgName: n[1], Points: row.Points})
	}
	return lb, nil
}

// A leaderboard page of a subtree with at least walkFrom ranked subjects, no deeper than
// walkDepth, is read by walking the ranking order rather than sorting the subtree (see
// store.RankPage). Sorting 20,000 index entries costs about what walking a few thousand
// does; deeper pages walk further, so they sort.
var (
	walkFrom  = 20_000
	walkDepth = 2_000
)

// assignRanks ranks rows already in ranking order. first is the rank of rows[0] (0: the rows
// are the whole ranking, rank 1 first) and offset its position in the whole ranking.
func assignRanks(rows []store.RankRow, tie string, first, offset int) []int {
	if first == 0 {
		first = 1
	}
	ranks := make([]int, len(rows))
	for i := range rows {
		switch {
		case i == 0:
			ranks[i] = first
		case tie == store.TieEarliestFirst:
			ranks[i] = ranks[i-1] + 1
		case rows[i].Points == rows[i-1].Points:
			ranks[i] = ranks[i-1]
		case tie == store.TieDense:
			ranks[i] = ranks[i-1] + 1
		default: // competition: the position in the whole ranking
			ranks[i] = offset + i + 1
		}
	}
	return ranks
}

// composites returns every subject of the ranking's subtree with points that year, with its
// composite under the category rule in force for its organisation on 31 December, in ranking
// order. It reads the subtree's category totals once: fine for a branch or a committee; for
// a subtree of a hundred thousand members prefer the rating run's stored results.
func (s *Service) composites(ctx context.Context, q *store.Q, rq store.RankQuery) ([]store.RankRow, error) {
	book, err := loadRuleBook(ctx, q, domain.RuleCategories, yearEnd(rq.Year), domain.DefaultCategoryRule, fixCategories)
	if err != nil {
		return nil, err
	}
	var out []store.RankRow
	var cur *store.RankRow
	var raw map[string]domain.Points
	var path string
	flush := func() {
		if cur != nil {
			cur.Points = book.For(path).Composite(raw)
			out = append(out, *cur)
		}
	}
	err = q.SubtreeCategoryTotals(ctx, rq.Year, rq.SubjectType, rq.Path, func(c store.CategoryTotal) error {
		if cur == nil || cur.SubjectID != c.SubjectID {
			flush()
			cur = &store.RankRow{SubjectID: c.SubjectID, OrgID: c.OrgID}
			raw, path = map[string]domain.Points{}, c.OrgPath
		}
		raw[c.Category] = c.Points
		if c.Points != 0 && c.UpdatedAt.After(cur.UpdatedAt) {
			cur.UpdatedAt = c.UpdatedAt
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	flush()
	slices.SortFunc(out, compareRank)
	return out, nil
}

// compareRank is the ranking order of store.RankOrder in Go.
func compareRank(x, y store.RankRow) int {
	if c := cmp.Compare(y.Points, x.Points); c != 0 {
		return c
	}
	if c := x.UpdatedAt.Compare(y.UpdatedAt); c != 0 {
		return c
	}
	return cmp.Compare(x.SubjectID, y.SubjectID)
}

// RankQuery asks for one subject's rank.
type RankQuery struct {
	OrgID       int64 // the subtree ranked in (e.g. the member's branch, or a whole district)
	Year        int   // 0: this year
	SubjectType string
	SubjectID   int64
	Category    string // a category key, total ("") or composite
}

// Rank is a subject's place in a ranking.
type Rank struct {
	SubjectType string        `json:"subject_type"`
	SubjectID   int64         `json:"subject_id,string"`
	OrgID       int64         `json:"org_id,string"`
	Year        int           `json:"year"`
	Category    string        `json:"category"`
	TieRule     string        `json:"tie_rule"`
	Rank        int           `json:"rank"`   // 0: not ranked (no points that year)
	Of          int           `json:"of"`     // how many subjects are ranked
	Points      domain.Points `json:"points"` // the subject's points (composite for composite)
}

// Rank returns a subject's rank in a subtree ("my rank in my branch", "in the district"):
// the number of subjects strictly ahead under the tie rule, plus one, counted on the index of
// the subtree without reading the rows. A subject without points that year has rank 0.
// Who: a member their own rank in any subtree holding them; points readers of the subject.
// Errors: ENotFound (org, subject, or the subject outside the subtree), EInvalid.
func (s *Service) Rank(ctx context.Context, a *auth.Actor, rq RankQuery) (*Rank, error) {
	q := s.DB.Read()
	path, err := subjectPath(ctx, q, rq.SubjectType, rq.SubjectID)
	if err != nil {
		return nil, err
	}
	self := rq.SubjectType == domain.SubjectMember && a.MemberID() == rq.SubjectID && rq.SubjectID != 0
	if !self && !a.Can(auth.PointsRead, path) {
		return nil, domain.NotFound(rq.SubjectType)
	}
	o, err := org(ctx, q, rq.OrgID)
	if err != nil {
		return nil, err
	}
	if !domain.InSubtree(path, o.Path) {
		return nil, domain.NotFound(rq.SubjectType)
	}
	// The subject may see its own place in a subtree it belongs to without reading the
	// subtree's leaderboard: prepare as the system, having checked the subject above.
	r, err := s.prepare(ctx, q, auth.SystemActor(), rq.OrgID, rq.Year, rq.SubjectType, rq.Category)
	if err != nil {
		return nil, err
	}
	out := &Rank{SubjectType: r.rq.SubjectType, SubjectID: rq.SubjectID, OrgID: o.ID, Year: r.rq.Year,
		Category: rq.Category, TieRule: r.tie}
	if out.Category == "" {
		out.Category = CategoryTotal
	}
	if r.rq.Category == CategoryComposite {
		all, err := s.composites(ctx, q, r.rq)
		if err != nil {
			return nil, err
		}
		ranks := assignRanks(all, r.tie, 0, 0)
		out.Of = len(all)
		for i, row := range all {
			if row.SubjectID == rq.SubjectID {
				out.Rank, out.Points = ranks[i], row.Points
			}
		}
		return out, nil
	}
	if out.Of, err = q.CountRanked(ctx, r.rq); err != nil {
		return nil, err
	}
	row, err := q.RankOf(ctx, r.rq, rq.SubjectID)
	if err == sql.ErrNoRows {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	ahead, err := q.CountAhead(ctx, r.rq, r.tie, *row)
	if err != nil {
		return nil, err
	}
	out.Rank, out.Points = ahead+1, row.Points
	return out, nil
}

// subjectPath returns the current organisation path of a member or organisation.
func subjectPath(ctx context.Context, q *store.Q, typ string, id int64) (string, error) {
	switch typ {
	case domain.SubjectMember:
		m, err := q.Member(ctx, id)
		if err == sql.ErrNoRows {
			return "", domain.NotFound("member")
		}
		if err != nil {
			return "", err
		}
		return m.OrgPath, nil
	case domain.SubjectOrg:
		o, err := org(ctx, q, id)
		if err != nil {
			return "", err
		}
		return o.Path, nil
	}
	return "", invalid("subject_type", "err.choice")
}
