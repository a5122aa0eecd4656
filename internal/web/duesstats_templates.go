package web

import (
	"net/http"
	"strings"

	"dangjian/internal/domain"
)

// Dues statistics pages (党费统计): the collection of a month with the roll-up and charts, the
// arrears list with the self-withdrawal flag and the branch's decisions, and the monthly dues
// sheet downloads. duesstats_partials.html holds the dues reminders the home page shows.
var duesStatsTemplates = map[string][]string{
	"dues_stats":   {"dues_stats.html", "duesstats_partials.html"},
	"dues_arrears": {"dues_arrears.html", "duesstats_partials.html"},
}

func init() {
	for k, v := range duesStatsTemplates {
		pageTemplates[k] = v
	}
	// The home page shows a member's own dues reminder and a secretary's branch reminders.
	pageTemplates["home"] = append(pageTemplates["home"], "duesstats_partials.html")
}

// yuan formats fen as yuan with two decimals for a page.
func yuan(fen int64) string { return domain.FormatFen(fen) }

// duesOrgID is the organisation a dues page is about: ?org_id=, else the top of the caller's
// dues scope.
func (h *handler) duesOrgID(r *http.Request) (int64, error) {
	if id := queryID(r.URL.Query().Get("org_id")); id != 0 {
		return id, nil
	}
	return h.set.DuesStats.DefaultOrg(r.Context(), actor(r))
}

// monthParam is an optional YYYY-MM query value; anything else is "" (the default).
func monthParam(r *http.Request, name string) string {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if domain.CheckMonth(s) != "" {
		return ""
	}
	return s
}
