package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// standingChangeJSON is one standing change or lost-contact flag, effective on a day.
type standingChangeJSON struct {
	ID           jsonID      `json:"id"`
	MemberID     jsonID      `json:"member_id"`
	MemberName   string      `json:"member_name"`
	OrgID        jsonID      `json:"org_id"`
	OrgName      string      `json:"org_name"`
	Change       string      `json:"change"`
	FromStanding string      `json:"from_standing"`
	ToStanding   string      `json:"to_standing"`
	On           domain.Date `json:"on"`
	Reason       string      `json:"reason"`
	Actor        string      `json:"actor"`
}

// listStandingChanges lists the standing changes and lost-contact flags effective in a
// month for the members now in an organisation's subtree: ?org_id=&month=, one list.
func (h *handler) listStandingChanges(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, month := p.requiredID("org_id"), p.month("month")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Members.StandingChanges(r.Context(), actor(r), orgID, month)
	if err != nil {
		return err
	}
	items := make([]standingChangeJSON, len(list))
	for i, c := range list {
		items[i] = standingChangeJSON{ID: jsonID(c.ID), MemberID: jsonID(c.MemberID), MemberName: c.MemberName,
			OrgID: jsonID(c.OrgID), OrgName: c.OrgName, Change: c.Action, FromStanding: c.FromStanding,
			ToStanding: c.ToStanding, On: c.EffectiveOn, Reason: c.Reason, Actor: c.Actor}
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}
