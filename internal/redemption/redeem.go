package redemption

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"strconv"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// RedeemInput is a member's redemption of a reward.
type RedeemInput struct {
	RewardID int64 `json:"reward_id,string"`
	// IdempotencyKey (the request header) makes retries safe: the same key with the same
	// input returns the first redemption, with another input EConflict.
	IdempotencyKey string `json:"-"`
}

// RedeemResult is a redemption made (or, Replayed, the one the key made first).
type RedeemResult struct {
	Redemption domain.Redemption `json:"redemption"`
	Replayed   bool              `json:"-"`
}

// scopeRedeem is the idempotency scope of redemptions.
const scopeRedeem = "redemptions.create"

// Redeem makes the actor's member redeem a reward, in one transaction: the reward row is
// locked, its availability, stock and the member's count in the limit period are checked,
// the cost is held from the reward balance (points.PostReward, which refuses to go below
// zero), the stock drops by one, and the redemption is stored held with an unguessable code
// and the hold's expiry (rule redemption.hold_hours of the alliance, default 72 h). The
// member's alliance card is issued on their first redemption.
// Who: a user linked to a member of the merchant's alliance, for themself.
// Errors: EForbidden (no member), ENotFound (reward), EConflict (err.redemption.unavailable;
// Idempotency-Key reused with another input), EOutOfStock, ELimitReached,
// EInsufficientBalance.
func (s *Service) Redeem(ctx context.Context, a *auth.Actor, in RedeemInput) (*RedeemResult, error) {
	if a.MemberID() == 0 {
		return nil, domain.Forbidden()
	}
	if len(in.IdempotencyKey) > 200 {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"idempotency_key": "err.too_long"}}
	}
	var out *RedeemResult
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		if in.IdempotencyKey == "" {
			r, err := s.redeem(ctx, q, a, in.RewardID)
			if err != nil {
				return err
			}
			out = &RedeemResult{Redemption: *r}
			return nil
		}
		var made *domain.Redemption
		resp, replay, err := q.Idempotent(ctx, store.IdempotencyRequest{UserID: a.UserID(), Scope: scopeRedeem,
			Key: in.IdempotencyKey, Hash: store.RequestHash(in)}, func() (store.IdempotentResponse, error) {
			r, err := s.redeem(ctx, q, a, in.RewardID)
			if err != nil {
				return store.IdempotentResponse{}, err
			}
			made = r
			body, err := json.Marshal(r)
			return store.IdempotentResponse{Status: 201, Body: body}, err
		})
		if err != nil {
			return err
		}
		if !replay {
			out = &RedeemResult{Redemption: *made}
			return nil
		}
		out = &RedeemResult{Replayed: true}
		return json.Unmarshal(resp.Body, &out.Redemption)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// redeem is Redeem's work inside the transaction q.
