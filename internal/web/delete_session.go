package web

import "net/http"

// deleteSession signs out: the session ends on the server, not only in the browser.
func (h *handler) deleteSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.set.Auth.Logout(r.Context(), c.Value); err != nil {
			h.set.Log.Warn("web: logout", "err", err)
		}
	}
	h.clearCookie(w, sessionCookie)
	h.redirect(w, r, "/login")
}
