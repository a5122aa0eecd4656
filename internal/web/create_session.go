package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// createSession signs a user in: a wrong password or a locked account shows the reason on
// the login page in the user's language; success goes to the page they came for.
func (h *handler) createSession(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.Values.Set("next", safeNext(f.Get("next")))
	password := f.Get("password")
	f.Values.Del("password") // never echoed back into the page
	secret, _, err := h.set.Auth.Login(r.Context(), f.Get("username"), password, clientIP(r), r.UserAgent())
	if err != nil {
		code := domain.ErrorCode(err)
		if code == domain.EUnauthorized || code == domain.ELocked {
			e, _ := domain.AsError(err)
			f.Message = h.page(r, "").T(e.Message)
			h.renderLogin(w, r, statusOf(code), f)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.setSessionCookie(w, secret)
	h.redirect(w, r, f.Get("next"))
}
