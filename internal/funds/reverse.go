package funds

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// ReverseInput corrects an entry: the reversing entry is dated Date (empty: today; not before
// the entry it reverses) and says why.
type ReverseInput struct {
	Reason string
	Date   string
}

// Reverse posts the reversing entry of a posted income or approved spending entry: the same
// kind and category with the negated amount, so the ledger keeps both and the balance is as if
// the entry had not been. An entry is reversed once; a reversal is not reversed (post the
// entry again instead); a voluntary payment remitted upward is reversed only after its
// remittance. Who: funds.manage over the organisation. Errors: ENotFound, EForbidden,
// EInvalid (reason, date), EConflict (not counted, reversed already, a reversal, remitted,
// the year is closed), EInsufficientBalance (reversing income the pool has spent).
func (s *Service) Reverse(ctx context.Context, a *auth.Actor, id int64, in ReverseInput) (*domain.FundEntry, error) {
	v := &domain.Validation{}
	reason := textOK(v, "reason", in.Reason, 200, true)
	day := s.parseDay(v, "date", in.Date)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.postAgainst(ctx, a, id, againstEntry{action: "funds.entry.reverse", day: day, withBefore: true,
		refuse: func(e *domain.FundEntry) error {
			switch {
			case e.ReversesID != 0:
				return conflict("err.funds.reversal")
			case !e.Counts():
				return conflict("err.funds.not_counted")
			case e.ReversedByID != 0:
				return conflict("err.funds.reversed")
			case e.RemittedByID != 0:
				return conflict("err.funds.remitted")
			}
			return nil
		},
		build: func(e *domain.FundEntry, o *domain.Org) *domain.FundEntry {
			rev := &domain.FundEntry{OrgID: o.ID, OrgName: o.Name, Kind: e.Kind, Category: e.Category, CategoryName: e.CategoryName,
				AmountFen: -e.AmountFen, BaseFen: -e.BaseFen, Date: day, Description: reason, MemberID: e.MemberID,
				PayerName: e.PayerName, Status: e.Status, ReversesID: e.ID, DuesMonth: e.DuesMonth,
				CreatedBy: a.UserID(), CreatedByName: a.Name()}
			if rev.Kind == domain.FundSpending {
				rev.DecidedBy, rev.DecidedByName, rev.DecidedAt = a.UserID(), a.Name(), s.Now()
			}
			return rev
		}})
}

// RemitInput records the remittance upward of a voluntary payment: when it left (empty:
// today; not before the payment) and a note (the receipt number, say).
type RemitInput struct {
	Date string
	Note string
}

// Remit records that a voluntary payment marked for remittance was remitted upward in full:
// a spending entry of purpose remittance for the whole amount, approved at once (remitting is
// what the rule requires, not a choice), linked to the payment. Who: funds.manage over the
// organisation. Errors: ENotFound, EForbidden, EInvalid (date, note), EConflict (not marked
// for remittance, reversed, remitted already, the year is closed), EInsufficientBalance.
func (s *Service) Remit(ctx context.Context, a *auth.Actor, id int64, in RemitInput) (*domain.FundEntry, error) {
	v := &domain.Validation{}
	note := textOK(v, "note", in.Note, 200, false)
	day := s.parseDay(v, "date", in.Date)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.postAgainst(ctx, a, id, againstEntry{action: "funds.voluntary.remit", day: day,
		refuse: func(e *domain.FundEntry) error {
			switch {
			case e.RemittedByID != 0:
				return conflict("err.funds.remitted")
			case !e.ToRemit():
				return conflict("err.funds.not_to_remit")
			}
			return nil
		},
		build: func(e *domain.FundEntry, o *domain.Org) *domain.FundEntry {
			desc := "上缴自愿多交党费（" + e.PayerName + "）"
			if note != "" {
				desc += "：" + note
			}
			return &domain.FundEntry{OrgID: o.ID, OrgName: o.Name, Kind: domain.FundSpending, Category: domain.FundPurposeRemittance,
				AmountFen: e.AmountFen, Date: day, Description: strings.TrimSpace(desc), MemberID: e.MemberID, PayerName: e.PayerName,
				Status: domain.FundApproved, RemitsID: e.ID, CreatedBy: a.UserID(), CreatedByName: a.Name(),
				DecidedBy: a.UserID(), DecidedByName: a.Name(), DecidedAt: s.Now()}
		}})
}

// AddAttachment stores an invoice, receipt or photo of an entry. Files are added at any time
// (an invoice often comes later) and never changed or removed. Who: funds.manage over the
// organisation. Errors: ENotFound, EForbidden, EInvalid (file: empty, too large, no name, too
// many).
func (s *Service) AddAttachment(ctx context.Context, a *auth.Actor, id int64, f File) (*domain.FundAttachment, error) {
	v := &domain.Validation{}
	checkFiles(v, []File{f})
	if err := v.Err(); err != nil {
		return nil, renameField(err, "file")
	}
	att := &domain.FundAttachment{EntryID: id, FileName: strings.TrimSpace(f.Name), ContentType: contentType(f.ContentType), CreatedBy: a.Name()}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		_, o, err := entryForWrite(ctx, q, a, id, auth.FundsManage)
		if err != nil {
			return err
		}
		if _, err := q.LockFundAccount(ctx, o.ID); err != nil {
			return err
		}
		n, err := q.CountFundAttachments(ctx, id)
		if err != nil {
			return err
		}
		if n >= domain.MaxFundAttachments {
			return invalid("file", "err.funds.file_count")
		}
		if err := q.InsertFundAttachment(ctx, att, f.Content); err != nil {
			return err
		}
		return record(ctx, q, a, "funds.entry.attach", o, id, nil, struct {
			FileName string `json:"file_name"`
			Size     int    `json:"size"`
		}{att.FileName, att.Size})
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// renameField moves the problems of "files" to field (a single upload names its part).
func renameField(err error, field string) error {
	if e, ok := domain.AsError(err); ok && e.Fields != nil {
		if k, ok := e.Fields["files"]; ok {
			return invalid(field, k)
		}
	}
	return err
}

// Attachment returns one file of an entry with its content. Who: readers of the entry's
// organisation. Errors: ENotFound (also outside the scope).
func (s *Service) Attachment(ctx context.Context, a *auth.Actor, id, fileID int64) (*domain.FundAttachment, []byte, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, nil, err
	}
	f, content, err := s.DB.Read().FundAttachment(ctx, id, fileID)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil, domain.NotFound("fund_attachment")
	}
	return f, content, err
}
