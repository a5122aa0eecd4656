package web

import (
	"net/http"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
)

// duesStatsLine is one organisation's line of the collection table.
type duesStatsLine struct {
	OrgID                    int64
	Name                     string
	Own                      bool
	Bills, Due, Paid, Exempt int
	DueYuan, PaidYuan, Rate  string
}

type duesStatsData struct {
	*Page
	Stats      *duesstats.Stats
	Total      duesStatsLine
	Lines      []duesStatsLine
	ParentID   int64 // the organisation above, when the caller reads its dues
	OrgChart   map[string]any
	TrendChart map[string]any
}

func statsLine(p *Page, id int64, name string, own bool, t duesstats.Tally) duesStatsLine {
	l := duesStatsLine{OrgID: id, Name: name, Own: own, Bills: t.Bills, Due: t.Due(), Paid: t.Paid, Exempt: t.Exempt,
		DueYuan: yuan(t.DueFen), PaidYuan: yuan(t.PaidFen), Rate: "—"}
	if t.RateBP != nil {
		l.Rate = domain.FormatBP(*t.RateBP)
	}
	if own {
		l.Name = p.T("web.duesstats.own", name)
	}
	return l
}

// percent is a rate in basis points as a chart value in percent (nil: no bar, no point).
func percent(bp *int64) any {
	if bp == nil {
		return nil
	}
	return float64(*bp) / 100
}

// showDuesStats is the collection of a month in an organisation's subtree (党费收缴统计):
// the totals ("3 / 5 paid"), a bar per child organisation, the twelve-month trend, the table
// with links down the tree, and the dues sheet downloads.
func (h *handler) showDuesStats(w http.ResponseWriter, r *http.Request) {
	orgID, err := h.duesOrgID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	s, err := h.set.DuesStats.Stats(ctx, a, orgID, monthParam(r, "month"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.duesstats.stats_title", s.OrgName)
	d := &duesStatsData{Page: p, Stats: s, Total: statsLine(p, s.OrgID, s.OrgName, false, s.Total)}
	if s.ParentID != 0 {
		parent := s.OrgPath[:strings.LastIndex(strings.TrimSuffix(s.OrgPath, "/"), "/")+1]
		if p.Can("dues.read", parent) {
			d.ParentID = s.ParentID
		}
	}
	var names []string
	var rates []any
	for _, o := range s.Orgs {
		l := statsLine(p, o.OrgID, o.OrgName, o.Own, o.Tally)
		d.Lines = append(d.Lines, l)
		names = append(names, l.Name)
		rates = append(rates, percent(o.RateBP))
	}
	rateName := p.T("web.duesstats.rate")
	d.OrgChart = map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"grid":    map[string]any{"left": 10, "right": 10, "bottom": 10, "top": 30, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"interval": 0, "rotate": 30}},
		"yAxis":   map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"series":  []map[string]any{{"name": rateName, "type": "bar", "data": rates, "color": "#d63939", "barMaxWidth": 40}},
	}
	var months []string
	var trend, paid []any
	for _, m := range s.Trend {
		months = append(months, m.Month)
		trend = append(trend, percent(m.RateBP))
		paid = append(paid, m.Paid)
	}
	d.TrendChart = map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0},
		"grid":    map[string]any{"left": 10, "right": 10, "bottom": 10, "top": 36, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": months},
		"yAxis": []map[string]any{
			{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
			{"type": "value", "minInterval": 1, "splitLine": map[string]any{"show": false}},
		},
		"series": []map[string]any{ // the line last, drawn over the bars
			{"name": p.T("web.duesstats.paid"), "type": "bar", "yAxisIndex": 1, "data": paid, "color": "#f59f0066", "barMaxWidth": 24},
			{"name": rateName, "type": "line", "data": trend, "color": "#d63939", "connectNulls": true, "showSymbol": true, "z": 3},
		},
	}
	h.html(w, r, http.StatusOK, "dues_stats", d)
}
