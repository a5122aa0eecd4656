package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// reminderJSON is an open compliance reminder: a required period ending soon that the
// organisation has not yet satisfied (the daily job "meetings.reminders" records them).
type reminderJSON struct {
	OrgID     jsonID      `json:"org_id"`
	OrgName   string      `json:"org_name"`
	Kind      string      `json:"kind"`
	Period    string      `json:"period"`
	GroupID   nullID      `json:"group_id"`
	GroupName string      `json:"group_name"`
	Required  int         `json:"required"`
	Held      int         `json:"held"`
	EndsOn    domain.Date `json:"ends_on"`
}

// getOrgReminders lists the open reminders of the organisation and those below it, soonest
// first, checked against the meetings held now (for integrations such as a WeChat push).
// One list, no pages.
func (h *handler) getOrgReminders(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	list, err := h.set.Compliance.OrgReminders(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	items := make([]reminderJSON, len(list))
	for i, x := range list {
		items[i] = reminderJSON{OrgID: jsonID(x.OrgID), OrgName: x.OrgName, Kind: x.Kind, Period: x.Period,
			GroupID: nullID(x.GroupID), GroupName: x.GroupName, Required: x.Required, Held: x.Held, EndsOn: x.EndsOn}
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}
