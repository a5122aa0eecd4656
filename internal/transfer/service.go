// Package transfer owns transfers of members' formal relationship (组织关系转接) with their
// letters, and the floating-member registers (流动党员).
package transfer

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/duesstats"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// Service is the transfer capability. It changes the roster through the member service's
// transaction helpers, so a move, its member event and the transfer row commit together.
type Service struct {
	DB      *store.DB
	Members *member.Service
	Now     func() time.Time
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB, members *member.Service) *Service {
	return &Service{DB: db, Members: members, Now: time.Now}
}

// RuleKey is the rule row holding domain.TransferRules.
const RuleKey = "transfer.rules"

var shanghai = domain.Shanghai

func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// rules returns the transfer rules in force for the organisation on a day; keys missing from
// the rule row keep their shipped values.
func rules(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (domain.TransferRules, error) {
	r := domain.DefaultTransferRules
	_, err := q.Rule(ctx, RuleKey, orgPath, on, &r)
	return r, err
}

// grassroots returns the id of the grassroots committee an organisation belongs to: the
// nearest committee above it, or failing that the nearest organisation above it that is not
// a branch. Transfers inside one grassroots committee are internal moves.
func grassroots(ctx context.Context, q *store.Q, o *domain.Org) (int64, error) {
	ids := domain.PathIDs(o.Path)
	orgs, err := q.OrgsByIDs(ctx, ids)
	if err != nil {
		return 0, err
	}
	var fallback int64
	for i := len(ids) - 2; i >= 0; i-- {
		above := orgs[ids[i]]
		if above == nil {
			continue
		}
		if above.Type == domain.OrgCommittee {
			return above.ID, nil
		}
		if fallback == 0 && !above.Type.IsBranch() {
			fallback = above.ID
		}
	}
	return fallback, nil
}

// CreateInput starts a transfer out (API.md: member_id, to_org_id | to_external_name,
// reason, dues_paid_through, valid_days).
type CreateInput struct {
	MemberID        int64
	ToOrgID         int64
	ToExternalName  string
	Reason          string
	DuesPaidThrough string // YYYY-MM; empty: the month the member's dues bills are paid through
	ValidDays       int    // 0: the rule's default
	IssuedOn        string // YYYY-MM-DD; empty: today
	LetterNo        string // empty: generated
}

// Create transfers a member out of their branch. To a branch of the same grassroots
// committee it is an internal transfer: the member moves at once (the actor needs
// member.write over both branches). To another organisation in the system, or to one
// outside it, a letter is issued and the transfer is pending until the receiver accepts or
// rejects it (in the system) or the receipt comes back (outside).
// Who: member.write over the member's branch. Errors: ENotFound (no such member),
// EForbidden (also a member outside the caller's scope), EInvalid (to_org_id, to_external_name, reason, dues_paid_through, valid_days, issued_on),
// EConflict (a transfer is already pending, or the member is expelled or has left the
// roster).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in CreateInput) (*domain.Transfer, error) {
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := writableMember(ctx, q, a, in.MemberID)
		if err != nil {
			return err
		}
		if m.Standing == domain.StandingExpelled {
			return domain.Errorf(domain.EConflict, "err.transfer.expelled")
		}
		if m.HasLeft() {
			return member.ErrLeft()
		}
		if open, err := q.OpenTransferOf(ctx, m.ID); err != nil || open != 0 {
			if err != nil {
				return err
			}
			return domain.Errorf(domain.EConflict, "err.transfer.pending_exists")
		}
		t, err := s.newTransfer(ctx, q, m, in)
		if err != nil {
			return err
		}
		if t.Kind == domain.TransferInternal {
			if _, err := s.Members.MoveTx(ctx, q, a, m.ID, t.ToOrgID, "transfer_internal",
				map[string]any{"reason": t.Reason, "on": t.IssuedOn.String()}); err != nil {
				return err
			}
		}
		if err := q.InsertTransfer(ctx, t); err != nil {
			return err
		}
		id = t.ID
		if t.LetterNo == "" && t.Kind != domain.TransferInternal {
			t.LetterNo = fmt.Sprintf("%d%06d", t.IssuedOn.Time().Year(), t.ID)
			if err := q.UpdateTransferState(ctx, t); err != nil {
				return err
			}
		}
		data := transferAudit(t)
		if t.Kind != domain.TransferInternal { // the move wrote its own event
			if err := s.Members.EventTx(ctx, q, a, m.ID, "transfer_out", data); err != nil {
				return err
			}
		}
		return audit.Record(ctx, q, a, "transfer.create", "transfer", t.ID, m.OrgPath, nil, data)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// newTransfer validates the input and builds the row (not yet stored).
func (s *Service) newTransfer(ctx context.Context, q *store.Q, m *store.MemberRecord, in CreateInput) (*domain.Transfer, error) {
	today := s.today()
	v := &domain.Validation{}
	t := &domain.Transfer{MemberID: m.ID, MemberName: m.Name, FromOrgID: m.OrgID, FromOrgPath: m.OrgPath,
		FromOrgName: m.OrgName, Status: domain.TransferPending, LetterNo: strings.TrimSpace(in.LetterNo),
		Reason: strings.TrimSpace(in.Reason), ToExternalName: strings.TrimSpace(in.ToExternalName),
		DuesPaidThrough: strings.TrimSpace(in.DuesPaidThrough)}
	t.Particulars = domain.TransferParticulars{Name: m.Name, Gender: m.Gender, BirthDate: m.BirthDate,
		Ethnicity: m.Ethnicity, Category: m.Category, IDMasked: m.IDNumberMasked, JoinedOn: m.JoinedOn,
		FullOn: m.FullMemberOn, Education: m.Education, PhoneMasked: m.PhoneMasked}
	issued, err := domain.ParseDate(strings.TrimSpace(in.IssuedOn))
	switch {
	case err != nil:
		v.Add("issued_on", "err.date")
	case issued.IsZero():
		issued = today
	case issued.After(today):
		v.Add("issued_on", "err.date_future")
	}
	t.IssuedOn = issued
	text := func(field, value string, max int, required bool) {
		if required && value == "" {
			v.Add(field, "err.required")
		} else if utf8.RuneCountInString(value) > max {
			v.Add(field, "err.too_long")
		}
	}
	text("reason", t.Reason, 500, true)
	text("letter_no", t.LetterNo, 50, false)
	switch {
	case (in.ToOrgID == 0) == (t.ToExternalName == ""):
		v.Add("to_org_id", "err.transfer.one_destination")
	case in.ToOrgID != 0:
		to, err := q.Org(ctx, in.ToOrgID)
		switch {
		case err == sql.ErrNoRows:
			v.Add("to_org_id", "err.org.unknown")
		case err != nil:
			return nil, err
		case !to.Type.IsBranch():
			v.Add("to_org_id", "err.member.org_not_branch")
		case to.ID == m.OrgID:
			v.Add("to_org_id", "err.transfer.same_org")
		default:
			t.ToOrgID, t.ToOrgName, t.ToOrgPath = to.ID, to.Name, to.Path
			from, err := q.Org(ctx, m.OrgID)
			if err != nil {
				return nil, err
			}
			gFrom, err := grassroots(ctx, q, from)
			if err != nil {
				return nil, err
			}
			gTo, err := grassroots(ctx, q, to)
			if err != nil {
				return nil, err
			}
			t.Kind = domain.TransferSystem
			if gFrom != 0 && gFrom == gTo {
				t.Kind = domain.TransferInternal
			}
		}
	default:
		text("to_external_name", t.ToExternalName, 100, true)
		t.Kind = domain.TransferOutside
	}
	if t.Kind == domain.TransferInternal {
		// No letter: the member moves now, and the transfer is done.
		t.Status, t.ReportedOn, t.ReceiptOn, t.DuesPaidThrough = domain.TransferCompleted, t.IssuedOn, t.IssuedOn, ""
		return t, v.Err()
	}
	if t.DuesPaidThrough == "" {
		// Not stated: the month the member's dues bills are paid through, when they show one.
		if t.DuesPaidThrough, err = duesstats.PaidThrough(ctx, q, m.ID); err != nil {
			return nil, err
		}
	}
	if problem := domain.CheckMonth(t.DuesPaidThrough); problem != "" {
		v.Add("dues_paid_through", problem)
	}
	r, err := rules(ctx, q, m.OrgPath, today)
	if err != nil {
		return nil, err
	}
	t.ValidDays = in.ValidDays
	if t.ValidDays == 0 {
		t.ValidDays = r.ValidDaysDefault
	}
	if problem := r.CheckValidDays(t.ValidDays); problem != "" {
		v.Add("valid_days", problem)
	}
	t.ExpiresOn = domain.LetterExpiry(t.IssuedOn, t.ValidDays)
	return t, v.Err()
}

func transferAudit(t *domain.Transfer) map[string]any {
	return map[string]any{"transfer_id": t.ID, "kind": t.Kind, "status": t.Status, "from_org_id": t.FromOrgID,
		"from_external_name": t.FromExternalName, "to_org_id": t.ToOrgID, "to_external_name": t.ToExternalName,
		"reason": t.Reason, "dues_paid_through": t.DuesPaidThrough, "valid_days": t.ValidDays,
		"issued_on": t.IssuedOn.String(), "expires_on": t.ExpiresOn.String(), "reported_on": t.ReportedOn.String(),
		"receipt_on": t.ReceiptOn.String(), "rejected_on": t.RejectedOn.String(), "reject_reason": t.RejectReason,
		"letter_no": t.LetterNo}
}

// writableMember loads the member a transfer or an out-flow entry is about: ENotFound only
// when there is no such member, EForbidden when the member is outside the actor's
// member.write scope, readable or not (API.md: a write outside the scope answers 403).
func writableMember(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*store.MemberRecord, error) {
	m, err := q.Member(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("member")
	}
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.MemberWrite, m.OrgPath) {
		return nil, domain.Forbidden()
	}
	return m, nil
}

