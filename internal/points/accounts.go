package points

import (
	"context"
	"database/sql"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Appraisal is a subject's appraisal score of a year.
type Appraisal struct {
	Total      domain.Points            `json:"total"`
	ByCategory map[string]domain.Points `json:"by_category"`
	Composite  domain.Points            `json:"composite"`
}

// AccountView is a subject's two accounts (API.md: {appraisal: {total, by_category,
// composite}, reward_balance, stars}). Stars of a year still running are provisional; the
// rating run of the year decides (a later capability).
type AccountView struct {
	SubjectType   string        `json:"subject_type"`
	SubjectID     int64         `json:"subject_id,string"`
	Name          string        `json:"name"`
	Year          int           `json:"year"`
	Appraisal     Appraisal     `json:"appraisal"`
	RewardBalance domain.Points `json:"reward_balance"`
	Stars         int           `json:"stars"`
	Vetoes        int           `json:"vetoes"`
	Version       int64         `json:"version"`
}

// Account returns a subject's accounts for a year (0: this year): the appraisal total, by
// category and composite under the category rule in force on 31 December of the year for the
// subject's organisation, the star level under the star rule, and the reward balance.
// Who: a member their own; readers in scope. Errors: ENotFound, EInvalid (subject_type).
func (s *Service) Account(ctx context.Context, a *auth.Actor, subjectType string, subjectID int64, year int) (*AccountView, error) {
	if year == 0 {
		year = s.today().Time().Year()
	}
	q := s.DB.Read()
	sj, err := readableSubject(ctx, q, a, subjectType, subjectID)
	if err != nil {
		return nil, err
	}
	return accountView(ctx, q, sj, year)
}

func accountView(ctx context.Context, q *store.Q, sj *subject, year int) (*AccountView, error) {
	v := &AccountView{SubjectType: sj.Type, SubjectID: sj.ID, Name: sj.Name, Year: year,
		Appraisal: Appraisal{ByCategory: map[string]domain.Points{}}}
	acc, err := q.PointAccount(ctx, sj.Type, sj.ID)
	switch {
	case err == nil:
		v.RewardBalance, v.Version = acc.RewardBalance, acc.Version
	case err != sql.ErrNoRows:
		return nil, err
	}
	totals, vetoes, err := q.PointTotals(ctx, sj.Type, sj.ID, year)
	if err != nil {
		return nil, err
	}
	yearEnd := domain.NewDate(year, time.December, 31)
	rule, err := CategoryRule(ctx, q, sj.OrgPath, yearEnd)
	if err != nil {
		return nil, err
	}
	stars, err := StarRule(ctx, q, sj.OrgPath, yearEnd)
	if err != nil {
		return nil, err
	}
	for _, k := range rule.Keys() {
		v.Appraisal.ByCategory[k] = 0
	}
	for k, p := range totals {
		v.Appraisal.ByCategory[k] = p
		v.Appraisal.Total += p
	}
	v.Appraisal.Composite = rule.Composite(totals)
	v.Vetoes = vetoes
	v.Stars = stars.Stars(v.Appraisal.Composite, vetoes)
	return v, nil
}

// EntryFilter selects a subject's entries.
type EntryFilter struct {
	SubjectType string
	SubjectID   int64
	Year        int
	BeforeID    int64 // keyset cursor: entries older than this id
	Limit       int   // default 50, max 500
}

// Entries lists a subject's ledger entries newest first, with sources, indicator codes, who
// awarded and approved, and the running balances. Who: as Account. Errors: ENotFound.
func (s *Service) Entries(ctx context.Context, a *auth.Actor, f EntryFilter) ([]domain.PointEntry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := s.DB.Read()
	if _, err := readableSubject(ctx, q, a, f.SubjectType, f.SubjectID); err != nil {
		return nil, err
	}
	list, err := q.PointEntries(ctx, store.PointEntryFilter{SubjectType: f.SubjectType, SubjectID: f.SubjectID,
		Year: f.Year, BeforeID: f.BeforeID, Limit: f.Limit})
	if list == nil {
		list = []domain.PointEntry{}
	}
	return list, err
}

// Entry returns one entry. Who: as Account for its subject. Errors: ENotFound.
func (s *Service) Entry(ctx context.Context, a *auth.Actor, id int64) (*domain.PointEntry, error) {
	q := s.DB.Read()
	e, err := q.PointEntry(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("point_entry")
	}
	if err != nil {
		return nil, err
	}
	if _, err := readableSubject(ctx, q, a, e.SubjectType, e.SubjectID); err != nil {
		return nil, domain.NotFound("point_entry")
	}
	return e, nil
}
