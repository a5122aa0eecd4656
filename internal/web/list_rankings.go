package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/ratings"
)

// rankingsData is the leaderboard (排行榜) of an organisation's subtree for a year, subject
// type and category, page by page, with a chart of the top ten and, for members, the top N
// of each branch who may compete for excellent member.
type rankingsData struct {
	*Page
	Query       *Form
	Orgs        []Option
	Years       []int
	Categories  []Option
	Board       *ratings.Leaderboard
	Chart       map[string]any
	ChartRem    int // the chart's height: a bar of 2rem for each place
	Eligibility *ratings.Eligibility
	NextURL     string
	FirstURL    string
}

// rankingsPage is one page of the leaderboard; rankingsChartTop the bars of the chart.
const (
	rankingsPage     = 20
	rankingsChartTop = 10
)

func (h *handler) listRankings(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	orgID := queryID(q.Get("org_id"))
	if orgID == 0 {
		var err error
		if orgID, err = h.firstScope(r, auth.PointsRead); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if orgID == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	year := yearParam(q.Get("year"), thisYear())
	subject := q.Get("subject_type")
	if subject != domain.SubjectOrg {
		subject = domain.SubjectMember
	}
	category := q.Get("category")
	q.Set("org_id", itoa64(orgID))
	q.Set("year", strconv.Itoa(year))
	q.Set("subject_type", subject)
	d := &rankingsData{Page: h.page(r, "web.rank.title"), Query: newForm(q), Years: recentYears(year)}
	d.Categories = append(d.Categories, Option{Value: "", Label: d.T("ratings.category.total")},
		Option{Value: ratings.CategoryComposite, Label: d.T("ratings.category.composite")})
	for _, c := range domain.DefaultCategoryRule.Categories {
		d.Categories = append(d.Categories, Option{Value: c.Key, Label: d.CategoryLabel(c.Key)})
	}
	board, err := h.set.Ratings.Leaderboard(ctx, a, ratings.LeaderboardQuery{OrgID: orgID, Year: year, SubjectType: subject,
		Category: category, Limit: rankingsPage, Cursor: q.Get("cursor")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Board = board
	if board.NextCursor != "" {
		d.NextURL = rankingsURL(q, board.NextCursor)
	}
	if q.Get("cursor") != "" {
		d.FirstURL = rankingsURL(q, "")
	}
	top := board.Items
	if q.Get("cursor") != "" {
		first, err := h.set.Ratings.Leaderboard(ctx, a, ratings.LeaderboardQuery{OrgID: orgID, Year: year, SubjectType: subject,
			Category: category, Limit: rankingsChartTop})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		top = first.Items
	}
	top = top[:min(len(top), rankingsChartTop)]
	d.Chart, d.ChartRem = topChart(top), 4+2*len(top)
	if subject == domain.SubjectMember {
		if d.Eligibility, err = h.set.Ratings.Eligibility(ctx, a, orgID, year, 0); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Orgs, err = h.scopeOrgOptions(r, auth.PointsRead, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "rankings", d)
}

// rankingsURL is the leaderboard's address with the current choices at a cursor.
func rankingsURL(q url.Values, cursor string) string {
	v := url.Values{}
	for _, k := range []string{"org_id", "year", "subject_type", "category"} {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	return "/rankings?" + v.Encode()
}

// topChart is the ECharts option of the bar chart of the first places.
func topChart(items []ratings.LeaderItem) map[string]any {
	names := make([]string, len(items))
	values := make([]string, len(items))
	for i, it := range items {
		names[i], values[i] = it.Name, it.Points.String()
	}
	return map[string]any{
		"grid":    map[string]any{"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": true},
		"tooltip": map[string]any{"trigger": "axis"},
		"xAxis":   map[string]any{"type": "value"},
		"yAxis":   map[string]any{"type": "category", "data": names, "inverse": true},
		"series": []map[string]any{{
			"type": "bar", "data": values, "color": "#d63939", "barMaxWidth": 22,
			"label": map[string]any{"show": true, "position": "right"},
		}},
	}
}
