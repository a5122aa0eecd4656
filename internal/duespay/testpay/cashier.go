package testpay

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dangjian/internal/i18n"
)

// Cashier serves the test provider's pages under /testpay/:
//
//	GET  /testpay/pay?order=…&sig=…  the order, with "pay" and "cancel"
//	POST /testpay/pay                  pay: send the signed notification, then back to the
//	                                   order's return URL; cancel: back without paying
//
// The notification goes over HTTP to the order's notify URL before the payer is sent back,
// so the page they return to shows the bill paid.
type Cashier struct {
	P    *Provider
	I18n *i18n.Catalog
}

var cashierPage = template.Must(template.New("cashier").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/static/vendor/tabler.min.css"></head>
<body class="bg-light"><div class="container py-4" style="max-width:28rem">
<div class="card"><div class="card-header"><h1 class="card-title h3">{{.Title}}</h1></div>
<div class="card-body">
<div class="alert alert-warning">{{.Warning}}</div>
{{if .Error}}<div class="alert alert-danger" role="alert" id="testpay-error">{{.Error}}</div>{{end}}
{{if .Order}}
<dl class="row mb-3">
<dt class="col-5">{{.LabelOrder}}</dt><dd class="col-7" id="testpay-order">{{.Order.OrderNo}}</dd>
<dt class="col-5">{{.LabelSubject}}</dt><dd class="col-7">{{.Order.Subject}}</dd>
<dt class="col-5">{{.LabelAmount}}</dt><dd class="col-7 h2" id="testpay-amount">¥{{.Yuan}}</dd>
</dl>
<form method="post" action="/testpay/pay">
<input type="hidden" name="order" value="{{.Encoded}}"><input type="hidden" name="sig" value="{{.Sig}}">
<button class="btn btn-primary w-100 mb-2" name="action" value="pay" id="testpay-pay">{{.Pay}}</button>
<button class="btn btn-link w-100" name="action" value="cancel" id="testpay-cancel">{{.Cancel}}</button>
</form>
{{end}}
</div></div></div></body></html>`))

type cashierView struct {
	Lang, Title, Warning, Error                        string
	LabelOrder, LabelSubject, LabelAmount, Pay, Cancel string
	Order                                              *Order
	Yuan, Encoded, Sig                                 string
}

func (c *Cashier) view(r *http.Request) (*cashierView, string) {
	loc := i18n.FromRequest(r)
	t := func(k string) string { return c.I18n.T(loc, k) }
	return &cashierView{Lang: loc, Title: t("duespay.testpay.title"), Warning: t("duespay.testpay.warning"),
		LabelOrder: t("duespay.testpay.order"), LabelSubject: t("duespay.testpay.subject"),
		LabelAmount: t("duespay.testpay.amount"), Pay: t("duespay.testpay.pay"), Cancel: t("duespay.testpay.cancel")}, loc
}

func (c *Cashier) render(w http.ResponseWriter, status int, v *cashierView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	cashierPage.Execute(w, v)
}

// ServeHTTP serves the cashier.
func (c *Cashier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/testpay/pay" {
		http.NotFound(w, r)
		return
	}
	v, loc := c.view(r)
	var encoded, sig string
	switch r.Method {
	case http.MethodGet:
		encoded, sig = r.URL.Query().Get("order"), r.URL.Query().Get("sig")
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		if err := r.ParseForm(); err != nil {
			v.Error = c.I18n.T(loc, "duespay.testpay.bad_order")
			c.render(w, http.StatusBadRequest, v)
			return
		}
		encoded, sig = r.PostForm.Get("order"), r.PostForm.Get("sig")
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	o, err := c.P.DecodeOrder(encoded, sig)
	if err != nil {
		v.Error = c.I18n.T(loc, "duespay.testpay.bad_order")
		c.render(w, http.StatusBadRequest, v)
		return
	}
	if r.Method == http.MethodGet {
		v.Order, v.Encoded, v.Sig = o, encoded, sig
		v.Yuan = yuan(o.AmountFen)
		c.render(w, http.StatusOK, v)
		return
	}
	back := o.ReturnURL
	if r.PostForm.Get("action") == "cancel" {
		http.Redirect(w, r, withParam(back, "testpay", "cancelled"), http.StatusSeeOther)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	if err := c.P.Notify(ctx, *o); err != nil {
		v.Order, v.Encoded, v.Sig, v.Yuan = o, encoded, sig, yuan(o.AmountFen)
		v.Error = c.I18n.T(loc, "duespay.testpay.notify_failed")
		c.render(w, http.StatusBadGateway, v)
		return
	}
	http.Redirect(w, r, withParam(back, "testpay", "paid"), http.StatusSeeOther)
}

// yuan formats fen as yuan with two decimals.
func yuan(fen int64) string {
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}

// withParam adds a query parameter to a URL (a relative one too).
func withParam(raw, key, value string) string {
	if raw == "" {
		raw = "/"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	s := u.String()
	if !strings.HasPrefix(s, "/") && u.Scheme == "" {
		return "/" + s
	}
	return s
}
