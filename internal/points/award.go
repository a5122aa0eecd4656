package points

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// AwardResult is the answer to an award (API.md: {entry_id, points_requested, points_awarded,
// capped}); it is also what an Idempotency-Key replays, so its JSON is the API's.
type AwardResult struct {
	EntryID         int64         `json:"entry_id,string"`
	PointsRequested domain.Points `json:"points_requested"`
	PointsAwarded   domain.Points `json:"points_awarded"`
	Capped          bool          `json:"capped"`
	// Duplicate is set by AwardForEvent when the de-duplication key had scored already: the
	// result is the first entry's and nothing was posted.
	Duplicate bool `json:"-"`
	// Replayed is set when an Idempotency-Key returned the first request's result.
	Replayed bool `json:"-"`
}

func resultOf(e *domain.PointEntry) *AwardResult {
	return &AwardResult{EntryID: e.ID, PointsRequested: e.Requested, PointsAwarded: e.Points, Capped: e.Capped}
}

// AwardInput is a direct award of an indicator to a member or organisation.
type AwardInput struct {
	IndicatorID int64         `json:"indicator_id"`
	SubjectType string        `json:"subject_type"`
	SubjectID   int64         `json:"subject_id"`
	Quantity    domain.Points `json:"quantity"` // 0 means one unit
	OccurredOn  string        `json:"occurred_on"`
	Note        string        `json:"note"`
	// IdempotencyKey (the request header) makes retries safe: the same key with the same
	// input returns the first result, with another input EConflict.
	IdempotencyKey string `json:"-"`
}

// Idempotency scopes of this package.
const (
	scopeAward = "points.award"
	scopeBonus = "points.bonus"
)

