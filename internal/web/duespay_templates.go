package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
)

// Dues payments (issue 6): the member's 我的党费 (phone-first), the branch's record page and
// payments list, and the receipt. dues_pay_partial.html holds the "record a cash or transfer
// payment" action bar that any bills page can include (see its comment).
var duesPayTemplates = map[string][]string{
	"my_dues":       {"my_dues.html", "dues_pay_partial.html"},
	"dues_record":   {"dues_record.html", "dues_pay_partial.html"},
	"dues_payments": {"dues_payments.html", "dues_pay_partial.html"},
	"dues_payment":  {"dues_payment.html", "dues_pay_partial.html"},
}

func init() {
	for k, v := range duesPayTemplates {
		pageTemplates[k] = v
	}
}

// duesView is embedded by the dues payment pages: the page, and money in yuan.
type duesView struct{ *Page }

// Yuan shows fen as yuan with two decimals.
func (duesView) Yuan(fen int64) string { return domain.FormatFen(fen) }

// duesFormKey is a fresh Idempotency-Key for a payment form: submitting the same form twice
// (a double tap) makes one payment.
func duesFormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// duesBase is scheme://host of the request, for the provider's notify and return URLs when
// the instance has no configured public URL.
func duesBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// formIDs reads the ids of a repeated form field (checkboxes); a value that is not an id is
// left out, so the service reports "required" when nothing usable was chosen.
func formIDs(values []string) []int64 {
	var out []int64
	for _, v := range values {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// duesErrorText is a service error as one line for the page: the message, and the fields'
// messages when the message is only "invalid".
func duesErrorText(p *Page, err error) string {
	e, ok := domain.AsError(err)
	if !ok {
		return p.T("err.internal")
	}
	if e.Message != "err.invalid" || len(e.Fields) == 0 {
		return p.T(e.Message, e.Args...)
	}
	var parts []string
	for field, key := range e.Fields {
		if key == e.Message {
			continue
		}
		parts = append(parts, p.T("web.duespay.field."+field)+": "+p.T(key))
	}
	return p.T(e.Message) + " (" + strings.Join(parts, "; ") + ")"
}

// shownOnPage reports whether a failed form's error is for the user to read on the same page
// (validation, conflicts, a refusal they can understand) rather than an error page.
func shownOnPage(err error) bool {
	e, ok := domain.AsError(err)
	if !ok {
		return false
	}
	switch e.Code {
	case domain.EInvalid, domain.EConflict, domain.EForbidden, domain.ENotFound:
		return true
	}
	return false
}
