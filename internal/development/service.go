// Package development owns the development of new members (发展党员): applicants, the 25
// steps with their people, notes and materials, the timers' due dates and overdue flags,
// admission as a probationary member and full membership.
package development

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// Service is the development capability. It shares the member service's secret box (an
// applicant's ID number becomes the member's) and calls its transaction helpers, so an
// admission creates the member in the same transaction as the step.
type Service struct {
	DB      *store.DB
	Members *member.Service
	Now     func() time.Time
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB, members *member.Service) *Service {
	return &Service{DB: db, Members: members, Now: time.Now}
}

// RuleKey is the rule row holding DevTimers.
const RuleKey = "development.timers"

var shanghai = domain.Shanghai

// today is the calendar day in China: a due date passes at midnight Beijing time.
func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// timers returns the timers in force for the organisation on the day the application was
// received: an applicant keeps the rules they started under. Keys missing from the rule row
// keep their shipped values.
func timers(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (domain.DevTimers, error) {
	t := domain.DefaultDevTimers
	_, err := q.Rule(ctx, RuleKey, orgPath, on, &t)
	return t, err
}

// View is an applicant with the timeline as of today.
type View struct {
	domain.Applicant
	Stage           int
	ProbationEndsOn domain.Date // zero before admission; includes an extension
	Overdue         int         // steps overdue
	Steps           []StepView  // all 25, in order
}

// StepView is one step of the timeline with what was recorded for it.
type StepView struct {
	domain.DevStepStatus
	Records []domain.DevStepRecord
}

func closed(r *store.ApplicantRecord, steps []domain.DevStepRecord) bool {
	if r.Status == domain.ApplicantCancelled || r.Status == domain.ApplicantWithdrawn {
		return true
	}
	for _, s := range steps {
		if s.Step == domain.StepArchived {
			return true
		}
	}
	return false
}

func state(r *store.ApplicantRecord, steps []domain.DevStepRecord) domain.DevState {
	st := domain.DevState{AppliedOn: r.AppliedOn, BirthDate: r.BirthDate, ExtensionMonths: r.ExtensionMonths,
		Closed: closed(r, steps)}
	for _, s := range steps {
		st.Records = append(st.Records, s.Record())
	}
	return st
}

func buildView(r *store.ApplicantRecord, steps []domain.DevStepRecord, t domain.DevTimers, today domain.Date) *View {
	st := state(r, steps)
	v := &View{Applicant: r.Applicant, Stage: st.Stage(), ProbationEndsOn: t.ProbationEnd(st)}
	for _, status := range t.Schedule(st, today) {
		sv := StepView{DevStepStatus: status, Records: []domain.DevStepRecord{}}
		for _, rec := range steps {
			if rec.Step == status.Code {
				sv.Records = append(sv.Records, rec)
			}
		}
		if status.Overdue {
			v.Overdue++
		}
		v.Steps = append(v.Steps, sv)
	}
	return v
}

// readable loads an applicant the actor may read; ENotFound otherwise.
func readable(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*store.ApplicantRecord, error) {
	r, err := q.Applicant(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, r.OrgPath)) {
		return nil, domain.NotFound("applicant")
	}
	return r, err
}

// writable loads an applicant the actor may change: ENotFound only when there is no such
// applicant, EForbidden when it exists outside the actor's member.write scope — also when
// they cannot even read it (API.md answers a write outside the caller's scope with 403).
func writable(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*store.ApplicantRecord, error) {
	r, err := q.Applicant(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("applicant")
	}
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.MemberWrite, r.OrgPath) {
		return nil, domain.Forbidden()
	}
	return r, nil
}

// Get returns an applicant with every step's records, due dates and overdue flags.
// Who: readers of the applicant's branch. Errors: ENotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*View, error) {
	q := s.DB.Read()
	r, err := readable(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, q, r)
}

func (s *Service) view(ctx context.Context, q *store.Q, r *store.ApplicantRecord) (*View, error) {
	steps, err := q.ApplicantSteps(ctx, []int64{r.ID})
	if err != nil {
		return nil, err
	}
	t, err := timers(ctx, q, r.OrgPath, r.AppliedOn)
	if err != nil {
		return nil, err
	}
	return buildView(r, steps[r.ID], t, s.today()), nil
}

// CreateInput is a new application.
type CreateInput struct {
	Name      string
	IDNumber  string
	OrgID     int64  // a branch
	AppliedOn string // YYYY-MM-DD, the day the application was received
}

