// Package domain holds the entities, rules and error codes of dangjian.
// It does no I/O: every other layer depends on it, and it depends on nothing of ours.
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each maps to one HTTP status in exactly one place (the api and web packages'
// error responders), so a service never thinks in HTTP terms.
const (
	EBadRequest   = "bad_request"  // malformed input (not JSON, wrong types)
	EUnauthorized = "unauthorized" // no valid credentials
	EForbidden    = "forbidden"    // authenticated, but not allowed
	ENotFound     = "not_found"    // missing, or outside the caller's scope on read
	EConflict     = "conflict"     // state conflict (duplicate, idempotency mismatch)
	EInvalid      = "invalid"      // validation failed; Fields says where
	ELocked       = "locked"       // account locked after failed logins
	ERateLimited  = "rate_limited"
	EInternal     = "internal"
)

// Error is the one error type services return. Message and the values of Fields are
// message keys of the i18n catalogues (e.g. "err.id_number.checksum"), so each surface
// renders them in the caller's language; an unknown key is shown as it is.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Args    []any // arguments for Message, if it is a format key
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf builds an Error with a code and a message key (or plain text) with arguments.
func Errorf(code, message string, args ...any) *Error {
	return &Error{Code: code, Message: message, Args: args}
}

// ErrorCode returns the code of err, EInternal for errors that are not ours, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns err as *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// NotFound is the error for a missing entity or one outside the caller's scope.
func NotFound(entity string) *Error {
	return &Error{Code: ENotFound, Message: "err.not_found." + entity}
}

// Forbidden is the error for a write the caller's roles do not allow.
func Forbidden() *Error { return &Error{Code: EForbidden, Message: "err.forbidden"} }

// Validation collects field errors; Err returns nil when there were none.
type Validation struct{ fields map[string]string }

// Add records the first problem of a field; later problems of the same field are dropped,
// because one clear message per field is what a form can show.
func (v *Validation) Add(field, key string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; !seen {
		v.fields[field] = key
	}
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool { _, ok := v.fields[field]; return ok }

// Err returns the collected problems as an EInvalid error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "err.invalid", Fields: v.fields}
}
