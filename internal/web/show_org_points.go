package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// orgPointsData is an organisation's points of a year (组织积分): the appraisal total and
// composite, the reward balance, the ledger with a reversal form on each line for those who
// may reverse, and the year-end evaluation bonus form for the level above the branch.
type orgPointsData struct {
	*Page
	Org        *domain.Org
	Year       int
	Years      []int
	Account    *points.AccountView
	Categories []categoryPoints
	Entries    []entryRow
	MoreURL    string
	Back       string // where a reversal returns to
	Reversed   bool   // a reversal was just posted
	CanBonus   bool
	BonusForm  *Form
	BonusDone  string // the bonus just credited
	BonusCats  []Option
}

// bonusFields are the fields of the year-end bonus form.
var bonusFields = []string{"year", "points", "category", "note"}

func (h *handler) showOrgPoints(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderOrgPoints(w, r, http.StatusOK, id, nil)
}

// renderOrgPoints shows the page, with a rejected bonus form when there is one.
func (h *handler) renderOrgPoints(w http.ResponseWriter, r *http.Request, status int, id int64, bonus *Form) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	o, err := h.set.Orgs.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &orgPointsData{Page: h.page(r, "web.org_points.title", o.Name), Org: &o.Org, Year: yearParam(q.Get("year"), thisYear()),
		Back: r.URL.RequestURI(), Reversed: q.Get("reversed") != "", BonusDone: q.Get("bonus"), BonusForm: bonus}
	if r.Method != http.MethodGet {
		d.Back = "/points/orgs/" + itoa64(id)
	}
	d.Years = recentYears(d.Year)
	if d.Account, err = h.set.Points.Account(ctx, a, domain.SubjectOrg, id, d.Year); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range domain.DefaultCategoryRule.Categories {
		d.Categories = append(d.Categories, categoryPoints{Key: c.Key, Label: d.CategoryLabel(c.Key), Points: d.Account.Appraisal.ByCategory[c.Key]})
		d.BonusCats = append(d.BonusCats, Option{Value: c.Key, Label: d.CategoryLabel(c.Key)})
	}
	before := queryID(q.Get("before"))
	entries, err := h.set.Points.Entries(ctx, a, points.EntryFilter{SubjectType: domain.SubjectOrg, SubjectID: id,
		Year: d.Year, BeforeID: before, Limit: entriesPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(entries) > entriesPage {
		entries = entries[:entriesPage]
		v := url.Values{"year": {strconv.Itoa(d.Year)}, "before": {itoa64(entries[len(entries)-1].ID)}}
		d.MoreURL = "/points/orgs/" + itoa64(id) + "?" + v.Encode()
	}
	up := parentPath(o.Path)
	d.Entries = historyRows(d.Page, q, entries, h.indicatorNames(r, id, d.Year), a.Can(auth.PointsReverse, up))
	// The bonus is given by the level above, to an organisation below it (not the top).
	d.CanBonus = up != o.Path && up != "/" && a.Can(auth.PointsAward, up)
	if d.BonusForm == nil {
		d.BonusForm = newForm(url.Values{"year": {strconv.Itoa(d.Year)}, "category": {domain.CategoryContribution},
			"idempotency_key": {newIdempotencyKey()}})
	}
	h.html(w, r, status, "org_points", d)
}
