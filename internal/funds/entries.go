package funds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// File is an uploaded invoice, receipt or photo.
type File struct {
	Name        string
	ContentType string
	Content     []byte
}

// EntryInput records income (Source) or files a spending request (Purpose).
type EntryInput struct {
	OrgID     int64  `json:"org_id"`
	Kind      string `json:"kind"`
	Source    string `json:"source"`
	Purpose   string `json:"purpose"`
	AmountFen int64  `json:"amount_fen"`
	// BaseFen is the base of a share source (the staff-education funds): the amount is then
	// its share, and AmountFen may be left 0 (given, it must agree).
	BaseFen     int64  `json:"base_fen"`
	Date        string `json:"date"` // YYYY-MM-DD; empty is today in China
	Description string `json:"description"`
	// The payer of voluntary dues: a member of the organisation, or a name.
	PayerMemberID int64  `json:"payer_member_id"`
	PayerName     string `json:"payer_name"`
	Files         []File `json:"-"`
	// IdempotencyKey (the request header) makes retries safe: the same key with the same
	// input returns the first entry, with another input EConflict.
	IdempotencyKey string `json:"-"`
}

// Result is a created entry; Replayed says an Idempotency-Key returned the first one.
type Result struct {
	Entry    *domain.FundEntry
	Replayed bool
}

const scopeCreate = "funds.entries.create"

// requestHash is the digest of an input with its files (their contents by hash).
func requestHash(in EntryInput) string {
	files := make([]string, len(in.Files))
	for i, f := range in.Files {
		h := sha256.Sum256(f.Content)
		files[i] = f.Name + "|" + f.ContentType + "|" + hex.EncodeToString(h[:])
	}
	return store.RequestHash(struct {
		In    EntryInput `json:"in"`
		Files []string   `json:"files"`
	}{in, files})
}

func checkFiles(v *domain.Validation, files []File) {
	if len(files) > domain.MaxFundAttachments {
		v.Add("files", "err.funds.file_count")
	}
	for _, f := range files {
		name := strings.TrimSpace(f.Name)
		switch {
		case len(f.Content) == 0:
			v.Add("files", "err.funds.file_empty")
		case len(f.Content) > domain.MaxFundAttachmentSize:
			v.Add("files", "err.funds.file_size")
		case name == "" || len(name) > 200:
			v.Add("files", "err.funds.file_name")
		}
	}
}

// Create records income (posted at once, in the balance) or files a spending request
// (submitted; it counts once approved), with its files. A voluntary payment at or above the
// threshold in force on its date is marked to be remitted upward in full.
// Who: funds.manage over the organisation. Errors: ENotFound (org), EForbidden, EInvalid
// (kind, source, purpose, amount_fen, base_fen, date, description, payer_member_id,
// payer_name, files), EConflict (the year is closed; an Idempotency-Key reused with another
// input).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in EntryInput) (*Result, error) {
	if len(a.Scopes(auth.FundsManage)) == 0 {
		return nil, domain.Forbidden()
	}
	v := &domain.Validation{}
	e := &domain.FundEntry{OrgID: in.OrgID, Kind: in.Kind, AmountFen: in.AmountFen, BaseFen: in.BaseFen,
		CreatedBy: a.UserID(), CreatedByName: a.Name()}
	switch in.Kind {
	case domain.FundIncome:
		e.Category, e.Status = strings.TrimSpace(in.Source), domain.FundPosted
		if e.Category == "" {
			v.Add("source", "err.required")
		}
	case domain.FundSpending:
		e.Category, e.Status = strings.TrimSpace(in.Purpose), domain.FundSubmitted
		if e.Category == "" {
			v.Add("purpose", "err.required")
		}
	default:
		v.Add("kind", "err.choice")
	}
	e.Date = s.parseDay(v, "date", in.Date)
	e.Description = textOK(v, "description", in.Description, 500, true)
	e.PayerName = textOK(v, "payer_name", in.PayerName, 50, false)
	if in.BaseFen < 0 || in.BaseFen > domain.MaxFundAmount {
		v.Add("base_fen", "err.funds.amount")
	}
	if in.AmountFen < 0 || in.AmountFen > domain.MaxFundAmount || in.AmountFen == 0 && in.BaseFen == 0 {
		v.Add("amount_fen", "err.funds.amount")
	}
	checkFiles(v, in.Files)
	if in.IdempotencyKey != "" && len(in.IdempotencyKey) > 200 {
		v.Add("idempotency_key", "err.too_long")
	}
	out := &Result{}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		run := func() (store.IdempotentResponse, error) {
			if err := s.create(ctx, q, a, in, e, v); err != nil {
				return store.IdempotentResponse{}, err
			}
			body, err := json.Marshal(map[string]int64{"entry_id": e.ID})
			return store.IdempotentResponse{Status: 201, Body: body}, err
		}
		if in.IdempotencyKey == "" {
			_, err := run()
			return err
		}
		resp, replay, err := q.Idempotent(ctx, store.IdempotencyRequest{UserID: a.UserID(), Scope: scopeCreate,
			Key: in.IdempotencyKey, Hash: requestHash(in)}, run)
		if err != nil || !replay {
			return err
		}
		var first struct {
			EntryID int64 `json:"entry_id"`
		}
		if err := json.Unmarshal(resp.Body, &first); err != nil {
			return err
		}
		out.Replayed = true
		e.ID = first.EntryID
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Entry, err = s.DB.Read().FundEntry(ctx, e.ID)
	return out, err
}

