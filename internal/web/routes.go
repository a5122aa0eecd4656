// Package web is the HTML console for party-affairs staff: server-rendered pages with
// html/template, Tabler for the look, htmx for partial updates. Handlers hold no business
// rules; every decision (scope, permission, validation) is the services'.
package web

import (
	"net/http"

	"dangjian/internal/services"
)

// New returns the console's handler: the one route table of the console, behind
// cross-origin protection (with SameSite=Lax cookies, our CSRF defence).
func New(set *services.Set) (http.Handler, error) {
	h, err := newHandler(set)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()

	// Open to everyone.
	mux.Handle("GET /static/", h.staticFiles())
	mux.HandleFunc("GET /login", h.showLogin)
	mux.HandleFunc("POST /login", h.createSession)
	mux.HandleFunc("POST /logout", h.deleteSession)
	mux.HandleFunc("POST /language", h.setLanguage)

	// Signed in; the services decide what each user may see and do.
	page := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, h.signedIn(fn)) }
	page("GET /{$}", h.showHome)
	page("GET /orgs", h.showOrgTree)
	page("POST /orgs", h.createOrg)
	page("GET /orgs/{id}", h.showOrg)
	page("POST /orgs/{id}", h.updateOrg)
	page("POST /orgs/{id}/move", h.moveOrg)
	page("GET /members", h.listMembers)
	page("GET /members/new", h.newMember)
	page("POST /members", h.createMember)
	page("GET /members/{id}", h.showMember)
	page("POST /members/{id}", h.updateMember)
	page("POST /members/{id}/reveal", h.revealMember)
	page("GET /users", h.listUsers)
	page("GET /users/new", h.newUser)
	page("POST /users", h.createUser)
	page("GET /users/{id}", h.showUser)
	page("POST /users/{id}", h.updateUser)
	page("GET /audit", h.listAudit)
	mux.HandleFunc("/", h.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(h.crossOriginDenied))
	return cop.Handler(mux), nil
}
