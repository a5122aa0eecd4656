package web

import (
	"net/http"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
)

// pointsData is a member's points of a year (我的积分): the appraisal total, by category
// and as a composite out of 100, the stars, the reward balance, the rank in the branch, the
// ledger with the source of every line, and the member's claims. A member sees their own;
// officers open a member of their scope with ?member_id=.
type pointsData struct {
	*Page
	Member     *domain.Member
	Own        bool // the signed-in member's own page (the claim button, my claims)
	Year       int
	Years      []int
	Account    *points.AccountView
	Categories []categoryPoints
	Chart      map[string]any
	ChartRem   int // the chart's height: a bar of 2.5rem for each category
	Rank       *ratings.Rank
	Published  *ratings.Result // the year's published rating, once there is one
	Entries    []entryRow
	MoreURL    string // the next page of the ledger
	Claims     []domain.Claim
	ClaimsMore bool
}

// categoryPoints is one category's raw points of the year.
type categoryPoints struct {
	Key, Label string
	Points     domain.Points
}

// entryRow is a ledger line with the name of its indicator.
type entryRow struct {
	domain.PointEntry
	IndicatorName string
	Reversible    bool   // the caller may reverse it: the history shows the form
	ReverseError  string // why the last reversal of it was refused
}

// entriesPage and claimsShown keep the page short on a phone; the ledger pages on.
const (
	entriesPage = 30
	claimsShown = 20
)

func (h *handler) showPoints(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	memberID := queryID(q.Get("member_id"))
	if memberID == 0 {
		memberID = a.MemberID()
	}
	if memberID == 0 {
		h.errorPage(w, r, http.StatusNotFound, "web.points.no_member")
		return
	}
	d := &pointsData{Page: h.page(r, "web.points.title"), Own: memberID == a.MemberID(), Year: yearParam(q.Get("year"), thisYear())}
	d.Years = recentYears(d.Year)
	if !d.Own {
		d.Title = ""
	}
	acc, err := h.set.Points.Account(ctx, a, domain.SubjectMember, memberID, d.Year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Account = acc
	if d.Member, err = h.set.Members.Get(ctx, a, memberID, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if !d.Own {
		d.Title = d.T("web.points.title_of", d.Member.Name)
	}
	keys := make([]string, 0, len(acc.Appraisal.ByCategory))
	for _, c := range domain.DefaultCategoryRule.Categories {
		if _, ok := acc.Appraisal.ByCategory[c.Key]; ok {
			keys = append(keys, c.Key)
		}
	}
	for k := range acc.Appraisal.ByCategory {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		d.Categories = append(d.Categories, categoryPoints{Key: k, Label: d.CategoryLabel(k), Points: acc.Appraisal.ByCategory[k]})
	}
	d.Chart, d.ChartRem = categoryChart(d.Categories), 3+5*len(d.Categories)/2

	if d.Rank, err = h.set.Ratings.Rank(ctx, a, ratings.RankQuery{OrgID: d.Member.OrgID, Year: d.Year,
		SubjectType: domain.SubjectMember, SubjectID: memberID}); err != nil {
		h.fail(w, r, err)
		return
	}
	if res, err := h.set.Ratings.PublishedResult(ctx, a, d.Year, domain.SubjectMember, memberID); err == nil {
		d.Published = res
	} else if domain.ErrorCode(err) != domain.ENotFound {
		h.fail(w, r, err)
		return
	}

	before := queryID(q.Get("before"))
	entries, err := h.set.Points.Entries(ctx, a, points.EntryFilter{SubjectType: domain.SubjectMember, SubjectID: memberID,
		Year: d.Year, BeforeID: before, Limit: entriesPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(entries) > entriesPage {
		entries = entries[:entriesPage]
		v := q
		v.Set("before", itoa64(entries[len(entries)-1].ID))
		d.MoreURL = "/points?" + v.Encode()
	}
	names := h.indicatorNames(r, d.Member.OrgID, d.Year)
	d.Entries = historyRows(d.Page, q, entries, names, a.Can(auth.PointsReverse, d.Member.OrgPath))

	if d.Own && before == 0 {
		claims, err := h.set.Points.Claims(ctx, a, points.ClaimFilter{Mine: true, Limit: 500})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		slices.Reverse(claims) // newest first
		d.ClaimsMore = len(claims) > claimsShown
		d.Claims = claims[:min(len(claims), claimsShown)]
	}
	h.html(w, r, http.StatusOK, "points", d)
}

// indicatorNames maps the indicator versions of an organisation's catalogue of a year to
// their names, for ledger lines (which carry the code). Lines of versions since replaced
// show their code; a catalogue that cannot be read leaves every name out.
func (h *handler) indicatorNames(r *http.Request, orgID int64, year int) map[int64]string {
	out := map[int64]string{}
	list, err := h.set.Points.Catalogue(r.Context(), actor(r), points.CatalogueFilter{OrgID: orgID, Year: year})
	if err != nil {
		return out
	}
	for _, ind := range list {
		out[ind.ID] = ind.Name
	}
	return out
}

// categoryChart is the ECharts option of the points-by-category bar chart.
func categoryChart(cats []categoryPoints) map[string]any {
	names := make([]string, len(cats))
	values := make([]string, len(cats))
	for i, c := range cats {
		names[i], values[i] = c.Label, c.Points.String()
	}
	return map[string]any{
		"grid":    map[string]any{"left": 8, "right": 16, "top": 8, "bottom": 8, "containLabel": true},
		"tooltip": map[string]any{"trigger": "axis"},
		"xAxis":   map[string]any{"type": "value"},
		"yAxis":   map[string]any{"type": "category", "data": names, "inverse": true},
		"series": []map[string]any{{
			"type": "bar", "data": values, "color": "#d63939", "barMaxWidth": 28,
			"label": map[string]any{"show": true, "position": "right"},
		}},
	}
}
