package web

import "slices"

// navGroups fold related sections of the navbar into dropdowns, so that an officer who sees
// thirty sections still gets one line on a laptop and a short list on a phone. A group with
// a single visible section shows that section itself.
var navGroups = []struct {
	key   string // the dropdown's label
	hrefs []string
}{
	{"web.nav.group.members", []string{"/members", "/applicants", "/transfers", "/floating"}},
	{"web.nav.group.life", []string{"/meetings", "/minutes/approvals", "/my/meetings", "/study", "/manage/study"}},
	{"web.nav.group.dues", []string{"/dues/bills", "/dues/payments", "/dues/stats", "/dues/hardship", "/my/dues", "/funds", "/my/funds"}},
	{"web.nav.points_group", []string{"/approvals", "/catalogue", "/rankings", "/activities", "/ratings", "/merchants"}},
	{"web.nav.group.system", []string{"/users", "/audit"}},
}

// groupNav folds the visible sections of each group into one dropdown, at the place of the
// group's first visible section.
func (p *Page) groupNav(items []navItem) []navItem {
	groupOf := func(href string) int {
		for i, g := range navGroups {
			if slices.Contains(g.hrefs, href) {
				return i
			}
		}
		return -1
	}
	count := make([]int, len(navGroups))
	for _, it := range items {
		if g := groupOf(it.Href); g >= 0 {
			count[g]++
		}
	}
	at := make([]int, len(navGroups))
	for i := range at {
		at[i] = -1
	}
	var out []navItem
	for _, it := range items {
		g := groupOf(it.Href)
		if g < 0 || count[g] < 2 {
			out = append(out, it)
			continue
		}
		if at[g] < 0 {
			at[g] = len(out)
			out = append(out, navItem{Href: it.Href, Label: p.T(navGroups[g].key)})
		}
		out[at[g]].Children = append(out[at[g]].Children, it)
		out[at[g]].Active = out[at[g]].Active || it.Active
	}
	return out
}
