package web

import (
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/audit"
	"dangjian/internal/domain"
)

// auditData is the audit log, newest first.
type auditData struct {
	*Page
	Query     *Form
	Entries   []domain.AuditEntry
	OlderURL  string
	NewestURL string
	IsNewest  bool
}

const auditPageSize = 50

func (h *handler) listAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := audit.Filter{Action: strings.TrimSpace(q.Get("action")), EntityType: strings.TrimSpace(q.Get("entity")),
		EntityID: queryID(q.Get("entity_id")), BeforeID: queryID(q.Get("before")), Limit: auditPageSize}
	entries, err := h.set.Audit.List(r.Context(), actor(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	keep := url.Values{}
	for _, k := range []string{"action", "entity", "entity_id"} {
		if s := strings.TrimSpace(q.Get(k)); s != "" {
			keep.Set(k, s)
		}
	}
	d := &auditData{Page: h.page(r, "web.audit.title"), Query: newForm(q), Entries: entries,
		NewestURL: "/audit?" + keep.Encode(), IsNewest: f.BeforeID == 0}
	if len(entries) == auditPageSize {
		older := url.Values{}
		for k, v := range keep {
			older[k] = v
		}
		older.Set("before", itoa64(entries[len(entries)-1].ID))
		d.OlderURL = "/audit?" + older.Encode()
	}
	h.html(w, r, http.StatusOK, "audit", d)
}
