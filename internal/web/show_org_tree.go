package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
)

// orgTreeData is the organisation tree page.
type orgTreeData struct {
	*Page
	Roots   []*treeNode
	Count   int
	CanRoot bool  // may create a top-level organisation
	New     *Form // the top-level organisation form
}

func (h *handler) showOrgTree(w http.ResponseWriter, r *http.Request) {
	h.renderOrgTree(w, r, http.StatusOK, nil)
}

// renderOrgTree shows the tree, with the top-level form (and its errors) when given.
func (h *handler) renderOrgTree(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.OrgRead)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	tree, err := h.set.Orgs.Tree(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if f == nil {
		f = newForm(url.Values{})
	}
	h.html(w, r, status, "org_tree", &orgTreeData{Page: h.page(r, "web.orgs.title"), Roots: buildTree(tree),
		Count: len(tree), CanRoot: a.IsAdmin(), New: f})
}
