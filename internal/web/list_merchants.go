package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// merchantsData is the service alliance's merchants (商家) the caller sees, and, for the
// alliance's managers, the form that adds one.
type merchantsData struct {
	*Page
	Merchants []domain.Merchant
	NextURL   string
	Form      *Form
	Orgs      []Option // alliances the caller manages
}

const merchantsPage = 50

func (h *handler) listMerchants(w http.ResponseWriter, r *http.Request) {
	h.renderMerchants(w, r, http.StatusOK, newForm(url.Values{}))
}

func (h *handler) renderMerchants(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	list, err := h.set.Redemption.Merchants(ctx, a, redemption.MerchantFilter{AfterID: queryID(q.Get("cursor")), Limit: merchantsPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &merchantsData{Page: h.page(r, "web.merchant.list_title"), Form: f}
	if len(list) > merchantsPage {
		list = list[:merchantsPage]
		d.NextURL = listURL("/merchants", q, list[len(list)-1].ID)
	}
	d.Merchants = list
	if len(a.Scopes(auth.RedemptionManage)) > 0 {
		if d.Orgs, err = h.scopeOrgOptions(r, auth.RedemptionManage, queryID(f.Get("org_id"))); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "merchants", d)
}
