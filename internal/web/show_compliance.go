package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// complianceCell is one period of one kind on the compliance page.
type complianceCell struct {
	Period, Status string
	GroupID        int64
	GroupName      string // party-group meetings: the group's name
	Held, Required int
}

// complianceRow is one kind with its periods.
type complianceRow struct {
	Kind  string
	Cells []complianceCell
}

type complianceData struct {
	*Page
	Org       *domain.Org
	Year      int
	Years     []int
	Rows      []complianceRow
	Reminders []store.Reminder // the organisation's open reminders
}

// showOrgCompliance is an organisation's meeting compliance for a year (组织生活合规):
// one row per kind, one badge per period (and party group): ok, missing or upcoming.
func (h *handler) showOrgCompliance(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	o, err := h.set.Orgs.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &complianceData{Page: h.page(r, "web.compliance.title", o.Name), Org: &o.Org, Year: yearParam(r.URL.Query().Get("year"), thisYear())}
	d.Years = recentYears(d.Year)
	items, err := h.set.Compliance.ForOrg(ctx, a, id, d.Year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Reminders, err = h.orgReminders(r, id); err != nil {
		h.fail(w, r, err)
		return
	}
	groups, err := h.partyGroups(r, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	groupNames := map[string]string{}
	for _, g := range groups {
		groupNames[g.Value] = g.Label
	}
	for _, it := range items {
		if n := len(d.Rows); n == 0 || d.Rows[n-1].Kind != it.Kind {
			d.Rows = append(d.Rows, complianceRow{Kind: it.Kind})
		}
		row := &d.Rows[len(d.Rows)-1]
		row.Cells = append(row.Cells, complianceCell{Period: it.Period, Status: it.Status, GroupID: it.GroupID,
			GroupName: groupNames[strconv.FormatInt(it.GroupID, 10)], Held: it.Held, Required: it.Required})
	}
	h.html(w, r, http.StatusOK, "compliance", d)
}

// missedRow is one branch that missed a kind in a period.
type missedRow struct {
	Kind, Period, OrgName string
	OrgID                 int64
}

type rollUpData struct {
	*Page
	Org    *domain.Org
	Year   int
	Years  []int
	Orgs   int
	Missed []missedRow
	Chart  map[string]any
}

// showComplianceRollUp is the compliance of every branch below an organisation: which branch
// missed what, and a stacked bar per period (ok, missing, upcoming branch-requirements).
func (h *handler) showComplianceRollUp(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	o, err := h.set.Orgs.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &rollUpData{Page: h.page(r, "web.compliance.rollup_title", o.Name), Org: &o.Org, Year: yearParam(r.URL.Query().Get("year"), thisYear())}
	d.Years = recentYears(d.Year)
	ru, err := h.set.Compliance.RollUp(ctx, a, id, d.Year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Orgs = len(ru.Orgs)
	names := map[int64]string{}
	for _, x := range ru.Orgs {
		names[x.OrgID] = x.OrgName
	}
	// The chart sums over kinds per period, in the order periods first appear (months, then
	// quarters, then the year).
	var periods []string
	sums := map[string][3]int{}
	for _, t := range ru.Tallies {
		for _, oid := range t.MissingBy {
			d.Missed = append(d.Missed, missedRow{Kind: d.T("meeting.kind." + t.Kind), Period: t.Period, OrgName: names[oid], OrgID: oid})
		}
		s, seen := sums[t.Period]
		if !seen {
			periods = append(periods, t.Period)
		}
		sums[t.Period] = [3]int{s[0] + t.OK, s[1] + t.Missing, s[2] + t.Upcoming}
	}
	series := []map[string]any{}
	for i, st := range []string{domain.ComplianceOK, domain.ComplianceMissing, domain.ComplianceUpcoming} {
		data := make([]int, len(periods))
		for j, p := range periods {
			data[j] = sums[p][i]
		}
		series = append(series, map[string]any{"name": d.T("web.compliance.status." + st), "type": "bar", "stack": "all",
			"data": data, "color": []string{"#2fb344", "#d63939", "#f59f00"}[i]})
	}
	d.Chart = map[string]any{"tooltip": map[string]any{"trigger": "axis"}, "legend": map[string]any{},
		"grid":  map[string]any{"left": 40, "right": 10, "bottom": 30, "top": 30},
		"xAxis": map[string]any{"type": "category", "data": periods}, "yAxis": map[string]any{"type": "value"}, "series": series}
	h.html(w, r, http.StatusOK, "compliance_rollup", d)
}
