package web

import (
	"context"
	"html/template"
	"net"
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/services"
)

// handler holds what every page needs: the services, the parsed templates and the
// versioned static files.
type handler struct {
	set    *services.Set
	pages  map[string]*template.Template
	assets *assets
}

func newHandler(set *services.Set) (*handler, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	h := &handler{set: set, assets: a}
	if h.pages, err = parseTemplates(a.url); err != nil {
		return nil, err
	}
	return h, nil
}

type actorKey struct{}

// actor is the signed-in caller of a console request (set by signedIn).
func actor(r *http.Request) *auth.Actor {
	a, _ := r.Context().Value(actorKey{}).(*auth.Actor)
	return a
}

func withActor(r *http.Request, a *auth.Actor) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), actorKey{}, a))
}

// clientIP is the peer address; proxies' headers are not trusted here because nothing
// authorises on them — the address only goes into audit entries and lockout records.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// locale picks the language of a request: the lang cookie, then the user's own setting,
// then Accept-Language.
func locale(r *http.Request) string {
	explicit := ""
	if c, err := r.Cookie(langCookie); err == nil {
		explicit = c.Value
	} else if a := actor(r); a != nil && a.User != nil {
		explicit = a.User.Locale
	}
	return i18n.Pick(explicit, r.Header.Get("Accept-Language"))
}

// pathID reads a numeric path value; a malformed one is a page that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("page")
	}
	return id, nil
}

// queryID reads an optional numeric query or form value; junk reads as 0 (not given).
func queryID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}
