package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// setLanguage remembers the chosen language in a cookie and returns to the page.
func (h *handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if lang := f.Get("lang"); lang == i18n.ZH || lang == i18n.EN {
		h.setLangCookie(w, lang)
	}
	h.redirect(w, r, safeNext(f.Get("next")))
}
