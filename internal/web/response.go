package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/domain"
)

// The console's response helpers: every page, redirect and error goes out through here.

// statusOf maps a service error code to an HTTP status — the one place this happens.
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
	case domain.EConflict, domain.EInsufficientBalance, domain.EOutOfStock, domain.ELimitReached:
		return http.StatusConflict
	case domain.EInvalid, domain.ECheckinClosed:
		return http.StatusUnprocessableEntity
	case domain.ELocked, domain.ERateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// html renders a whole page (the layout around the page's content).
func (h *handler) html(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	h.execute(w, r, status, name, "layout", data)
}

// fragment renders one named block of a page, for htmx swaps.
func (h *handler) fragment(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) {
	h.execute(w, r, status, name, block, data)
}

// execute renders into a buffer first, so a template error becomes a clean 500 instead of
// half a page.
func (h *handler) execute(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) {
	t := h.pages[name]
	var buf bytes.Buffer
	if t == nil {
		h.set.Log.Error("web: no such template", "template", name)
		h.plainError(w, http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		h.set.Log.Error("web: render", "template", name, "block", block, "err", err, "path", r.URL.Path)
		h.plainError(w, http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	// Pages carry personal data: never cache them, in the browser or on the way.
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Referrer-Policy", "same-origin")
	hdr.Add("Vary", "HX-Request")
	hdr.Add("Vary", "Accept-Encoding")
	body := buf.Bytes()
	// A big page (the whole tree of a district) shrinks tenfold: worth it on a phone.
	if len(body) > gzipOver && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var zbuf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zbuf, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		hdr.Set("Content-Encoding", "gzip")
		body = zbuf.Bytes()
	}
	w.WriteHeader(status)
	w.Write(body)
}

// gzipOver is the page size above which pages are sent compressed.
const gzipOver = 16 << 10

// redirect answers a successful POST with 303 See Other, so reloading does not resubmit.
func (h *handler) redirect(w http.ResponseWriter, r *http.Request, to string) {
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// toLogin sends an unauthenticated request to the login page, coming back afterwards.
func (h *handler) toLogin(w http.ResponseWriter, r *http.Request) {
	next := "/"
	if r.Method == http.MethodGet && !isHTMX(r) {
		next = r.URL.RequestURI()
	} else if cur := r.Header.Get("HX-Current-URL"); cur != "" {
		if u, err := url.Parse(cur); err == nil {
			next = u.RequestURI()
		}
	}
	h.redirect(w, r, "/login?next="+url.QueryEscape(safeNext(next)))
}

// fail answers a request whose service call failed with an error page (or a redirect to
// the login page). Internal errors are logged with their detail and shown without it.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := domain.ErrorCode(err)
	if code == domain.EUnauthorized {
		h.toLogin(w, r)
		return
	}
	status := statusOf(code)
	msg := "err.internal"
	if e, ok := domain.AsError(err); ok && status < 500 {
		msg = e.Message
	} else {
		h.set.Log.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	h.errorPage(w, r, status, msg)
}

// failForm is fail for a form submission: validation problems (and conflicts that name a
// field) re-render the form through rerender with the field errors and the status they map
// to; everything else is an error page.
func (h *handler) failForm(w http.ResponseWriter, r *http.Request, err error, rerender func(status int, e *domain.Error)) {
	if e, ok := domain.AsError(err); ok && (e.Code == domain.EInvalid || (e.Code == domain.EConflict && len(e.Fields) > 0)) {
		rerender(statusOf(e.Code), e)
		return
	}
	h.fail(w, r, err)
}

// errorPage shows a status with a translated message key.
func (h *handler) errorPage(w http.ResponseWriter, r *http.Request, status int, msgKey string) {
	p := h.page(r, "web.error.title")
	data := &struct {
		*Page
		Status  int
		Message string
	}{p, status, p.T(msgKey)}
	h.html(w, r, status, "error", data)
}

// plainError is the last resort when even the error page cannot render.
func (h *handler) plainError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(http.StatusText(status) + "\n"))
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, h.withOptionalActor(r), http.StatusNotFound, "err.not_found.page")
}

func (h *handler) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusForbidden, "web.error.cross_origin")
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// wantsFragment reports whether an htmx request asked to swap only the target block. A
// history restore asks for the whole page, so it gets one.
func wantsFragment(r *http.Request, target string) bool {
	return isHTMX(r) && r.Header.Get("HX-History-Restore-Request") != "true" && r.Header.Get("HX-Target") == target
}
