package dues

import (
	"context"
	"database/sql"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// MaxHardshipMonths bounds one application's range; a longer hardship applies again.
const MaxHardshipMonths = 24

// HardshipInput is an application for a reduction (AmountFen a month) or an exemption.
type HardshipInput struct {
	MemberID  int64  `json:"member_id,string"`
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen"`
	FromMonth string `json:"from_month"`
	ToMonth   string `json:"to_month"`
	Reason    string `json:"reason"`
}

func (in *HardshipInput) validate() error {
	var v domain.Validation
	if in.MemberID == 0 {
		v.Add("member_id", "err.required")
	}
	switch in.Kind {
	case "":
		v.Add("kind", "err.required")
	case domain.HardshipExempt:
		in.AmountFen = 0
	case domain.HardshipReduce:
		if in.AmountFen < 0 || in.AmountFen > domain.MaxDuesBaseFen {
			v.Add("amount_fen", "err.dues.amount")
		}
	default:
		v.Add("kind", "err.choice")
	}
	checkMonth(&v, "from_month", in.FromMonth)
	checkMonth(&v, "to_month", in.ToMonth)
	if !v.Has("from_month") && !v.Has("to_month") {
		if in.ToMonth < in.FromMonth {
			v.Add("to_month", "err.dues.months_order")
		} else if domain.DuesMonthAdd(in.FromMonth, MaxHardshipMonths-1) < in.ToMonth {
			v.Add("to_month", "err.dues.months_too_many")
		}
	}
	r, err := text(in.Reason, 500, true)
	if err != nil {
		v.Add("reason", err.Error())
	}
	in.Reason = r
	return v.Err()
}

// ApplyHardship records an application (status applied). Audited as dues.hardship.apply.
// Who: the member for themself, or dues.manage over the member's organisation. Errors:
// ENotFound (member not visible), EForbidden, EInvalid (kind, amount_fen, from_month,
// to_month, reason), EConflict (another open or approved application overlaps the months).
func (s *Service) ApplyHardship(ctx context.Context, a *auth.Actor, in HardshipInput) (*domain.DuesHardship, error) {
	var v domain.Validation
	if in.MemberID == 0 {
		v.Add("member_id", "err.required")
		return nil, v.Err()
	}
	m, err := loadMember(ctx, s.DB.Read(), in.MemberID)
	if err != nil {
		return nil, err
	}
	self := a.MemberID() != 0 && a.MemberID() == m.ID
	if !self && !a.Can(auth.DuesRead, m.OrgPath) && !a.Can(auth.MemberRead, m.OrgPath) {
		return nil, domain.NotFound("member")
	}
	if !self && !a.Can(auth.DuesManage, m.OrgPath) {
		return nil, domain.Forbidden()
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if m.HasLeft() {
		return nil, conflict("err.dues.member_left")
	}
	h := &domain.DuesHardship{MemberID: m.ID, MemberName: m.Name, OrgID: m.OrgID, OrgName: m.OrgName, OrgPath: m.OrgPath,
		Kind: in.Kind, AmountFen: in.AmountFen, FromMonth: in.FromMonth, ToMonth: in.ToMonth, Reason: in.Reason,
		Status: domain.HardshipApplied, AppliedBy: a.UserID()}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		overlap, err := q.HardshipOverlaps(ctx, m.ID, in.FromMonth, in.ToMonth, 0)
		if err != nil {
			return err
		}
		if overlap {
			return conflict("err.dues.hardship_overlap")
		}
		if err := q.InsertDuesHardship(ctx, h); err != nil {
			return err
		}
		return record(ctx, q, a, "dues.hardship.apply", "dues_hardship", h.ID, h.OrgPath, nil, h)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// loadHardship returns an application the actor may see: dues readers of the member's branch
// (which covers the next level up), the member, and whoever applied. Errors: ENotFound.
func (s *Service) loadHardship(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.DuesHardship, error) {
	h, err := q.DuesHardship(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("dues_hardship")
	}
	if err != nil {
		return nil, err
	}
	if a.Can(auth.DuesRead, h.OrgPath) || (a.MemberID() != 0 && a.MemberID() == h.MemberID) ||
		(a.UserID() != 0 && a.UserID() == h.AppliedBy) {
		return h, nil
	}
	return nil, domain.NotFound("dues_hardship")
}

// Hardship returns one application. Who: see loadHardship. Errors: ENotFound.
func (s *Service) Hardship(ctx context.Context, a *auth.Actor, id int64) (*domain.DuesHardship, error) {
	return s.loadHardship(ctx, s.DB.Read(), a, id)
}

// DecideInput is a decision on an application: agree (the branch) or approve (the next
// level), or reject (either, at its step), with a note (required to reject).
type DecideInput struct {
	Note string `json:"note"`
}

// AgreeHardship is the branch's agreement (applied → branch_agreed). Audited as
// dues.hardship.agree. Who: dues.manage over the member's branch. Errors: ENotFound,
// EForbidden, EConflict (not waiting for the branch).
func (s *Service) AgreeHardship(ctx context.Context, a *auth.Actor, id int64, in DecideInput) (*domain.DuesHardship, error) {
	return s.step(ctx, a, id, in, domain.HardshipApplied, domain.HardshipBranchAgreed, "dues.hardship.agree")
}

// ApproveHardship is the next-level approval (branch_agreed → approved); the member's bills in
// the range that nothing has been paid on are repriced at once, and later generated bills
// apply it. Audited as dues.hardship.approve. Who: dues.approve over the organisation above
// the member's branch. Errors: ENotFound, EForbidden, EConflict (not waiting for approval).
func (s *Service) ApproveHardship(ctx context.Context, a *auth.Actor, id int64, in DecideInput) (*domain.DuesHardship, error) {
	return s.step(ctx, a, id, in, domain.HardshipBranchAgreed, domain.HardshipApproved, "dues.hardship.approve")
}

// RejectHardship rejects an application at its present step: the branch while it waits for
// the branch, the next level while it waits for approval. Audited as dues.hardship.reject.
// Who: as for AgreeHardship or ApproveHardship by the step. Errors: ENotFound, EForbidden,
// EInvalid (note), EConflict (decided already).
func (s *Service) RejectHardship(ctx context.Context, a *auth.Actor, id int64, in DecideInput) (*domain.DuesHardship, error) {
	return s.step(ctx, a, id, in, "", domain.HardshipRejected, "dues.hardship.reject")
}

func (s *Service) step(ctx context.Context, a *auth.Actor, id int64, in DecideInput, from, to, action string) (*domain.DuesHardship, error) {
	note, err := text(in.Note, 500, to == domain.HardshipRejected)
	var h *domain.DuesHardship
	err2 := s.DB.WriteTx(ctx, func(q *store.Q) error {
		var e error
		h, e = s.loadHardship(ctx, q, a, id)
		if e != nil {
			return e
		}
		at := from
		if to == domain.HardshipRejected {
			at = h.Status
		}
		allowed := false
		switch at {
		case domain.HardshipApplied:
			allowed = a.Can(auth.DuesManage, h.OrgPath)
		case domain.HardshipBranchAgreed:
			allowed = canApproveFor(a, h.OrgPath)
		default: // decided: whoever could have decided learns it is too late
			allowed = a.Can(auth.DuesManage, h.OrgPath) || canApproveFor(a, h.OrgPath)
		}
		if !allowed {
			return domain.Forbidden()
		}
		if err != nil {
			return invalid("note", err.Error())
		}
		if h.Status != at || (at != domain.HardshipApplied && at != domain.HardshipBranchAgreed) {
			return conflict("err.dues.hardship_state")
		}
		ok, e := q.StepDuesHardship(ctx, store.HardshipStep{ID: h.ID, From: at, To: to, By: a.UserID(), Note: note, At: s.now()})
		if e != nil {
			return e
		}
		if !ok {
			return conflict("err.dues.hardship_state")
		}
		before := h.Status
		if h, e = q.DuesHardship(ctx, id); e != nil {
			return e
		}
		repriced := 0
		if to == domain.HardshipApproved {
			m, e := loadMember(ctx, q, h.MemberID)
			if e != nil {
				return e
			}
			bills, e := q.OpenDuesBills(ctx, h.MemberID, h.FromMonth, h.ToMonth)
			if e != nil {
				return e
			}
			if repriced, e = s.reprice(ctx, q, m, bills); e != nil {
				return e
			}
		}
		return record(ctx, q, a, action, "dues_hardship", h.ID, h.OrgPath, map[string]any{"status": before},
			map[string]any{"status": h.Status, "note": note, "bills_repriced": repriced})
	})
	if err2 != nil {
		return nil, err2
	}
	return h, nil
}

// HardshipFilter selects applications for Hardships.
type HardshipFilter struct {
	MemberID int64
	Status   string
	// Pending: only those waiting for the actor — applied ones in the actor's dues.manage
	// scope (the branch step) and branch-agreed ones whose next level the actor approves.
	Pending bool
	AfterID int64
	Limit   int
}

// Hardships lists applications, newest first: those in the actor's dues.read scope and the
// actor's own. Errors: EInvalid (status).
func (s *Service) Hardships(ctx context.Context, a *auth.Actor, f HardshipFilter) ([]domain.DuesHardship, int64, error) {
	if f.Status != "" && !slices.Contains(domain.HardshipStatuses, f.Status) {
		return nil, 0, invalid("status", "err.choice")
	}
	n := limit(f.Limit)
	q := s.DB.Read()
	var out []domain.DuesHardship
	if f.Pending {
		// Two scopes, each small: the branch step and the approval step.
		applied, err := q.DuesHardships(ctx, store.DuesHardshipFilter{Scopes: a.Scopes(auth.DuesManage), MemberID: f.MemberID,
			Statuses: []string{domain.HardshipApplied}, AfterID: f.AfterID, Limit: n + 1})
		if err != nil {
			return nil, 0, err
		}
		agreed, err := q.DuesHardships(ctx, store.DuesHardshipFilter{Scopes: a.Scopes(auth.DuesApprove), MemberID: f.MemberID,
			Statuses: []string{domain.HardshipBranchAgreed}, AfterID: f.AfterID, Limit: 10 * (n + 1)})
		if err != nil {
			return nil, 0, err
		}
		for _, h := range agreed {
			if canApproveFor(a, h.OrgPath) {
				applied = append(applied, h)
			}
		}
		slices.SortFunc(applied, func(x, y domain.DuesHardship) int { return int(y.ID - x.ID) })
		out = applied
	} else {
		var st []string
		if f.Status != "" {
			st = []string{f.Status}
		}
		scopes := a.Scopes(auth.DuesRead)
		var err error
		if len(scopes) > 0 {
			out, err = q.DuesHardships(ctx, store.DuesHardshipFilter{Scopes: scopes, MemberID: f.MemberID, Statuses: st,
				AfterID: f.AfterID, Limit: n + 1})
		} else if a.MemberID() != 0 && (f.MemberID == 0 || f.MemberID == a.MemberID()) {
			out, err = q.DuesHardships(ctx, store.DuesHardshipFilter{MemberID: a.MemberID(), Statuses: st,
				AfterID: f.AfterID, Limit: n + 1})
		}
		if err != nil {
			return nil, 0, err
		}
	}
	var next int64
	if len(out) > n {
		out = out[:n]
		next = out[n-1].ID
	}
	if out == nil {
		out = []domain.DuesHardship{}
	}
	return out, next, nil
}