// create checks what needs the database and posts the entry, inside the transaction.
func (s *Service) create(ctx context.Context, q *store.Q, a *auth.Actor, in EntryInput, e *domain.FundEntry, v *domain.Validation) error {
	o, err := orgForWrite(ctx, q, a, in.OrgID, auth.FundsManage)
	if err != nil {
		return err
	}
	e.OrgName = o.Name
	if !e.Date.IsZero() && e.Category != "" {
		rules, err := rulesAt(ctx, q, o.Path, e.Date)
		if err != nil {
			return err
		}
		list, field := rules.Sources, "source"
		if e.Kind == domain.FundSpending {
			list, field = rules.Purposes, "purpose"
		}
		c, ok := domain.FindFundCategory(list, e.Category)
		switch {
		case !ok || e.Category == domain.FundPurposeRemittance:
			v.Add(field, "err.funds.category")
		case c.SharePercent > 0 && in.BaseFen > 0:
			share := domain.ShareOf(in.BaseFen, c.SharePercent)
			if in.AmountFen != 0 && in.AmountFen != share {
				v.Add("amount_fen", "err.funds.share_mismatch")
			}
			e.AmountFen = share
		case in.BaseFen > 0:
			v.Add("base_fen", "err.funds.base_not_share")
		}
		e.CategoryName = c.Name
		if e.Kind == domain.FundIncome && e.Category == domain.FundSourceVoluntary {
			e.RemitRequired = rules.Remit.MustRemit(e.AmountFen)
		}
	}
	if e.AmountFen <= 0 && !v.Has("amount_fen") && !v.Has("base_fen") {
		v.Add("amount_fen", "err.funds.amount")
	}
	if in.PayerMemberID != 0 {
		m, err := q.Member(ctx, in.PayerMemberID)
		switch {
		case errors.Is(err, store.ErrNoRows):
			v.Add("payer_member_id", "err.funds.payer")
		case err != nil:
			return err
		case !domain.InSubtree(m.OrgPath, o.Path):
			v.Add("payer_member_id", "err.funds.payer")
		default:
			e.MemberID, e.PayerName = m.ID, m.Name
		}
	}
	if e.Category == domain.FundSourceVoluntary && e.MemberID == 0 && e.PayerName == "" {
		v.Add("payer_name", "err.required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := q.LockFundAccount(ctx, o.ID); err != nil {
		return err
	}
	if err := closedCheck(ctx, q, o.ID, e.Date); err != nil {
		return err
	}
	if err := q.InsertFundEntry(ctx, e); err != nil {
		return err
	}
	for _, f := range in.Files {
		att := &domain.FundAttachment{EntryID: e.ID, FileName: strings.TrimSpace(f.Name), ContentType: contentType(f.ContentType),
			CreatedBy: a.Name()}
		if err := q.InsertFundAttachment(ctx, att, f.Content); err != nil {
			return err
		}
	}
	if e.Counts() {
		if err := q.MoveFundAccount(ctx, o.ID, e.Kind, e.AmountFen); err != nil {
			return err
		}
	}
	action := "funds.income.record"
	if e.Kind == domain.FundSpending {
		action = "funds.spending.submit"
	}
	return record(ctx, q, a, action, o, e.ID, nil, auditOf(e))
}

func contentType(ct string) string {
	ct = strings.TrimSpace(ct)
	if ct == "" || len(ct) > 100 {
		return "application/octet-stream"
	}
	return ct
}

// Get returns one entry with its attachments. Who: readers of its organisation.
// Errors: ENotFound (also outside the scope).
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*domain.FundEntry, error) {
	q := s.DB.Read()
	e, err := q.FundEntry(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("fund_entry")
	}
	if err != nil {
		return nil, err
	}
	o, err := loadOrg(ctx, q, e.OrgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.FundsRead, o.Path) {
		return nil, domain.NotFound("fund_entry")
	}
	return e, nil
}

// ListFilter selects entries of one organisation.
type ListFilter struct {
	OrgID    int64
	Year     int // 0: every year
	Kind     string
	Status   string
	Category string
	BeforeID int64
	Limit    int // 1 to 500, default 50
}

// List returns an organisation's entries, newest recorded first. Who: readers of the
// organisation. Errors: ENotFound (org, also outside the scope), EInvalid (kind, status).
func (s *Service) List(ctx context.Context, a *auth.Actor, f ListFilter) ([]domain.FundEntry, error) {
	v := &domain.Validation{}
	if f.Kind != "" && !domain.Contains(domain.FundKinds, f.Kind) {
		v.Add("kind", "err.choice")
	}
	if f.Status != "" && !domain.Contains(domain.FundStatuses, f.Status) {
		v.Add("status", "err.choice")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := s.DB.Read()
	if _, err := orgForRead(ctx, q, a, f.OrgID); err != nil {
		return nil, err
	}
	return q.FundEntries(ctx, store.FundEntryFilter{OrgID: f.OrgID, Year: f.Year, Kind: f.Kind, Status: f.Status,
		Category: f.Category, BeforeID: f.BeforeID, Limit: f.Limit})
}

// Balance returns an organisation's running account. Who: readers of the organisation.
// Errors: ENotFound.
func (s *Service) Balance(ctx context.Context, a *auth.Actor, orgID int64) (store.FundAccount, error) {
	q := s.DB.Read()
	if _, err := orgForRead(ctx, q, a, orgID); err != nil {
		return store.FundAccount{}, err
	}
	return q.FundAccountOf(ctx, orgID)
}

// Rules returns the fund rules in force for an organisation on a day (zero: today).
// Who: readers of the organisation. Errors: ENotFound.
func (s *Service) Rules(ctx context.Context, a *auth.Actor, orgID int64, on domain.Date) (Rules, error) {
	q := s.DB.Read()
	o, err := orgForRead(ctx, q, a, orgID)
	if err != nil {
		return Rules{}, err
	}
	if on.IsZero() {
		on = s.today()
	}
	return rulesAt(ctx, q, o.Path, on)
}
