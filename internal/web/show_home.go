package web

import (
	"dangjian/internal/store"
	"net/http"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/points"
)

// homeData is the start page: an overview of the user's scope, or a plain member's own
// record.
type homeData struct {
	*Page
	Self         *domain.Member      // a plain member's own record
	Points       *points.AccountView // and their points of this year
	Orgs         int
	Members      int
	Full         int
	Probationary int
	Warned       []warnedOrg // organisations with warnings
	WarnedMore   int         // warned organisations not listed
	Chart        map[string]any
	Reminders    []store.Reminder // open meeting requirements of the actor's organisations ending soon
	// MyDues is the caller's own dues unpaid, DuesReminders the branches with members in
	// arrears that the caller manages dues of (the daily job dues.reminders; home_dues.go).
	MyDues        *myDuesView
	DuesReminders []duesReminderView
}

// warnedOrg is an organisation with warnings and where it sits: many branches share a
// name (several "生产二车间党支部"), so the names above it tell them apart.
type warnedOrg struct {
	*org.View
	Context string // the names of the nearest organisations above, top first
}

// contextLevels is how many levels above an organisation its context names.
const contextLevels = 2

// maxWarned keeps the home page short in a large scope; the tree shows all warnings.
const maxWarned = 30

func (h *handler) showHome(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	d := &homeData{Page: h.page(r, "web.home.title")}
	myDues, duesReminders, err := h.homeDues(r, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.MyDues, d.DuesReminders = myDues, duesReminders
	if len(a.Scopes(auth.OrgRead)) == 0 {
		if a.MemberID() != 0 {
			m, err := h.set.Members.Get(r.Context(), a, a.MemberID(), false)
			if err != nil && domain.ErrorCode(err) != domain.ENotFound {
				h.fail(w, r, err)
				return
			}
			d.Self = m
			if m != nil {
				if d.Points, err = h.set.Points.Account(r.Context(), a, domain.SubjectMember, m.ID, 0); err != nil {
					h.fail(w, r, err)
					return
				}
			}
		}
		h.html(w, r, http.StatusOK, "home", d)
		return
	}
	tree, err := h.set.Orgs.Tree(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.set.Compliance != nil {
		if d.Reminders, err = h.set.Compliance.Reminders(r.Context(), a, h.set.Compliance.Today()); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	d.Orgs = len(tree)
	for _, root := range treeRoots(tree) {
		d.Members += root.MemberCount
		d.Full += root.FullMemberCount
	}
	d.Probationary = d.Members - d.Full
	byID := make(map[int64]*org.View, len(tree))
	for i := range tree {
		byID[tree[i].ID] = &tree[i]
	}
	for i := range tree {
		if len(tree[i].Warnings) == 0 {
			continue
		}
		if len(d.Warned) < maxWarned {
			d.Warned = append(d.Warned, warnedOrg{View: &tree[i], Context: orgContext(byID, &tree[i])})
		} else {
			d.WarnedMore++
		}
	}
	d.Chart = membersChart(d.Page, d.Full, d.Probationary)
	h.html(w, r, http.StatusOK, "home", d)
}

// membersChart is the ECharts option of the members-by-category pie.
func membersChart(p *Page, full, probationary int) map[string]any {
	return map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"legend":  map[string]any{"bottom": 0},
		"color":   []string{"#d63939", "#f59f00"},
		"series": []map[string]any{{
			"type":   "pie",
			"radius": []string{"40%", "70%"},
			"label":  map[string]any{"formatter": "{b}: {c}"},
			"data": []map[string]any{
				{"name": p.T("web.member.category.full"), "value": full},
				{"name": p.T("web.member.category.probationary"), "value": probationary},
			},
		}},
	}
}

// orgContext names the organisations above o (up to contextLevels, within the caller's
// scope), top first: "甲公司党委 / 生产部党总支".
func orgContext(byID map[int64]*org.View, o *org.View) string {
	var names []string
	for p := byID[o.ParentID]; p != nil && len(names) < contextLevels; p = byID[p.ParentID] {
		names = append([]string{p.Name}, names...)
	}
	return strings.Join(names, " / ")
}
