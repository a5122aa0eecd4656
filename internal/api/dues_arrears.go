package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
)

// Dues arrears (issue 6 part 4): members with unpaid months and the consecutive count that
// flags the self-withdrawal procedure, and the notes a branch records about them.

// getDuesArrears answers ?org_id= (required) and ?through= (the latest month counted;
// default the month before the current one): the members of the subtree with unpaid bills,
// flagged first, as one list without further pages.
func (h *handler) getDuesArrears(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	through := optionalMonth(p, "through")
	if err := p.err(); err != nil {
		return err
	}
	ar, err := h.set.DuesStats.Arrears(r.Context(), actor(r), orgID, through)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ar)
	return nil
}

// arrearsNoteRequest is the body of POST /dues/arrears/notes.
type arrearsNoteRequest struct {
	MemberID ID     `json:"member_id"`
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// createDuesArrearsNote records what the branch decided about a member in arrears: 201 with
// the note.
func (h *handler) createDuesArrearsNote(w http.ResponseWriter, r *http.Request) error {
	var req arrearsNoteRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := duesstats.NoteInput{Decision: req.Decision, Note: req.Note}
	if !req.MemberID.given {
		v.Add("member_id", "err.required")
	} else if id := req.MemberID.required("member_id", v); id != nil {
		in.MemberID = *id
	}
	if err := v.Err(); err != nil {
		return err
	}
	n, err := h.set.DuesStats.RecordNote(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}
