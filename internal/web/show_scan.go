package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// scanData is the merchant operator's counter page (核销), made for a phone: a field that
// takes a typed code or a scanned one (the QR code holds a URL of this page with the code),
// the redemption the code names with the confirm button, and the recent redemptions of the
// operator's merchants.
type scanData struct {
	*Page
	Form       *Form
	Found      *domain.Redemption
	IsOperator bool
	Confirmed  *domain.Redemption
	Merchants  []domain.Merchant
	Recent     []domain.Redemption
}

// scanRecent is how many recent redemptions the counter page lists.
const scanRecent = 20

func (h *handler) showScan(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := r.PathValue("code")
	if code == "" {
		code = q.Get("code")
	}
	code = domain.NormalizeRedemptionCode(code)
	d := &scanData{Form: newForm(url.Values{"code": {code}})}
	ctx, a := r.Context(), actor(r)
	if c := q.Get("confirmed"); c != "" {
		if red, err := h.set.Redemption.ByCode(ctx, a, c); err == nil && red.Status == domain.RedemptionFulfilled {
			d.Confirmed = red
		}
		d.Form.Values.Set("code", "")
	} else if code != "" {
		red, err := h.set.Redemption.ByCode(ctx, a, code)
		switch {
		case err == nil:
			d.Found = red
		case domain.ErrorCode(err) == domain.ENotFound || domain.ErrorCode(err) == domain.EInvalid:
			d.Form.Errors["code"] = h.page(r, "").T("web.scan.unknown_code")
		default:
			h.fail(w, r, err)
			return
		}
	}
	h.renderScan(w, r, http.StatusOK, d)
}

func (h *handler) renderScan(w http.ResponseWriter, r *http.Request, status int, d *scanData) {
	ctx, a := r.Context(), actor(r)
	d.Page = h.page(r, "web.scan.title")
	var err error
	if d.Merchants, err = h.set.Redemption.MyMerchants(ctx, a); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, m := range d.Merchants {
		if d.Found != nil && m.ID == d.Found.MerchantID {
			d.IsOperator = true
		}
		list, err := h.set.Redemption.MerchantRedemptions(ctx, a, m.ID, redemption.ListFilter{Limit: scanRecent})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Recent = append(d.Recent, list...)
	}
	h.html(w, r, status, "scan", d)
}
