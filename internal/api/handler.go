package api

import (
	"context"
	"net"
	"net/http"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/services"
)

// handler holds what every endpoint needs. Endpoint methods live one per file, named after
// the operation (list_orgs.go → listOrgs).
type handler struct {
	set     *services.Set
	openapi []byte // the OpenAPI document as JSON
}

type actorKey struct{}

// actor is the caller of an authenticated endpoint.
func actor(r *http.Request) *auth.Actor {
	a, _ := r.Context().Value(actorKey{}).(*auth.Actor)
	return a
}

// endpoint wraps a route's handler: it authenticates the bearer token (unless the route is
// public) and turns a returned error into the error response.
func (h *handler) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.public {
			a, err := h.authenticate(r)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), actorKey{}, a))
		}
		if err := rt.handler(h, w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// authenticate turns "Authorization: Bearer <token>" into an Actor. Errors: EUnauthorized.
func (h *handler) authenticate(r *http.Request) (*auth.Actor, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, &domain.Error{Code: domain.EUnauthorized, Message: "api.auth.missing"}
	}
	return h.set.Auth.TokenActor(r.Context(), token, clientIP(r))
}

// clientIP is the peer address. Forwarded headers are not trusted: anyone can send them,
// and the IP goes into the audit log.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// guard sets the headers every API response carries and turns a panic into a logged 500,
// so a bug never shows a stack trace or a dropped connection to a client.
func (h *handler) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store") // responses hold personal data
		w.Header().Set("X-Content-Type-Options", "nosniff")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.set.Log.Error("api: panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				h.fail(w, r, &domain.Error{Code: domain.EInternal, Message: "err.internal"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
