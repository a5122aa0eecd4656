package api

import (
	"net/http"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/member"
	"dangjian/internal/roster"
)

// exportMembers writes the members a filter selects, in the caller's scope, as .xlsx with
// the import template's columns: ?org_id=&subtree=1&group_id=&q=&category=&standing=&left=&reveal=1
// (members on the roster unless left=only or left=include).
// Fewer than roster.SmallExportRows members stream at once (200); more, or ?async=1, start a
// job: 202 {id}, polled at GET /exports/{id} and fetched from GET /exports/{id}/file.
// Personal numbers are masked unless reveal=1, which needs the right and is audited.
func (h *handler) exportMembers(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := member.Filter{OrgID: p.id("org_id"), Subtree: p.flag("subtree"), GroupID: p.id("group_id"), Query: p.text("q"),
		Category: p.choice("category", domain.Categories), Standing: p.choice("standing", domain.Standings),
		Left: p.choice("left", leftFilters)}
	reveal, async := p.flag("reveal"), p.flag("async")
	if err := p.err(); err != nil {
		return err
	}
	a, locale := actor(r), i18n.FromRequest(r)
	if !async {
		n, err := h.set.Roster.ExportSize(r.Context(), a, f)
		if err != nil {
			return err
		}
		async = n >= roster.SmallExportRows
	}
	if async {
		id, err := h.set.Roster.StartExport(r.Context(), a, f, reveal, locale)
		if err != nil {
			return err
		}
		w.Header().Set("Location", base+"/exports/"+formatID(id))
		writeJSON(w, http.StatusAccepted, map[string]jsonID{"id": jsonID(id)})
		return nil
	}
	name := "党员名册-" + time.Now().In(shanghai).Format("20060102") + ".xlsx"
	if locale == i18n.EN {
		name = "members-" + time.Now().In(shanghai).Format("20060102") + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	_, err := h.set.Roster.ExportMembers(r.Context(), a, f, reveal, locale, d)
	return d.finish(h, r, err)
}
