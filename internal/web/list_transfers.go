package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// transfersData is the list of transfers from or to the user's organisations.
type transfersData struct {
	*Page
	Query   *Form
	Items   []domain.Transfer
	Orgs    []Option
	NextURL string
	IsFirst bool
	CanAdd  bool
}

func (h *handler) listTransfers(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	f := transfer.Filter{OrgID: queryID(q.Get("org_id")), FlaggedOnly: q.Get("flagged") != "",
		AfterID: queryID(q.Get("cursor")), Limit: 50}
	if s := q.Get("status"); s != "" {
		f.Statuses = []string{s}
	}
	items, next, err := h.set.Transfers.List(ctx, a, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &transfersData{Page: h.page(r, "web.transfers.title"), Query: newForm(q), Items: items, IsFirst: f.AfterID == 0,
		CanAdd: len(a.Scopes(auth.MemberWrite)) > 0}
	if next != 0 {
		d.NextURL = listURL("/transfers", q, next, "org_id", "flagged", "status")
	}
	if d.Orgs, err = h.readableOrgOptions(r, f.OrgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "transfers", d)
}

// listURL is a list's address with its filters kept and the cursor of the next page.
func listURL(path string, q url.Values, cursor int64, keys ...string) string {
	v := url.Values{}
	for _, k := range keys {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	v.Set("cursor", itoa64(cursor))
	return path + "?" + v.Encode()
}
