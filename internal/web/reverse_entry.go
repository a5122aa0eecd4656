package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// reverseEntry posts the reversing entry of a ledger line (entries are never edited or
// deleted), with the reason the officer gives. It comes from the history of a member's or an
// organisation's points page and returns there; a missing reason or an entry that cannot be
// reversed comes back beside that line's reason field. Without the right: 403.
func (h *handler) reverseEntry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	back, err := url.Parse(safeNext(f.Get("back")))
	if err != nil {
		back = &url.URL{Path: "/"}
	}
	v := back.Query()
	for _, k := range []string{"reversed", "reverse_entry", "reverse_error"} {
		v.Del(k)
	}
	if _, err := h.set.Points.Reverse(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		e, ok := formProblem(err)
		if !ok {
			h.fail(w, r, err)
			return
		}
		key := e.Message
		if k, ok := e.Fields["reason"]; ok {
			key = k
		}
		v.Set("reverse_entry", itoa64(id))
		v.Set("reverse_error", key)
	} else {
		v.Set("reversed", itoa64(id))
	}
	back.RawQuery = v.Encode()
	h.redirect(w, r, back.String())
}

// reverseProblem is the message a reversal left for a history line (reverse_error in the
// query): only catalogue keys are shown, so the address cannot put text on the page.
func (p *Page) reverseProblem(q url.Values, entryID int64) string {
	key := q.Get("reverse_error")
	if key == "" || q.Get("reverse_entry") != itoa64(entryID) || !p.cat.Has(p.Locale, key) {
		return ""
	}
	return p.T(key)
}

// reversible reports whether the history offers a reversal of an entry: credited by a claim,
// award, event or bonus and not reversed yet (the service decides).
func reversible(e *domain.PointEntry) bool {
	if e.ReversedByID != 0 {
		return false
	}
	switch e.Source {
	case domain.SourceClaim, domain.SourceAward, domain.SourceEvent, domain.SourceBonus:
		return true
	}
	return false
}
