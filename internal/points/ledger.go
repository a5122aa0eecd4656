package points

import (
	"context"
	"database/sql"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// who is a person named on an entry (awarded by, approved by).
type who struct {
	ID   int64
	Name string
}

func actorWho(a *auth.Actor) who {
	if a == nil {
		return who{Name: "system"}
	}
	return who{ID: a.UserID(), Name: a.Name()}
}

// earning is a movement under an indicator (claim, award, event) before caps.
type earning struct {
	subj       *subject
	ind        *domain.Indicator
	quantity   domain.Points
	occurredOn domain.Date
	source     string
	sourceRef  string
	claimID    int64
	dedupKey   string // explicit key; else the indicator's template; "" for none
	awardedBy  who
	approvedBy who
	note       string
}

// earn books an earning inside the write transaction q: it locks the subject's account,
// returns the existing entry (dup true) when the de-duplication key was used already,
// computes the amount (grade table, welfare duty hours), applies the caps against what the
// subject already has in each period, and posts. Everything a concurrent posting for the
// same subject could change is read after the lock, so caps hold under any concurrency.
func (s *Service) earn(ctx context.Context, q *store.Q, in earning) (e *domain.PointEntry, dup bool, err error) {
	acc, err := q.LockPointAccount(ctx, in.subj.Type, in.subj.ID, in.subj.OrgID, in.subj.OrgPath)
	if err != nil {
		return nil, false, err
	}
	key := in.dedupKey
	if key == "" {
		key = domain.ExpandDedup(in.ind.DedupTemplate, domain.DedupFields{Code: in.ind.Code, SubjectType: in.subj.Type,
			SubjectID: in.subj.ID, On: in.occurredOn, Ref: in.sourceRef})
	}
	if key != "" {
		prev, err := q.PointEntryByDedup(ctx, in.subj.Type, in.subj.ID, key)
		if err == nil {
			return prev, true, nil
		}
		if err != sql.ErrNoRows {
			return nil, false, err
		}
	}
	year := in.ind.Year
	var before, duty domain.Points
	if in.ind.Welfare {
		if before, err = q.QuantityInYear(ctx, in.subj.Type, in.subj.ID, in.ind.SeriesID, year); err != nil {
			return nil, false, err
		}
		rule, err := WelfareRule(ctx, q, in.subj.OrgPath, in.occurredOn)
		if err != nil {
			return nil, false, err
		}
		duty = rule.DutyHours
	}
	requested := in.ind.Amount(in.quantity, before, duty)
	used := map[string]domain.Points{}
	for _, k := range domain.Periods {
		if in.ind.Caps.Get(k) == nil {
			continue
		}
		from, to := domain.PeriodBounds(k, in.occurredOn)
		if used[k], err = q.PointsInPeriod(ctx, in.subj.Type, in.subj.ID, in.ind.SeriesID, from, to); err != nil {
			return nil, false, err
		}
	}
	given, capped := domain.ApplyCaps(in.ind.Caps, requested, used)
	reward := given
	switch {
	case in.ind.AppraisalOnly:
		reward = 0
	case given < 0:
		// A deduction debits the reward balance as far as it goes: the balance never goes
		// negative, and the appraisal score takes the whole deduction.
		reward = -min(acc.RewardBalance, -given)
	}
	e = &domain.PointEntry{Year: year, Category: in.ind.Category, IndicatorID: in.ind.ID, Source: in.source,
		SourceRef: in.sourceRef, ClaimID: in.claimID, DedupKey: key, Quantity: in.quantity, Requested: requested,
		Points: given, Appraisal: given, Reward: reward, Capped: capped, Veto: in.ind.Veto, OccurredOn: in.occurredOn,
		AwardedBy: in.awardedBy.ID, AwardedByName: in.awardedBy.Name, ApprovedBy: in.approvedBy.ID,
		ApprovedByName: in.approvedBy.Name, Note: in.note}
	return e, false, s.append(ctx, q, acc, in.subj, e, in.ind.SeriesID)
}

// append writes an entry for a locked account: running balances, the entry, the totals row
// and the account row, in that transaction.
func (s *Service) append(ctx context.Context, q *store.Q, acc *store.PointAccount, sj *subject, e *domain.PointEntry, seriesID int64) error {
	if acc.RewardBalance+e.Reward < 0 {
		return &domain.Error{Code: domain.EInsufficientBalance, Message: "err.points.insufficient_balance"}
	}
	if sj.Left && e.Category != "" && e.Source != domain.SourceReversal {
		// A member who left the roster is out of every ranking (migration 00009); new
		// appraisal points would put them back. Reversals still correct the history, and
		// reward-only movements (a held redemption released) still settle.
		return conflict("err.member.left")
	}
	if e.Category != "" {
		// A year whose ratings were published for a subtree holding the subject is closed
		// there: its appraisal points can no longer change (internal/ratings).
		closed, err := q.YearClosed(ctx, e.Year, sj.OrgPath)
		if err != nil {
			return err
		}
		if closed {
			return conflict("err.ratings.year_closed", e.Year)
		}
	}
	totals, _, err := q.PointTotals(ctx, sj.Type, sj.ID, e.Year)
	if err != nil {
		return err
	}
	var yearTotal domain.Points
	for _, p := range totals {
		yearTotal += p
	}
	e.SubjectType, e.SubjectID, e.OrgID, e.OrgPath = sj.Type, sj.ID, sj.OrgID, sj.OrgPath
	e.AppraisalAfter = yearTotal + e.Appraisal
	e.RewardAfter = acc.RewardBalance + e.Reward
	if err := q.InsertPointEntry(ctx, e, seriesID); err != nil {
		return err
	}
	if e.Category != "" {
		vetoes := 0
		if e.Veto {
			vetoes = 1
			if e.ReversesID != 0 {
				vetoes = -1
			}
		}
		if err := q.AddPointTotal(ctx, e, vetoes); err != nil {
			return err
		}
	}
	acc.RewardBalance = e.RewardAfter
	acc.Entries++
	acc.LastEntryID = e.ID
	acc.OrgID, acc.OrgPath = sj.OrgID, sj.OrgPath
	return q.SavePointAccount(ctx, acc)
}

// RewardPosting is a movement of the reward balance only (redemption holds and releases):
// spending never lowers the appraisal score.
type RewardPosting struct {
	SubjectType string
	SubjectID   int64
	Amount      domain.Points // negative debits (a hold), positive credits (a release)
	Source      string        // domain.SourceHold, SourceRelease, SourceSpend or SourceAdjusting
	SourceRef   string        // e.g. "redemption:42"
	// DedupKey makes the posting happen once: a second posting with the key returns the first
	// entry and posts nothing (e.g. "redemption:42:hold", "redemption:42:release").
	DedupKey string
	Actor    *auth.Actor // who caused it; nil for the system (an expiry job)
	Note     string
}

// PostReward books a reward-only movement inside the caller's write transaction q (from
// DB.WriteTx), after locking the subject's account, and returns the entry. A debit larger
// than the balance fails with domain.EInsufficientBalance, whatever the concurrency: the
// balance is read under the lock. It does not authorise or audit: the calling capability
// (redemption) has decided and records its own action in the same transaction.
// Errors: EInvalid (source, amount), ENotFound (subject), EInsufficientBalance.
func (s *Service) PostReward(ctx context.Context, q *store.Q, p RewardPosting) (*domain.PointEntry, error) {
	if !slices.Contains(domain.RewardOnlySources, p.Source) {
		return nil, invalid("source", "err.choice")
	}
	if p.Amount == 0 {
		return nil, invalid("amount", "err.points.positive")
	}
	sj, err := loadSubject(ctx, q, p.SubjectType, p.SubjectID)
	if err != nil {
		return nil, err
	}
	acc, err := q.LockPointAccount(ctx, sj.Type, sj.ID, sj.OrgID, sj.OrgPath)
	if err != nil {
		return nil, err
	}
	if p.DedupKey != "" {
		prev, err := q.PointEntryByDedup(ctx, sj.Type, sj.ID, p.DedupKey)
		if err == nil {
			return prev, nil
		}
		if err != sql.ErrNoRows {
			return nil, err
		}
	}
	today := s.today()
	by := actorWho(p.Actor)
	e := &domain.PointEntry{Year: today.Time().Year(), Source: p.Source, SourceRef: p.SourceRef, DedupKey: p.DedupKey,
		Requested: p.Amount, Points: p.Amount, Reward: p.Amount, OccurredOn: today, AwardedBy: by.ID,
		AwardedByName: by.Name, Note: p.Note}
	if err := s.append(ctx, q, acc, sj, e, 0); err != nil {
		return nil, err
	}
	return e, nil
}

// reversible lists the sources whose entries can be reversed; reward-only movements are
// settled by their own capability (a hold is released, not reversed).
var reversible = []string{domain.SourceClaim, domain.SourceAward, domain.SourceEvent, domain.SourceBonus}

// Reverse posts the reversing entry of an entry: it debits both accounts as the entry
// credited them (credits them back for a deduction), so the appraisal score and the totals
// return to what they were. When part of the reward was already spent, the reward debit
// stops at the balance (which never goes negative); the appraisal score is reversed in full.
// Who: points.reverse over the subject. Errors: ENotFound (no such entry), EForbidden (also
// outside the caller's scope), EInvalid (reason),
// EConflict (already reversed; a reversal or reward-only movement).
func (s *Service) Reverse(ctx context.Context, a *auth.Actor, entryID int64, reason string) (*domain.PointEntry, error) {
	reason, err := text(reason, 500, true)
	if err != nil {
		return nil, invalid("reason", err.Error())
	}
	var out *domain.PointEntry
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		orig, err := q.PointEntry(ctx, entryID)
		if err == sql.ErrNoRows {
			return domain.NotFound("point_entry")
		}
		if err != nil {
			return err
		}
		sj, err := loadSubject(ctx, q, orig.SubjectType, orig.SubjectID)
		if err != nil {
			return err
		}
		// An entry that exists but is not the caller's to reverse answers 403 (API.md: a
		// write outside the scope), whether or not the caller may read it.
		if !a.Can(auth.PointsReverse, sj.parentPath()) {
			return domain.Forbidden()
		}
		if !slices.Contains(reversible, orig.Source) {
			return conflict("err.points.not_reversible")
		}
		acc, err := q.LockPointAccount(ctx, sj.Type, sj.ID, sj.OrgID, sj.OrgPath)
		if err != nil {
			return err
		}
		// Read again under the lock: a concurrent reversal of the same entry has committed
		// by now if it ran first.
		if orig, err = q.PointEntry(ctx, entryID); err != nil {
			return err
		}
		if orig.ReversedByID != 0 {
			return conflict("err.points.already_reversed")
		}
		reward := -orig.Reward
		if orig.Reward > 0 {
			reward = -min(acc.RewardBalance, orig.Reward)
		}
		var seriesID int64
		if orig.IndicatorID != 0 {
			ind, err := q.Indicator(ctx, orig.IndicatorID)
			if err != nil {
				return err
			}
			seriesID = ind.SeriesID
		}
		by := actorWho(a)
		e := &domain.PointEntry{Year: orig.Year, Category: orig.Category, IndicatorID: orig.IndicatorID,
			Source: domain.SourceReversal, SourceRef: orig.SourceRef, ClaimID: orig.ClaimID, ReversesID: orig.ID,
			Quantity: -orig.Quantity, Requested: -orig.Requested, Points: -orig.Points, Appraisal: -orig.Appraisal,
			Reward: reward, Veto: orig.Veto, OccurredOn: orig.OccurredOn, AwardedBy: by.ID, AwardedByName: by.Name,
			ApprovedBy: by.ID, ApprovedByName: by.Name, Note: reason}
		if err := s.append(ctx, q, acc, sj, e, seriesID); err != nil {
			return err
		}
		out = e
		return auditEntry(ctx, q, a, "points.reverse", e)
	})
	return out, err
}