// idempotent runs fn once per key inside q (no key: every time) and decodes a replay.
func idempotent(ctx context.Context, q *store.Q, a *auth.Actor, scope, key string, input any, fn func() (*AwardResult, error)) (*AwardResult, error) {
	if key == "" {
		return fn()
	}
	if len(key) > 200 {
		return nil, invalid("idempotency_key", "err.too_long")
	}
	var res *AwardResult
	resp, replay, err := q.Idempotent(ctx, store.IdempotencyRequest{UserID: a.UserID(), Scope: scope, Key: key,
		Hash: store.RequestHash(input)}, func() (store.IdempotentResponse, error) {
		r, err := fn()
		if err != nil {
			return store.IdempotentResponse{}, err
		}
		res = r
		body, err := json.Marshal(r)
		return store.IdempotentResponse{Status: 201, Body: body}, err
	})
	if err != nil {
		return nil, err
	}
	if replay {
		res = &AwardResult{Replayed: true}
		if err := json.Unmarshal(resp.Body, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Award posts points of an indicator to a subject directly. The caps are applied in the same
// transaction; a capped award records what was asked and what was given. An indicator's
// de-duplication template that matches an earlier entry makes the award a conflict.
// Who: points.award over the subject (over the level above, for an organisation) and one of
// the indicator's award roles. Errors: EForbidden, ENotFound (subject), EInvalid
// (indicator_id, subject_type, quantity, occurred_on), EConflict (duplicate; Idempotency-Key
// reused with another input).
func (s *Service) Award(ctx context.Context, a *auth.Actor, in AwardInput) (*AwardResult, error) {
	if len(a.Scopes(auth.PointsAward)) == 0 {
		return nil, domain.Forbidden()
	}
	if in.Quantity == 0 {
		in.Quantity = domain.Whole(1)
	}
	day, problem := s.parseDay(in.OccurredOn)
	if problem != "" {
		return nil, invalid("occurred_on", problem)
	}
	note, err := text(in.Note, 500, false)
	if err != nil {
		return nil, invalid("note", err.Error())
	}
	var out *AwardResult
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		out, err = idempotent(ctx, q, a, scopeAward, in.IdempotencyKey, in, func() (*AwardResult, error) {
			sj, err := loadSubject(ctx, q, in.SubjectType, in.SubjectID)
			if err != nil {
				return nil, err
			}
			if !a.Can(auth.PointsAward, sj.parentPath()) {
				return nil, domain.Forbidden()
			}
			ind, err := resolveIndicator(ctx, q, in.IndicatorID, sj, day)
			if err != nil {
				return nil, err
			}
			roles := ind.AwardRoles
			if len(roles) == 0 {
				roles = domain.DefaultAwardRoles
			}
			if !a.HasRoleOver(roles, sj.parentPath()) {
				return nil, domain.Forbidden()
			}
			if p := ind.ValidQuantity(in.Quantity); p != "" {
				return nil, invalid("quantity", p)
			}
			by := actorWho(a)
			e, dup, err := s.earn(ctx, q, earning{subj: sj, ind: ind, quantity: in.Quantity, occurredOn: day,
				source: domain.SourceAward, awardedBy: by, approvedBy: by, note: note})
			if err != nil {
				return nil, err
			}
			if dup {
				return nil, conflict("err.points.duplicate", e.ID)
			}
			return resultOf(e), auditEntry(ctx, q, a, "points.award", e)
		})
		return err
	})
	return out, err
}

// BonusInput is an organisation's year-end evaluation bonus (seed 001: branch points = claim
// points + year-end evaluation bonus).
type BonusInput struct {
	OrgID          int64         `json:"org_id"`
	Year           int           `json:"year"`
	Points         domain.Points `json:"points"`
	Category       string        `json:"category"` // "" → contribution
	Note           string        `json:"note"`
	IdempotencyKey string        `json:"-"`
}

// YearEndBonus credits an organisation's year-end evaluation bonus, once per organisation and
// year (reverse it to correct it), on 31 December of the year.
// Who: points.award over the level above the organisation. Errors: EForbidden, ENotFound,
// EInvalid (points, year, category, note), EConflict (already given; key reused).
func (s *Service) YearEndBonus(ctx context.Context, a *auth.Actor, in BonusInput) (*AwardResult, error) {
	if len(a.Scopes(auth.PointsAward)) == 0 {
		return nil, domain.Forbidden()
	}
	if in.Points <= 0 || in.Points > domain.Whole(1000) {
		return nil, invalid("points", "err.points.positive")
	}
	if in.Year < 2000 || in.Year > s.today().Time().Year() {
		return nil, invalid("year", "err.points.year")
	}
	if in.Category == "" {
		in.Category = domain.CategoryContribution
	}
	note, err := text(in.Note, 500, false)
	if err != nil {
		return nil, invalid("note", err.Error())
	}
	var out *AwardResult
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		out, err = idempotent(ctx, q, a, scopeBonus, in.IdempotencyKey, in, func() (*AwardResult, error) {
			sj, err := loadSubject(ctx, q, domain.SubjectOrg, in.OrgID)
			if err != nil {
				return nil, err
			}
			if !a.Can(auth.PointsAward, sj.parentPath()) {
				return nil, domain.Forbidden()
			}
			day := domain.NewDate(in.Year, time.December, 31)
			rule, err := CategoryRule(ctx, q, sj.OrgPath, day)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(rule.Keys(), in.Category) {
				return nil, invalid("category", "err.choice")
			}
			acc, err := q.LockPointAccount(ctx, sj.Type, sj.ID, sj.OrgID, sj.OrgPath)
			if err != nil {
				return nil, err
			}
			// One bonus a year: keys bonus:Y:1, bonus:Y:2 … where each earlier one was reversed.
			var key string
			for n := 1; ; n++ {
				key = "bonus:" + strconv.Itoa(in.Year) + ":" + strconv.Itoa(n)
				prev, err := q.PointEntryByDedup(ctx, sj.Type, sj.ID, key)
				if err == sql.ErrNoRows {
					break
				}
				if err != nil {
					return nil, err
				}
				if prev.ReversedByID == 0 {
					return nil, conflict("err.points.duplicate", prev.ID)
				}
			}
			by := actorWho(a)
			e := &domain.PointEntry{Year: in.Year, Category: in.Category, Source: domain.SourceBonus, DedupKey: key,
				Quantity: domain.Whole(1), Requested: in.Points, Points: in.Points, Appraisal: in.Points, Reward: in.Points,
				OccurredOn: day, AwardedBy: by.ID, AwardedByName: by.Name, ApprovedBy: by.ID, ApprovedByName: by.Name,
				Note: note}
			if err := s.append(ctx, q, acc, sj, e, 0); err != nil {
				return nil, err
			}
			return resultOf(e), auditEntry(ctx, q, a, "points.bonus", e)
		})
		return err
	})
	return out, err
}

