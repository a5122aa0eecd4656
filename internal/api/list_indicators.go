package api

import (
	"net/http"
	"strconv"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

var subjectTypes = []string{domain.SubjectMember, domain.SubjectOrg}

// listIndicators answers an organisation's effective catalogue of a year, "1 + X": the items
// its ancestors set (inherited: true) and its own, in force today or on ?on=:
// ?org_id= (required) &year= (default this year in China) &subject=member|org &category=
// &on=YYYY-MM-DD &own=1 (only its own items). One page: a catalogue is a bounded list.
func (h *handler) listIndicators(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := points.CatalogueFilter{OrgID: p.requiredID("org_id"), Year: p.year("year"), Subject: p.choice("subject", subjectTypes),
		On: p.text("on"), OwnOnly: p.flag("own")}
	category := p.text("category")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Points.Catalogue(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	if category != "" {
		kept := list[:0]
		for _, ind := range list {
			if ind.Category == category {
				kept = append(kept, ind)
			}
		}
		list = kept
	}
	writeJSON(w, http.StatusOK, newList(indicatorViews(list), ""))
	return nil
}

// year is a calendar year parameter, 2000 to 2100; absent is the current year in China.
func (p *params) year(name string) int {
	if p.values.Get(name) == "" {
		return time.Now().In(shanghai).Year()
	}
	n, err := strconv.Atoi(p.values.Get(name))
	if err != nil || n < 2000 || n > 2100 {
		p.problem(name, "api.param.year")
		return 0
	}
	return n
}
