package web

import (
	"net/http"
	"time"

	"dangjian/internal/i18n"
	"dangjian/internal/roster"
)

// exportMembers writes the member list's current filter as .xlsx. A small list downloads
// at once; a large one starts a job and shows its progress page. It is a POST because a
// reveal (the clear numbers, for those with the right) is audited by the member service.
func (h *handler) exportMembers(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a, loc := r.Context(), actor(r), locale(r)
	filter := memberFilter(f.Values)
	filter.AfterID, filter.Limit = 0, 0
	reveal := f.Get("reveal") != ""
	n, err := h.set.Roster.ExportSize(ctx, a, filter)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if n >= roster.SmallExportRows {
		id, err := h.set.Roster.StartExport(ctx, a, filter, reveal, loc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.redirect(w, r, "/exports/"+itoa64(id))
		return
	}
	day := time.Now().In(shanghai).Format("20060102")
	name := "党员名册-" + day + ".xlsx"
	if loc == i18n.EN {
		name = "members-" + day + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	_, err = h.set.Roster.ExportMembers(ctx, a, filter, reveal, loc, d)
	h.finish(d, w, r, err)
}