// ErrNoIndicator is returned by AwardForEvent when the subject's catalogue has no item with
// the code in force that day. It is a plain Go error value (no statement failed), so a caller
// may ignore it and keep using its transaction: an organisation that scores nothing for, say,
// meeting attendance still records the attendance. Compare with errors.Is.
var ErrNoIndicator = &domain.Error{Code: domain.ENotFound, Message: "err.points.no_indicator"}

// EventAward is what another capability reports when something scoring happened.
type EventAward struct {
	SubjectType   string
	SubjectID     int64
	IndicatorCode string        // looked up in the subject's effective catalogue ("1 + X")
	Quantity      domain.Points // 0 means one unit; hours for hour items; the grade for grade items
	OccurredOn    domain.Date   // the day it happened in China; zero: today
	// DedupKey identifies the event for this subject, e.g. "meeting:12:attend"; required. The
	// same key never scores twice for a subject: the second call posts nothing and returns
	// the first entry (Duplicate set).
	DedupKey string
	Source   string // the calling capability: meeting, study, dues, volunteer, task …
	Ref      string // its reference, e.g. the meeting id; stored as source_ref "Source:Ref"
	// Actor caused the event (the one who checked attendance in, reviewed the task); nil
	// for the system. Recorded as awarded_by and in the audit log.
	Actor *auth.Actor
	Note  string
}

// AwardForEvent posts the points of an event inside the caller's write transaction q (from
// DB.WriteTx), so that, e.g., an attendance and its points commit or roll back together. It
// locks the subject's account row (PostgreSQL: FOR UPDATE) until the caller commits; a
// caller awarding several subjects in one transaction should use AwardForEvents, which locks
// them in a fixed order so two such transactions cannot deadlock. Caps apply; an indicator
// that needs approval is awarded anyway (the event is its own evidence). It does not check
// points permissions: the calling capability has authorised its own action.
// Errors: ErrNoIndicator, ENotFound (subject), EInvalid (dedup_key, quantity, occurred_on).
func (s *Service) AwardForEvent(ctx context.Context, q *store.Q, ev EventAward) (*AwardResult, error) {
	if ev.DedupKey == "" || len(ev.DedupKey) > 200 {
		return nil, invalid("dedup_key", "err.required")
	}
	if ev.Quantity == 0 {
		ev.Quantity = domain.Whole(1)
	}
	if ev.OccurredOn.IsZero() {
		ev.OccurredOn = s.today()
	}
	sj, err := loadSubject(ctx, q, ev.SubjectType, ev.SubjectID)
	if err != nil {
		return nil, err
	}
	ind, err := indicatorByCode(ctx, q, ev.IndicatorCode, sj, ev.OccurredOn)
	if err != nil {
		return nil, err
	}
	if p := ind.ValidQuantity(ev.Quantity); p != "" {
		return nil, invalid("quantity", p)
	}
	ref := ev.Source
	if ev.Ref != "" {
		ref += ":" + ev.Ref
	}
	by := actorWho(ev.Actor)
	e, dup, err := s.earn(ctx, q, earning{subj: sj, ind: ind, quantity: ev.Quantity, occurredOn: ev.OccurredOn,
		source: domain.SourceEvent, sourceRef: ref, dedupKey: ev.DedupKey, awardedBy: by, note: ev.Note})
	if err != nil {
		return nil, err
	}
	res := resultOf(e)
	if dup {
		res.Duplicate = true
		return res, nil
	}
	return res, auditEntry(ctx, q, ev.Actor, "points.event", e)
}

// AwardForEvents awards several events in one transaction, locking subjects in (type, id)
// order; results are in the order of evs. An ErrNoIndicator for one event leaves its result
// nil and carries on; any other error stops and is returned.
func (s *Service) AwardForEvents(ctx context.Context, q *store.Q, evs []EventAward) ([]*AwardResult, error) {
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		a, b := evs[x], evs[y]
		if a.SubjectType != b.SubjectType {
			if a.SubjectType < b.SubjectType {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.SubjectID, b.SubjectID)
	})
	out := make([]*AwardResult, len(evs))
	for _, i := range order {
		r, err := s.AwardForEvent(ctx, q, evs[i])
		if err == ErrNoIndicator {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// AwardEvent is AwardForEvent in a transaction of its own, for callers without one.
func (s *Service) AwardEvent(ctx context.Context, ev EventAward) (*AwardResult, error) {
	var out *AwardResult
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		out, err = s.AwardForEvent(ctx, q, ev)
		return err
	})
	return out, err
}
