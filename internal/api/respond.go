package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
)

// eMethodNotAllowed is the API's own code for a known path asked with another method; the
// services never return it.
const eMethodNotAllowed = "method_not_allowed"

// The specific conflicts of ledgers and stock (API.md: 409 insufficient_balance,
// out_of_stock, limit_reached). They answer 409 like conflict, with their own code in the
// error body so a client can tell the member why. The redemption capability returns the
// latter two as plain string codes.
const (
	eOutOfStock   = "out_of_stock"
	eLimitReached = "limit_reached"
)

// statusOf is the one place where error codes become HTTP statuses.
func statusOf(code string) int {
	switch code {
	case domain.EBadRequest:
		return http.StatusBadRequest
	case domain.EUnauthorized:
		return http.StatusUnauthorized
	case domain.EForbidden:
		return http.StatusForbidden
	case domain.ENotFound:
		return http.StatusNotFound
	case eMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case domain.EConflict, domain.EInsufficientBalance, eOutOfStock, eLimitReached:
		return http.StatusConflict
	case domain.EInvalid, domain.ECheckinClosed:
		return http.StatusUnprocessableEntity
	case domain.ELocked, domain.ERateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// errorBody is the error envelope of API.md.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// fail writes err as the error envelope in the caller's language. Errors that are not ours,
// and internal ones, are logged and answered with a generic message: no internals leak.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	detail, status := h.errorOf(r, err)
	if status == http.StatusUnauthorized {
		challenge := `Bearer realm="dangjian"`
		if r.Header.Get("Authorization") != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	writeJSON(w, status, errorBody{Error: detail})
}

// errorOf renders err in the caller's language with its status, as fail answers it; bulk
// actions use it for the error of each item.
func (h *handler) errorOf(r *http.Request, err error) (errorDetail, int) {
	e, ok := domain.AsError(err)
	if !ok || e.Code == domain.EInternal || statusOf(e.Code) == http.StatusInternalServerError {
		h.set.Log.Error("api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &domain.Error{Code: domain.EInternal, Message: "err.internal"}
	}
	locale := i18n.FromRequest(r)
	detail := errorDetail{Code: e.Code, Message: h.set.I18n.T(locale, e.Message, e.Args...)}
	if len(e.Fields) > 0 {
		detail.Fields = make(map[string]string, len(e.Fields))
		for field, key := range e.Fields {
			if key == e.Message { // the message itself on a field: with its arguments
				detail.Fields[field] = detail.Message
				continue
			}
			detail.Fields[field] = h.set.I18n.T(locale, key)
		}
	}
	return detail, statusOf(e.Code)
}

// writeJSON writes v with the status. Encoding happens before the header goes out, so an
// unencodable value still becomes a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable; the content type is JSON, not HTML
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// list is the envelope of every list: NextCursor is empty at the end.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// newList builds a list, with an empty array (not null) when there are no items.
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}
