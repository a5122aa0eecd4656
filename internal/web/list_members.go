package web

import (
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// membersData is the member list: search and filters, one keyset page, the total.
type membersData struct {
	*Page
	Query    *Form
	Result   *member.ListResult
	Orgs     []Option // the organisation filter (whole page renders only)
	NextURL  string
	FirstURL string
	IsFirst  bool
	CanAdd   bool
}

// orgPickerLevels is how deep the member list's organisation picker reaches.
const orgPickerLevels = 3

// membersPageSize is one page of the member list.
const membersPageSize = 50

// memberFilter reads the list's query string. The cursor is the last id of the previous
// page (member.List's NextID), so every page costs the same on 100,000 members.
func memberFilter(q url.Values) member.Filter {
	return member.Filter{Query: strings.TrimSpace(q.Get("q")), Category: q.Get("category"), Standing: q.Get("standing"),
		Left:  q.Get("left"),
		OrgID: queryID(q.Get("org_id")), Subtree: q.Get("subtree") != "", AfterID: queryID(q.Get("cursor")),
		Limit: membersPageSize}
}

// membersURL is the list's address for the current filters at a cursor (0: first page).
func membersURL(q url.Values, cursor int64) string {
	v := url.Values{}
	for _, k := range []string{"q", "category", "standing", "left", "org_id", "subtree"} {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	if cursor != 0 {
		v.Set("cursor", itoa64(cursor))
	}
	if len(v) == 0 {
		return "/members"
	}
	return "/members?" + v.Encode()
}

func (h *handler) listMembers(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	f := memberFilter(q)
	res, err := h.set.Members.List(ctx, a, f, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &membersData{Page: h.page(r, "web.members.title"), Query: newForm(q), Result: res,
		FirstURL: membersURL(q, 0), IsFirst: f.AfterID == 0,
		CanAdd: len(a.Scopes(auth.MemberWrite)) > 0}
	if res.NextID != 0 {
		d.NextURL = membersURL(q, res.NextID)
	}
	// A search keystroke swaps only the table; the organisation picker is for whole pages.
	if wantsFragment(r, "member-table") {
		h.fragment(w, r, http.StatusOK, "members", "member_table", d)
		return
	}
	outline, err := h.set.Orgs.Outline(ctx, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The picker offers the upper levels of the tree (a branch is reached from its own
	// page's "all members" link), so a district of thousands of branches stays a small page.
	d.Orgs = orgOptions(outline, func(o *domain.Org, level int) bool { return level < orgPickerLevels || o.ID == f.OrgID })
	h.html(w, r, http.StatusOK, "members", d)
}
