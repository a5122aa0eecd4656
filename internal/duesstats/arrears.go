package duesstats

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Decisions a branch records about a member in arrears.
const (
	DecisionContacted  = "contacted"   // talked to the member, reminded them
	DecisionGoodReason = "good_reason" // there is a good reason (illness, hardship …): no procedure
	DecisionProcedure  = "procedure"   // the branch starts the self-withdrawal procedure (自行脱党)
	DecisionNote       = "note"        // anything else worth keeping
)

// Decisions lists the values in the order forms show them.
var Decisions = []string{DecisionContacted, DecisionGoodReason, DecisionProcedure, DecisionNote}

// maxNote bounds a note's length in characters.
const maxNote = 500

// Note is a recorded decision or note about a member in arrears.
type Note struct {
	ID            int64     `json:"id,string"`
	MemberID      int64     `json:"member_id,string"`
	Decision      string    `json:"decision"`
	Note          string    `json:"note"`
	Streak        int       `json:"consecutive_months"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

func noteOf(n *store.DuesArrearsNote) *Note {
	return &Note{ID: n.ID, MemberID: n.MemberID, Decision: n.Decision, Note: n.Note, Streak: n.Streak,
		CreatedByName: n.CreatedByName, CreatedAt: n.CreatedAt}
}

// ArrearsMember is a member on the roster with unpaid bills of months up to Through.
type ArrearsMember struct {
	MemberID     int64    `json:"member_id,string"`
	Name         string   `json:"name"`
	OrgID        int64    `json:"org_id,string"`
	OrgName      string   `json:"org_name"`
	OrgPath      string   `json:"-"`
	UnpaidMonths []string `json:"unpaid_months"` // oldest first
	UnpaidFen    int64    `json:"unpaid_fen"`
	// LastBilledMonth is the member's latest bill up to Through; Consecutive counts the unpaid
	// months running back from it without a paid, exempt or unbilled month between.
	LastBilledMonth string `json:"last_billed_month"`
	Consecutive     int    `json:"consecutive_months"`
	Threshold       int    `json:"threshold"` // rule dues.arrears for the member's organisation
	Flagged         bool   `json:"flagged"`   // Consecutive ≥ Threshold: for the branch to decide
	LastNote        *Note  `json:"last_note"`
}

// Arrears is the arrears of a subtree.
type Arrears struct {
	OrgID   int64           `json:"org_id,string"`
	OrgName string          `json:"org_name"`
	OrgPath string          `json:"-"`
	Through string          `json:"through"` // the latest month counted
	Flagged int             `json:"flagged"`
	Members []ArrearsMember `json:"members"`
}

// DefaultThrough is the latest month arrears count by default: the month before the current
// one. The current month's bill is not overdue while the month lasts.
func (s *Service) DefaultThrough() string { return domain.DuesMonthAdd(s.thisMonth(), -1) }

// Arrears lists the members on the roster in the subtree at orgID with unpaid bills of months
// up to through ("" for DefaultThrough), flagged members first, then by consecutive months.
// The threshold is rule dues.arrears of each member's organisation in force on the first
// day after through. Who: dues readers of the organisation. Errors: ENotFound (no such
// organisation or outside the scope), EInvalid (through).
func (s *Service) Arrears(ctx context.Context, a *auth.Actor, orgID int64, through string) (*Arrears, error) {
	q := s.DB.Read()
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if through, err = checkMonth("through", through, s.DefaultThrough()); err != nil {
		return nil, err
	}
	members, err := s.arrearsOf(ctx, q, o.Path, 0, through)
	if err != nil {
		return nil, err
	}
	notes, err := q.LatestDuesArrearsNotes(ctx, o.Path)
	if err != nil {
		return nil, err
	}
	out := &Arrears{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path, Through: through, Members: members}
	for i := range out.Members {
		m := &out.Members[i]
		if n, ok := notes[m.MemberID]; ok {
			m.LastNote = noteOf(&n)
		}
		if m.Flagged {
			out.Flagged++
		}
	}
	return out, nil
}

// arrearsOf computes the arrears of the members under path (or of one member), sorted.
func (s *Service) arrearsOf(ctx context.Context, q *store.Q, path string, memberID int64, through string) ([]ArrearsMember, error) {
	rows, err := q.DuesUnpaidUnder(ctx, path, through, memberID)
	if err != nil {
		return nil, err
	}
	on := domain.DuesMonthStart(domain.DuesMonthAdd(through, 1))
	thresholds := map[string]int{}
	out := []ArrearsMember{}
	var desc []string
	flush := func() error {
		if len(out) == 0 {
			return nil
		}
		m := &out[len(out)-1]
		m.Consecutive = Consecutive(m.LastBilledMonth, desc)
		t, ok := thresholds[m.OrgPath]
		if !ok {
			if t, err = threshold(ctx, q, m.OrgPath, on); err != nil {
				return err
			}
			thresholds[m.OrgPath] = t
		}
		m.Threshold, m.Flagged = t, m.Consecutive >= t
		slices.Reverse(m.UnpaidMonths)
		return nil
	}
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].MemberID != r.MemberID {
			if err := flush(); err != nil {
				return nil, err
			}
			out = append(out, ArrearsMember{MemberID: r.MemberID, Name: r.MemberName, OrgID: r.OrgID, OrgName: r.OrgName,
				OrgPath: r.OrgPath, LastBilledMonth: r.LastMonth, UnpaidMonths: []string{}})
			desc = desc[:0]
		}
		m := &out[len(out)-1]
		m.UnpaidMonths = append(m.UnpaidMonths, r.Month)
		m.UnpaidFen += r.OwedFen
		desc = append(desc, r.Month)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y ArrearsMember) int {
		switch {
		case x.Flagged != y.Flagged:
			if x.Flagged {
				return -1
			}
			return 1
		case x.Consecutive != y.Consecutive:
			return y.Consecutive - x.Consecutive
		case len(x.UnpaidMonths) != len(y.UnpaidMonths):
			return len(y.UnpaidMonths) - len(x.UnpaidMonths)
		}
		return 0 // the store's order: organisation, then name
	})
	return out, nil
}

// MyArrears is the caller's own arrears (their member record's unpaid bills of past months),
// nil when they owe nothing or have no member record. Who: anyone signed in, for themself.
func (s *Service) MyArrears(ctx context.Context, a *auth.Actor) (*ArrearsMember, error) {
	if a.MemberID() == 0 {
		return nil, nil
	}
	list, err := s.arrearsOf(ctx, s.DB.Read(), "/", a.MemberID(), s.DefaultThrough())
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// NoteInput records a decision about a member in arrears.
type NoteInput struct {
	MemberID int64
	Decision string // one of Decisions
	Note     string // required for DecisionNote and DecisionGoodReason
}

// RecordNote records what the branch decided or did about a member in arrears, with the
// member's consecutive unpaid months at the time; audited. It changes no bill and no
// standing: the self-withdrawal procedure itself is the branch's (and the member service's).
// Who: dues managers over the member's organisation. Errors: ENotFound (no such member),
// EForbidden (a member the caller does not manage dues of: API.md, a write outside the scope
// is 403), EConflict (the member has left the roster), EInvalid (decision, note).
func (s *Service) RecordNote(ctx context.Context, a *auth.Actor, in NoteInput) (*Note, error) {
	in.Decision, in.Note = strings.TrimSpace(in.Decision), strings.TrimSpace(in.Note)
	var out *Note
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := q.Member(ctx, in.MemberID)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("member")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.DuesManage, m.OrgPath) {
			return domain.Forbidden()
		}
		if m.HasLeft() {
			return domain.Errorf(domain.EConflict, "err.member.left")
		}
		v := &domain.Validation{}
		if !slices.Contains(Decisions, in.Decision) {
			v.Add("decision", "err.choice")
		}
		switch {
		case in.Note == "" && (in.Decision == DecisionNote || in.Decision == DecisionGoodReason):
			v.Add("note", "err.required")
		case utf8.RuneCountInString(in.Note) > maxNote:
			v.Add("note", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		streak := 0
		if list, err := s.arrearsOf(ctx, q, "/", m.ID, s.DefaultThrough()); err != nil {
			return err
		} else if len(list) > 0 {
			streak = list[0].Consecutive
		}
		n := &store.DuesArrearsNote{MemberID: m.ID, OrgID: m.OrgID, OrgPath: m.OrgPath, Decision: in.Decision, Note: in.Note,
			Streak: streak, CreatedBy: a.UserID(), CreatedByName: a.Name()}
		if err := q.InsertDuesArrearsNote(ctx, n); err != nil {
			return err
		}
		out = noteOf(n)
		return audit.Record(ctx, q, a, "dues.arrears_note", "member", m.ID, m.OrgPath, nil,
			map[string]any{"note_id": n.ID, "decision": n.Decision, "note": n.Note, "consecutive_months": streak})
	})
	return out, err
}

// Notes lists what was recorded about a member, newest first. Who: dues readers of the
// member's organisation. Errors: ENotFound.
func (s *Service) Notes(ctx context.Context, a *auth.Actor, memberID int64) ([]Note, error) {
	q := s.DB.Read()
	m, err := q.Member(ctx, memberID)
	if errors.Is(err, store.ErrNoRows) || (err == nil && !a.Can(auth.DuesRead, m.OrgPath)) {
		return nil, domain.NotFound("member")
	}
	if err != nil {
		return nil, err
	}
	list, err := q.DuesArrearsNotes(ctx, memberID)
	if err != nil {
		return nil, err
	}
	out := make([]Note, len(list))
	for i := range list {
		out[i] = *noteOf(&list[i])
	}
	return out, nil
}
