package web

import (
	"net/http"
	"net/url"
)

// loginData is the login page.
type loginData struct {
	*Page
	Form *Form
}

func (h *handler) showLogin(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	// Already signed in: go straight on.
	if r2 := h.withOptionalActor(r); actor(r2) != nil {
		h.redirect(w, r, next)
		return
	}
	h.renderLogin(w, r, http.StatusOK, newForm(url.Values{"next": {next}}))
}

func (h *handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	h.html(w, r, status, "login", &loginData{Page: h.page(r, "web.login.title"), Form: f})
}
