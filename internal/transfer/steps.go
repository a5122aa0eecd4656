package transfer

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/pdf"
	"dangjian/internal/store"
)

// StepInput carries the day of a step and, for a rejection, the reason.
type StepInput struct {
	On     string // YYYY-MM-DD; empty: today
	Reason string
}

// side says which end of a transfer may take a step.
type side int

const (
	receiver side = 1 << iota
	sender
)

// load locks a transfer for a step that the ends in who may take. ENotFound only when there
// is no such transfer; an actor with member.write at one of those ends gets it. A transfer
// with none of those ends in the system (accepting a letter sent outside) cannot take the
// step at all: that is its state, EConflict, for whoever may write at either of its ends.
// Everyone else gets EForbidden, also when the transfer is outside what they may read
// (API.md: a write outside the caller's scope answers 403).
func load(ctx context.Context, q *store.Q, a *auth.Actor, id int64, who side) (*domain.Transfer, error) {
	t, err := q.Transfer(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("transfer")
	}
	if err != nil {
		return nil, err
	}
	var receiverPath, senderPath string
	if who&receiver != 0 {
		receiverPath = t.ToOrgPath
	}
	if who&sender != 0 {
		senderPath = t.FromOrgPath
	}
	switch {
	case canWrite(a, receiverPath) || canWrite(a, senderPath):
		return t, nil
	case receiverPath == "" && senderPath == "" && (canWrite(a, t.ToOrgPath) || canWrite(a, t.FromOrgPath)):
		return nil, wrongState()
	}
	return nil, domain.Forbidden()
}

// canWrite reports whether the actor writes members at one end of a transfer; an end
// outside the system (path "") is nobody's.
func canWrite(a *auth.Actor, path string) bool {
	return path != "" && a.Can(auth.MemberWrite, path)
}

// day parses a step's day: not in the future and not before notBefore (the letter's issue).
func (s *Service) day(in string, notBefore domain.Date, v *domain.Validation) domain.Date {
	return s.dayAfter(in, notBefore, "err.transfer.before_issue", v)
}

// dayAfter is day with the message key for a day before notBefore; empty means today.
func (s *Service) dayAfter(in string, notBefore domain.Date, beforeKey string, v *domain.Validation) domain.Date {
	d, err := domain.ParseDate(strings.TrimSpace(in))
	switch {
	case err != nil:
		v.Add("on", "err.date")
	case d.IsZero():
		d = s.today()
		if d.Before(notBefore) {
			v.Add("on", beforeKey)
		}
	case d.After(s.today()):
		v.Add("on", "err.date_future")
	case d.Before(notBefore):
		v.Add("on", beforeKey)
	}
	return d
}

func wrongState() error { return domain.Errorf(domain.EConflict, "err.transfer.state") }

