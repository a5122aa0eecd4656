package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"dangjian/internal/domain"
)

const (
	sessionCookie = "dj_session"
	langCookie    = "lang"
)

// signedIn lets a request through with its Actor when its session is valid, and sends it
// to the login page otherwise.
func (h *handler) signedIn(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			h.toLogin(w, r)
			return
		}
		a, err := h.set.Auth.SessionActor(r.Context(), c.Value, clientIP(r))
		if err != nil {
			if domain.ErrorCode(err) == domain.EUnauthorized {
				h.clearCookie(w, sessionCookie)
			}
			h.fail(w, r, err)
			return
		}
		next(w, withActor(r, a))
	})
}

// withOptionalActor adds the Actor when the request has a valid session, so pages outside
// the signed-in routes (not found) still show the user's navigation.
func (h *handler) withOptionalActor(r *http.Request) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return r
	}
	a, err := h.set.Auth.SessionActor(r.Context(), c.Value, clientIP(r))
	if err != nil {
		return r
	}
	return withActor(r, a)
}

// setSessionCookie stores the session secret: HttpOnly so scripts cannot read it, Lax so
// other sites cannot post with it, Secure behind HTTPS. It lives as long as the browser;
// the server ends idle and old sessions itself.
func (h *handler) setSessionCookie(w http.ResponseWriter, secret string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.set.SecureCookies})
}

func (h *handler) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.set.SecureCookies})
}

func (h *handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.set.SecureCookies})
}

// safeNext keeps a post-login destination on this site: a local absolute path only, never
// "//host" or "/\host" (which browsers treat as another site), nor a scheme.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	if strings.HasPrefix(u.Path, "/login") {
		return "/"
	}
	return next
}
