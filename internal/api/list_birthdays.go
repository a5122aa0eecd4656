package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// birthdayJSON is a political birthday: the anniversary of joining the party in the month.
type birthdayJSON struct {
	MemberID jsonID      `json:"member_id"`
	Name     string      `json:"name"`
	OrgID    jsonID      `json:"org_id"`
	OrgName  string      `json:"org_name"`
	JoinedOn domain.Date `json:"joined_on"`
	On       domain.Date `json:"on"`
	Years    int         `json:"years"`
}

// listBirthdays lists the political birthdays in an organisation's subtree in a month:
// ?org_id=&month= (YYYY-MM, default this month in China), by day, in one list without
// pages. Someone who joined on 29 February celebrates on 28 February in other years.
func (h *handler) listBirthdays(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, month := p.requiredID("org_id"), p.month("month")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Members.PoliticalBirthdays(r.Context(), actor(r), orgID, month)
	if err != nil {
		return err
	}
	items := make([]birthdayJSON, len(list))
	for i, b := range list {
		items[i] = birthdayJSON{MemberID: jsonID(b.MemberID), Name: b.Name, OrgID: jsonID(b.OrgID), OrgName: b.OrgName,
			JoinedOn: b.JoinedOn, On: b.On, Years: b.Years}
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}