// step runs one step of a transfer in a transaction: fn changes t (and the roster), then
// the transfer is saved with a member event and an audit entry.
func (s *Service) step(ctx context.Context, a *auth.Actor, id int64, who side, kind string,
	fn func(q *store.Q, t *domain.Transfer) error) (*domain.Transfer, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		t, err := load(ctx, q, a, id, who)
		if err != nil {
			return err
		}
		before := transferAudit(t)
		if err := fn(q, t); err != nil {
			return err
		}
		if err := q.UpdateTransferState(ctx, t); err != nil {
			return err
		}
		after := transferAudit(t)
		if err := s.Members.EventTx(ctx, q, a, t.MemberID, kind, after); err != nil {
			return err
		}
		path := t.FromOrgPath
		if path == "" {
			path = t.ToOrgPath
		}
		return audit.Record(ctx, q, a, "transfer."+strings.TrimPrefix(kind, "transfer_"), "transfer", t.ID, path, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Accept records that the member reported to the receiving branch, which takes them in:
// the member moves there now (a report after the letter's validity is accepted and shows
// as late in the event). Who: member.write over the receiving branch. Errors: ENotFound
// (no such transfer), EForbidden (not the receiver, also outside the caller's scope),
// EInvalid (on), EConflict (not a pending transfer in the system; for a letter sent
// outside, also to the sender and the admin: nobody in the system receives it).
func (s *Service) Accept(ctx context.Context, a *auth.Actor, id int64, in StepInput) (*domain.Transfer, error) {
	return s.step(ctx, a, id, receiver, "transfer_accepted", func(q *store.Q, t *domain.Transfer) error {
		if t.Kind != domain.TransferSystem || t.Status != domain.TransferPending {
			return wrongState()
		}
		v := &domain.Validation{}
		on := s.day(in.On, t.IssuedOn, v)
		if err := v.Err(); err != nil {
			return err
		}
		late := on.After(t.ExpiresOn)
		if _, err := s.Members.MoveTx(ctx, q, a, t.MemberID, t.ToOrgID, "moved",
			map[string]any{"transfer_id": t.ID, "on": on.String(), "late": late}); err != nil {
			return err
		}
		t.Status, t.ReportedOn = domain.TransferAccepted, on
		return nil
	})
}

// Reject refuses a pending transfer in the system, with a reason; the member stays with
// the sender. Who: member.write over the receiving branch. Errors: ENotFound (no such
// transfer), EForbidden (not the receiver, also outside the caller's scope), EInvalid (on,
// reason), EConflict (not a pending transfer in the system, as for Accept).
func (s *Service) Reject(ctx context.Context, a *auth.Actor, id int64, in StepInput) (*domain.Transfer, error) {
	return s.step(ctx, a, id, receiver, "transfer_rejected", func(q *store.Q, t *domain.Transfer) error {
		if t.Kind != domain.TransferSystem || t.Status != domain.TransferPending {
			return wrongState()
		}
		v := &domain.Validation{}
		on := s.day(in.On, t.IssuedOn, v)
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			v.Add("reason", "err.required")
		} else if utf8.RuneCountInString(reason) > 500 {
			v.Add("reason", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		t.Status, t.RejectedOn, t.RejectReason = domain.TransferRejected, on, reason
		return nil
	})
}

// Receipt records the receipt (回执) that ends the sender's responsibility: in the system
// the receiver returns it after accepting (either end may record it); for a letter to an
// outside organisation the sender records the receipt that came back, which also shows the
// member reported, and the member leaves the roster (transferred_out) from that day, in the
// same transaction; for a letter received from outside the receiver records sending it.
// Who: member.write over either end. Errors: ENotFound (no such transfer), EForbidden
// (also outside the caller's scope), EInvalid (on), EConflict (no receipt due in this
// state).
func (s *Service) Receipt(ctx context.Context, a *auth.Actor, id int64, in StepInput) (*domain.Transfer, error) {
	return s.step(ctx, a, id, receiver|sender, "transfer_receipt", func(q *store.Q, t *domain.Transfer) error {
		v := &domain.Validation{}
		switch {
		case t.Kind == domain.TransferSystem && t.Status == domain.TransferAccepted,
			t.Kind == domain.TransferIn && t.Status == domain.TransferAccepted:
			t.ReceiptOn = s.day(in.On, t.ReportedOn, v)
		case t.Kind == domain.TransferOutside && t.Status == domain.TransferPending:
			t.ReceiptOn = s.day(in.On, t.IssuedOn, v)
			t.ReportedOn = t.ReceiptOn
		default:
			return wrongState()
		}
		if err := v.Err(); err != nil {
			return err
		}
		t.Status = domain.TransferCompleted
		if t.Kind == domain.TransferOutside {
			// The member reported to an organisation outside the system: the sender's
			// responsibility ends here, and the member leaves our roster from that day.
			err := s.Members.LeaveTx(ctx, q, a, t.MemberID, domain.LeftTransferredOut, t.ReceiptOn,
				map[string]any{"transfer_id": t.ID, "to_external_name": t.ToExternalName})
			if domain.ErrorCode(err) == domain.EConflict {
				return nil // left already (a death recorded meanwhile): the receipt still closes the transfer
			}
			return err
		}
		return nil
	})
}

// IncomingInput registers a letter received from an organisation outside the system: the
// member's particulars (as for a new member; org_id is the receiving branch) and the letter.
type IncomingInput struct {
	Member           member.Input
	FromExternalName string
	LetterNo         string
	IssuedOn         string
	ValidDays        int
	DuesPaidThrough  string
	ReportedOn       string // the day the member reported; empty: today
	Reason           string
}

// Incoming takes in a member transferred from outside: the member joins the roster of the
// receiving branch and the transfer waits for the receipt to be sent back.
// Who: member.write over the receiving branch. Errors: EForbidden, EInvalid (member fields,
// from_external_name, issued_on, valid_days, dues_paid_through, reported_on), EConflict
// (the ID number is on the roster).
func (s *Service) Incoming(ctx context.Context, a *auth.Actor, in IncomingInput) (*domain.Transfer, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden()
	}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		v := &domain.Validation{}
		t := &domain.Transfer{Kind: domain.TransferIn, Status: domain.TransferAccepted,
			FromExternalName: strings.TrimSpace(in.FromExternalName), LetterNo: strings.TrimSpace(in.LetterNo),
			DuesPaidThrough: strings.TrimSpace(in.DuesPaidThrough), Reason: strings.TrimSpace(in.Reason)}
		if t.FromExternalName == "" {
			v.Add("from_external_name", "err.required")
		} else if utf8.RuneCountInString(t.FromExternalName) > 100 {
			v.Add("from_external_name", "err.too_long")
		}
		if utf8.RuneCountInString(t.LetterNo) > 50 {
			v.Add("letter_no", "err.too_long")
		}
		if utf8.RuneCountInString(t.Reason) > 500 {
			v.Add("reason", "err.too_long")
		}
		if problem := domain.CheckMonth(t.DuesPaidThrough); problem != "" {
			v.Add("dues_paid_through", problem)
		}
		issued, err := domain.ParseDate(strings.TrimSpace(in.IssuedOn))
		switch {
		case err != nil:
			v.Add("issued_on", "err.date")
		case issued.IsZero():
			v.Add("issued_on", "err.required")
		case issued.After(s.today()):
			v.Add("issued_on", "err.date_future")
		}
		t.IssuedOn = issued
		t.ReportedOn = s.day(in.ReportedOn, issued, v)
		r, err := rules(ctx, q, "", s.today())
		if err != nil {
			return err
		}
		t.ValidDays = in.ValidDays
		if t.ValidDays == 0 {
			t.ValidDays = r.ValidDaysDefault
		}
		if problem := r.CheckValidDays(t.ValidDays); problem != "" {
			v.Add("valid_days", problem)
		}
		t.ExpiresOn = domain.LetterExpiry(t.IssuedOn, t.ValidDays)
		if err := v.Err(); err != nil {
			return err
		}
		cat := in.Member
		m, err := s.Members.CreateTx(ctx, q, a, cat, "transfer_in", map[string]any{
			"from_external_name": t.FromExternalName, "letter_no": t.LetterNo, "reported_on": t.ReportedOn.String()})
		if err != nil {
			return err
		}
		t.MemberID, t.MemberName, t.ToOrgID, t.ToOrgPath = m.ID, m.Name, m.OrgID, m.OrgPath
		t.Particulars = domain.TransferParticulars{Name: m.Name, Gender: m.Gender, BirthDate: m.BirthDate,
			Ethnicity: m.Ethnicity, Category: m.Category, IDMasked: m.IDNumberMasked, JoinedOn: m.JoinedOn,
			FullOn: m.FullMemberOn, Education: m.Education, PhoneMasked: m.PhoneMasked}
		if err := q.InsertTransfer(ctx, t); err != nil {
			return err
		}
		id = t.ID
		return audit.Record(ctx, q, a, "transfer.incoming", "transfer", t.ID, m.OrgPath, nil, transferAudit(t))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Letter renders the transfer letter (存根, 介绍信, 回执) as a PDF. The letter states the
// member's ID number in full, so printing it counts as a reveal and is audited.
// Who: member.reveal over the sending branch. Errors: ENotFound (no such transfer, or one
// the caller may not read: printing is a read), EConflict (an internal transfer or one
// received from outside has no letter of ours; checked before the reveal right, since every
// reader of the transfer sees its kind), EForbidden (no reveal right over the sender).
func (s *Service) Letter(ctx context.Context, a *auth.Actor, id int64) ([]byte, error) {
	var letter pdf.TransferLetter
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		t, err := q.Transfer(ctx, id)
		if err == sql.ErrNoRows || (err == nil && !canRead(a, t)) {
			return domain.NotFound("transfer")
		}
		if err != nil {
			return err
		}
		if t.Kind != domain.TransferSystem && t.Kind != domain.TransferOutside {
			return wrongState()
		}
		if t.FromOrgPath == "" || !a.Can(auth.MemberReveal, t.FromOrgPath) {
			return domain.Forbidden()
		}
		m, err := q.Member(ctx, t.MemberID)
		if err != nil {
			return err
		}
		idNumber, err := s.Members.Box.Open(m.IDNumberEnc)
		if err != nil {
			return err
		}
		p := t.Particulars
		to := t.ToExternalName
		if t.Kind == domain.TransferSystem {
			to = t.ToOrgName
		}
		letter = pdf.TransferLetter{LetterNo: t.LetterNo, Name: p.Name, Gender: p.Gender,
			Age: p.BirthDate.YearsSince(t.IssuedOn), Ethnicity: p.Ethnicity, Category: p.Category, IDNumber: idNumber,
			FromOrg: t.FromOrgName, ToOrg: to, DuesPaidThrough: t.DuesPaidThrough, ValidDays: t.ValidDays,
			IssuedOn: t.IssuedOn, ExpiresOn: t.ExpiresOn}
		return audit.Record(ctx, q, a, "transfer.letter", "transfer", t.ID, t.FromOrgPath, nil,
			map[string]any{"member_id": t.MemberID, "letter_no": t.LetterNo, "reveals": "id_number"})
	})
	if err != nil {
		return nil, err
	}
	return letter.Render()
}
