package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// standingChanges are the values of "change": the four standing changes, and setting or
// clearing the lost-contact flag (失联), which has the same day and reason.
var standingChanges = []string{member.ActionSuspend, member.ActionRetain, member.ActionRestore, member.ActionExpel,
	member.ActionLostContact, member.ActionContactRestored}

// standingRequest is the body of POST /members/{id}/standing.
type standingRequest struct {
	Change string `json:"change"`
	On     string `json:"on"`
	Reason string `json:"reason"`
}

// changeStanding suspends, retains, restores or expels a member, or sets or clears the
// lost-contact flag, from a day and with a reason: 200 with the member as changed. A change
// the member's standing does not allow (restoring a member in normal standing) → 409.
func (h *handler) changeStanding(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "member")
	if err != nil {
		return err
	}
	var req standingRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	a := actor(r)
	var m *domain.Member
	switch req.Change {
	case member.ActionLostContact, member.ActionContactRestored:
		m, err = h.set.Members.SetLostContact(r.Context(), a, id, req.Change == member.ActionLostContact, req.On, req.Reason)
	default:
		if !domain.Contains(standingChanges, req.Change) {
			// Checked here: the service also takes the development service's own action.
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"change": "err.choice"}}
		}
		m, err = h.set.Members.ChangeStanding(r.Context(), a, id, member.StandingInput{Action: req.Change, On: req.On, Reason: req.Reason})
	}
	if err != nil {
		return renameField(err, "action", "change")
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}

// renameField names a service's field as the request does.
func renameField(err error, from, to string) error {
	e, ok := domain.AsError(err)
	if !ok || e.Fields[from] == "" {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for name, key := range e.Fields {
		if name == from {
			name = to
		}
		fields[name] = key
	}
	return &domain.Error{Code: e.Code, Message: e.Message, Args: e.Args, Fields: fields}
}