func (s *Service) redeem(ctx context.Context, q *store.Q, a *auth.Actor, rewardID int64) (*domain.Redemption, error) {
	mem, err := q.Member(ctx, a.MemberID())
	if err == sql.ErrNoRows {
		return nil, domain.Forbidden()
	}
	if err != nil {
		return nil, err
	}
	// The lock comes first: every check below reads what no concurrent redemption of this
	// reward can change until this transaction ends.
	rw, err := q.LockReward(ctx, rewardID)
	if err == sql.ErrNoRows || (err == nil && !domain.InSubtree(mem.OrgPath, rw.OrgPath)) {
		return nil, domain.NotFound("reward")
	}
	if err != nil {
		return nil, err
	}
	day := s.today()
	if !rw.AvailableOn(day) {
		return nil, conflict("err.redemption.unavailable")
	}
	if rw.Stock <= 0 {
		return nil, &domain.Error{Code: domain.EOutOfStock, Message: "err.redemption.out_of_stock"}
	}
	if rw.PerMemberLimit > 0 {
		from, to := domain.LimitBounds(rw.LimitPeriod, day)
		n, err := q.CountMemberRedemptions(ctx, rw.ID, mem.ID, from, to)
		if err != nil {
			return nil, err
		}
		if n >= rw.PerMemberLimit {
			return nil, &domain.Error{Code: domain.ELimitReached, Message: "err.redemption.limit_reached",
				Args: []any{rw.PerMemberLimit}}
		}
	}
	hold := domain.DefaultRedemptionHold
	if _, err := q.Rule(ctx, domain.RuleRedemptionHold, rw.OrgPath, day, &hold); err != nil {
		return nil, err
	}
	if hold.Hours <= 0 {
		hold = domain.DefaultRedemptionHold
	}
	code, err := newCode(ctx, q)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &domain.Redemption{Code: code, RewardID: rw.ID, RewardName: rw.Name, MerchantID: rw.MerchantID,
		MerchantName: rw.MerchantName, MemberID: mem.ID, MemberName: mem.Name, OrgPath: mem.OrgPath, Cost: rw.Cost,
		Status: domain.RedemptionHeld, RedeemedOn: day, ExpiresAt: now.Add(time.Duration(hold.Hours) * time.Hour),
		CreatedBy: a.UserID()}
	if err := q.InsertRedemption(ctx, r); err != nil {
		return nil, err
	}
	e, err := s.Points.PostReward(ctx, q, points.RewardPosting{SubjectType: domain.SubjectMember, SubjectID: mem.ID,
		Amount: -rw.Cost, Source: domain.SourceHold, SourceRef: ref(r.ID), DedupKey: ref(r.ID) + ":hold", Actor: a,
		Note: rw.MerchantName + " · " + rw.Name})
	if err != nil {
		return nil, err
	}
	r.HoldEntryID = e.ID
	if err := q.SetRedemptionEntries(ctx, r.ID, e.ID, 0); err != nil {
		return nil, err
	}
	if err := q.AddRewardStock(ctx, rw.ID, -1); err != nil {
		return nil, err
	}
	if err := q.IssueAllianceCard(ctx, mem.ID, domain.AllianceCardNumber(mem.ID)); err != nil {
		return nil, err
	}
	return r, record(ctx, q, a, "redemption.create", "redemption", r.ID, mem.OrgPath, nil, auditOf(r))
}

// ref is how ledger entries name a redemption.
func ref(id int64) string { return "redemption:" + strconv.FormatInt(id, 10) }

// codeEncoding is base32 without padding: A–Z and 2–7; 0, 1 and 8 never appear, so O, I and
// B typed at the counter cannot be mistaken for them.
var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newCode returns an unused redemption code: 40 random bits as 8 base32 characters. A code
// is all an operator needs to confirm, so it must not be guessable: with a few thousand
// holds open, a random guess hits one about once in 10^8 tries.
func newCode(ctx context.Context, q *store.Q) (string, error) {
	for range 5 {
		b := make([]byte, 5)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		code := codeEncoding.EncodeToString(b)
		taken, err := q.RedemptionCodeTaken(ctx, code)
		if err != nil {
			return "", err
		}
		if !taken {
			return code, nil
		}
	}
	return "", conflict("err.redemption.code")
}

// redemptionAudit is what the audit log keeps of a redemption.
type redemptionAudit struct {
	ID       int64  `json:"id"`
	RewardID int64  `json:"reward_id"`
	Merchant int64  `json:"merchant_id"`
	MemberID int64  `json:"member_id"`
	Cost     string `json:"cost"`
	Status   string `json:"status"`
	Expires  string `json:"expires_at,omitempty"`
	Hold     int64  `json:"hold_entry_id,omitempty"`
	Release  int64  `json:"release_entry_id,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// auditOf leaves the code out: the audit log is read by more people than may confirm.
func auditOf(r *domain.Redemption) redemptionAudit {
	return redemptionAudit{ID: r.ID, RewardID: r.RewardID, Merchant: r.MerchantID, MemberID: r.MemberID,
		Cost: r.Cost.String(), Status: r.Status, Expires: r.ExpiresAt.Format(time.RFC3339), Hold: r.HoldEntryID,
		Release: r.ReleaseEntryID, Reason: r.Reason}
}
