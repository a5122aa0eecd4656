package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// Meeting compliance (issue 5 part 4): what the rules require of an organisation against the
// meetings it held with approved minutes, and the roll-up of a subtree.

type complianceItemJSON struct {
	Kind     string      `json:"kind"`
	Period   string      `json:"period"`
	GroupID  int64       `json:"group_id,omitempty"`
	Required int         `json:"required"`
	Held     int         `json:"held"`
	Status   string      `json:"status"`
	StartsOn domain.Date `json:"starts_on"`
	EndsOn   domain.Date `json:"ends_on"`
}

func complianceItems(list []domain.ComplianceItem) []complianceItemJSON {
	out := make([]complianceItemJSON, len(list))
	for i, it := range list {
		out[i] = complianceItemJSON{Kind: it.Kind, Period: it.Period, GroupID: it.GroupID, Required: it.Required,
			Held: it.Held, Status: it.Status, StartsOn: it.StartsOn, EndsOn: it.EndsOn}
	}
	return out
}

// getOrgCompliance answers ?year= (default this year in China): one item per requirement,
// period (and party group), as one list without further pages.
func (h *handler) getOrgCompliance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	p := queryParams(r)
	year := p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	items, err := h.set.Compliance.ForOrg(r.Context(), actor(r), id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(complianceItems(items), ""))
	return nil
}

type rollUpMissingJSON struct {
	Kind    string `json:"kind"`
	Period  string `json:"period"`
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name"`
}

type rollUpOrgJSON struct {
	OrgID   int64                `json:"org_id"`
	OrgName string               `json:"org_name"`
	Items   []complianceItemJSON `json:"items"`
}

type rollUpJSON struct {
	Year    int                      `json:"year"`
	Tallies []domain.ComplianceTally `json:"tallies"`
	Missing []rollUpMissingJSON      `json:"missing"`
	Orgs    []rollUpOrgJSON          `json:"orgs"`
}

// getOrgComplianceRollUp answers the roll-up of every branch below the organisation for
// ?year=: tallies per kind and period, "which branch missed what", and each branch's items.
func (h *handler) getOrgComplianceRollUp(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	p := queryParams(r)
	year := p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	ru, err := h.set.Compliance.RollUp(r.Context(), actor(r), id, year)
	if err != nil {
		return err
	}
	out := rollUpJSON{Year: ru.Year, Tallies: ru.Tallies, Missing: []rollUpMissingJSON{}, Orgs: make([]rollUpOrgJSON, len(ru.Orgs))}
	names := map[int64]string{}
	for i, o := range ru.Orgs {
		names[o.OrgID] = o.OrgName
		out.Orgs[i] = rollUpOrgJSON{OrgID: o.OrgID, OrgName: o.OrgName, Items: complianceItems(o.Items)}
	}
	for _, t := range ru.Tallies {
		for _, oid := range t.MissingBy {
			out.Missing = append(out.Missing, rollUpMissingJSON{Kind: t.Kind, Period: t.Period, OrgID: oid, OrgName: names[oid]})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
