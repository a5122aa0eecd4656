package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// duesHardshipRequest is the body of POST /dues/hardship.
type duesHardshipRequest struct {
	MemberID  ID     `json:"member_id"`
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen"`
	FromMonth string `json:"from_month"`
	ToMonth   string `json:"to_month"`
	Reason    string `json:"reason"`
}

// createDuesHardship records an application for a reduction or an exemption: the member for
// themself, or a dues manager for a member. 201 with it.
func (h *handler) createDuesHardship(w http.ResponseWriter, r *http.Request) error {
	var req duesHardshipRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	var v domain.Validation
	in := dues.HardshipInput{MemberID: requiredID(req.MemberID, "member_id", &v), Kind: req.Kind, AmountFen: req.AmountFen,
		FromMonth: req.FromMonth, ToMonth: req.ToMonth, Reason: req.Reason}
	if err := v.Err(); err != nil {
		return err
	}
	x, err := h.set.Dues.ApplyHardship(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/dues/hardship/"+formatID(x.ID))
	writeJSON(w, http.StatusCreated, duesHardshipView(x))
	return nil
}

// listDuesHardship lists applications newest first: ?member_id=&status=&pending=1 (those
// waiting for the caller's decision)&limit=&cursor=.
func (h *handler) listDuesHardship(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := dues.HardshipFilter{MemberID: p.id("member_id"), Status: p.choice("status", domain.HardshipStatuses),
		Pending: p.flag("pending"), AfterID: p.cursor(), Limit: p.limit()}
	if err := p.err(); err != nil {
		return err
	}
	items, next, err := h.set.Dues.Hardships(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := make([]duesHardshipJSON, len(items))
	for i := range items {
		out[i] = duesHardshipView(&items[i])
	}
	writeJSON(w, http.StatusOK, newList(out, encodeCursor(next)))
	return nil
}

// getDuesHardship answers one application.
func (h *handler) getDuesHardship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_hardship")
	if err != nil {
		return err
	}
	x, err := h.set.Dues.Hardship(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, duesHardshipView(x))
	return nil
}

// decideDuesHardship is one step of an application: agree (the branch), approve (the next
// level) or reject; {note?} (a note is required to reject). 200 with it.
func (h *handler) decideDuesHardship(step string) func(h *handler, w http.ResponseWriter, r *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "dues_hardship")
		if err != nil {
			return err
		}
		var in dues.DecideInput
		if err := decodeOptionalJSON(r, &in); err != nil {
			return err
		}
		var x *domain.DuesHardship
		switch step {
		case "agree":
			x, err = h.set.Dues.AgreeHardship(r.Context(), actor(r), id, in)
		case "approve":
			x, err = h.set.Dues.ApproveHardship(r.Context(), actor(r), id, in)
		default:
			x, err = h.set.Dues.RejectHardship(r.Context(), actor(r), id, in)
		}
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, duesHardshipView(x))
		return nil
	}
}

func (h *handler) agreeDuesHardship(w http.ResponseWriter, r *http.Request) error {
	return h.decideDuesHardship("agree")(h, w, r)
}

func (h *handler) approveDuesHardship(w http.ResponseWriter, r *http.Request) error {
	return h.decideDuesHardship("approve")(h, w, r)
}

func (h *handler) rejectDuesHardship(w http.ResponseWriter, r *http.Request) error {
	return h.decideDuesHardship("reject")(h, w, r)
}