// canRead reports whether the actor reads a transfer: from either end.
func canRead(a *auth.Actor, t *domain.Transfer) bool {
	return (t.FromOrgPath != "" && a.Can(auth.MemberRead, t.FromOrgPath)) ||
		(t.ToOrgPath != "" && a.Can(auth.MemberRead, t.ToOrgPath))
}

// Get returns a transfer with its flags as of today. Who: readers of the sending or the
// receiving organisation. Errors: ENotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*domain.Transfer, error) {
	t, err := s.DB.Read().Transfer(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !canRead(a, t)) {
		return nil, domain.NotFound("transfer")
	}
	if err != nil {
		return nil, err
	}
	t.Flag(s.today())
	return t, nil
}

// Filter selects transfers for List.
type Filter struct {
	OrgID       int64 // transfers from or to this org's subtree; 0: the caller's whole scope
	MemberID    int64
	Statuses    []string
	FlaggedOnly bool // only overdue letters and missing receipts
	AfterID     int64
	Limit       int // default 50, max 500
}

// List returns transfers in id order with their flags as of today. Who: readers.
// Errors: ENotFound (org out of scope).
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]domain.Transfer, int64, error) {
	q := s.DB.Read()
	sf := store.TransferFilter{Scopes: a.Scopes(auth.MemberRead), MemberID: f.MemberID, Statuses: f.Statuses, AfterID: f.AfterID}
	if f.OrgID != 0 {
		o, err := q.Org(ctx, f.OrgID)
		if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, o.Path)) {
			return nil, 0, domain.NotFound("org")
		}
		if err != nil {
			return nil, 0, err
		}
		sf.Under = o.Path
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if !f.FlaggedOnly {
		sf.Limit = limit + 1
	}
	list, err := q.Transfers(ctx, sf)
	if err != nil {
		return nil, 0, err
	}
	today := s.today()
	out := []domain.Transfer{}
	var next int64
	for _, t := range list {
		t.Flag(today)
		if f.FlaggedOnly && !t.LetterOverdue && !t.ReceiptMissing {
			continue
		}
		if len(out) == limit {
			next = out[limit-1].ID
			break
		}
		out = append(out, t)
	}
	return out, next, nil
}
