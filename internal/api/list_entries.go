package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// listEntries lists a subject's ledger entries newest first:
// ?subject_type=member|org (default member) &subject_id= (default the caller's own member
// record) &year= (all years when absent) &limit=&cursor=.
func (h *handler) listEntries(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	typ, id := p.subject(actor(r).MemberID())
	f := points.EntryFilter{SubjectType: typ, SubjectID: id, BeforeID: p.cursor(), Limit: fetchSize(limit)}
	if p.values.Get("year") != "" {
		f.Year = p.year("year")
	}
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Points.Entries(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	items := make([]entryJSON, len(list))
	for i := range list {
		items[i] = entryView(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// subject reads ?subject_type= and ?subject_id=: a member by default, and the caller's own
// member record when no id is given (own is 0 for an account without one: then required).
func (p *params) subject(own int64) (string, int64) {
	typ := p.choice("subject_type", subjectTypes)
	if typ == "" {
		typ = domain.SubjectMember
	}
	if p.values.Get("subject_id") == "" && typ == domain.SubjectMember && own != 0 {
		return typ, own
	}
	return typ, p.requiredID("subject_id")
}