// Create registers an application received by a branch: step 1 is recorded on the
// application date. The applicant must be at least 18 on that day (the timers' min_age).
// Who: member.write over the branch. Errors: EForbidden, EInvalid (name, id_number, org_id,
// applied_on), EConflict (already in the process, or already on the roster).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in CreateInput) (*View, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden()
	}
	today := s.today()
	v := &domain.Validation{}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		v.Add("name", "err.required")
	} else if utf8.RuneCountInString(name) > 50 {
		v.Add("name", "err.too_long")
	}
	idNumber := domain.NormalizeIDNumber(in.IDNumber)
	info, problem := domain.ParseIDNumber(idNumber, today)
	if idNumber == "" {
		v.Add("id_number", "err.required")
	} else if problem != "" {
		v.Add("id_number", problem)
	}
	applied, err := domain.ParseDate(strings.TrimSpace(in.AppliedOn))
	if err != nil {
		v.Add("applied_on", "err.date")
	}
	var id int64
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := q.Org(ctx, in.OrgID)
		switch {
		case err == sql.ErrNoRows || in.OrgID == 0:
			v.Add("org_id", "err.org.unknown")
		case err != nil:
			return err
		case !a.Can(auth.MemberWrite, o.Path):
			return domain.Forbidden()
		case !o.Type.IsBranch():
			v.Add("org_id", "err.member.org_not_branch")
		}
		if problem == "" && !v.Has("applied_on") && o != nil {
			t, err := timers(ctx, q, o.Path, applied)
			if err != nil {
				return err
			}
			for field, key := range t.CheckApplicant(info.Birth, applied, today) {
				v.Add(field, key)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		box := s.Members.Box
		hash := box.Hash(idNumber)
		if other, err := q.OpenApplicantByHash(ctx, hash); err != nil || other != 0 {
			return conflictOr(err, "err.development.duplicate_applicant")
		}
		if other, err := q.MemberIDByHash(ctx, hash); err != nil || other != 0 {
			return conflictOr(err, "err.member.duplicate_id_number")
		}
		gender := "male"
		if info.Female {
			gender = "female"
		}
		r := &store.ApplicantRecord{IDNumberEnc: box.Seal(idNumber), IDNumberHash: hash}
		r.OrgID, r.OrgPath, r.Name, r.Gender, r.BirthDate = o.ID, o.Path, name, gender, info.Birth
		r.IDNumber, r.AppliedOn, r.Status = domain.MaskIDNumber(idNumber), applied, domain.ApplicantActive
		if err := q.InsertApplicant(ctx, r); err != nil {
			return err
		}
		id = r.ID
		first := &domain.DevStepRecord{ApplicantID: r.ID, Step: domain.StepApplication, DoneOn: applied,
			People: []domain.DevPerson{}, Actor: a.Name()}
		if err := q.InsertApplicantStep(ctx, first); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "applicant.create", "applicant", r.ID, o.Path, nil, map[string]any{
			"name": name, "id_number": r.IDNumber, "org_id": o.ID, "applied_on": applied.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

func conflictOr(err error, key string) error {
	if err != nil {
		return err
	}
	return &domain.Error{Code: domain.EConflict, Message: key, Fields: map[string]string{"id_number": key}}
}

// Filter selects applicants for List.
type Filter struct {
	OrgID    int64 // the subtree of this org; 0: the caller's whole scope
	Statuses []string
	AfterID  int64
	Limit    int // default 50, max 500
}

// List returns applicants with their timelines, id order. Who: readers. Errors: ENotFound
// (org out of scope).
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*View, int64, error) {
	q := s.DB.Read()
	sf := store.ApplicantFilter{Scopes: a.Scopes(auth.MemberRead), Statuses: f.Statuses, AfterID: f.AfterID}
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
	sf.Limit = limit + 1
	recs, err := q.Applicants(ctx, sf)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(recs) > limit {
		recs = recs[:limit]
		next = recs[limit-1].ID
	}
	views, err := s.views(ctx, q, recs)
	return views, next, err
}

func (s *Service) views(ctx context.Context, q *store.Q, recs []store.ApplicantRecord) ([]*View, error) {
	ids := make([]int64, len(recs))
	for i := range recs {
		ids[i] = recs[i].ID
	}
	steps, err := q.ApplicantSteps(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := make([]*View, 0, len(recs))
	for i := range recs {
		t, err := timers(ctx, q, recs[i].OrgPath, recs[i].AppliedOn)
		if err != nil {
			return nil, err
		}
		out = append(out, buildView(&recs[i], steps[recs[i].ID], t, today))
	}
	return out, nil
}

// Attachment returns a stored file of an applicant. Who: readers of the applicant's branch.
// Errors: ENotFound.
func (s *Service) Attachment(ctx context.Context, a *auth.Actor, applicantID, attachmentID int64) (*domain.Attachment, []byte, error) {
	q := s.DB.Read()
	if _, err := readable(ctx, q, a, applicantID); err != nil {
		return nil, nil, err
	}
	att, content, err := q.Attachment(ctx, applicantID, attachmentID)
	if err == sql.ErrNoRows {
		return nil, nil, domain.NotFound("attachment")
	}
	return att, content, err
}
