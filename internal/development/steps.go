package development

import (
	"context"
	"database/sql"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
)

// Limits on a step's materials: scans of signed forms, not archives.
const (
	MaxAttachmentBytes = 5 << 20
	MaxAttachments     = 10
	maxNoteRunes       = 2000
	maxPeople          = 20
)

// AttachmentInput is a file uploaded with a step.
type AttachmentInput struct {
	Name        string
	ContentType string // sniffed from the content when empty
	Data        []byte
}

// StepInput records one step (API.md: step, done_on, people[], note) with the figures some
// steps need: training days or hours, a meeting's vote, an approval's special case.
type StepInput struct {
	Step          string
	DoneOn        string
	People        []domain.DevPerson
	Note          string
	TrainingDays  int
	TrainingHours int
	VotesFor      int
	VotesDue      int
	Special       bool
	Attachments   []AttachmentInput
}

// RecordStep records a step done. It refuses a step whose prerequisites are not done, a
// date before theirs (or the application's, or after today), and any timer: a candidate
// only a year after becoming an activist, training of at least 3 days or 24 hours, approval
// within 3 months (6 when Special), the full-membership meeting only once probation is
// over, 1–2 full members as contacts and 2 as sponsors, a meeting's yes votes more than
// half of those due to vote. The admission meeting makes the applicant a probationary
// member (joined on the meeting's day); the full-membership approval makes them a full
// member from the end of probation — in the same transaction as the step.
// Who: member.write over the applicant's branch. Errors: ENotFound (no such applicant),
// EForbidden (also an applicant outside the caller's scope), EInvalid (step, done_on,
// people, note, training_days, votes_for, votes_due, attachments), EConflict (the ID
// number is on the roster already, at admission).
func (s *Service) RecordStep(ctx context.Context, a *auth.Actor, id int64, in StepInput) (*View, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := writable(ctx, q, a, id)
		if err != nil {
			return err
		}
		steps, err := q.ApplicantSteps(ctx, []int64{r.ID})
		if err != nil {
			return err
		}
		t, err := timers(ctx, q, r.OrgPath, r.AppliedOn)
		if err != nil {
			return err
		}
		rec, err := s.validate(ctx, q, a, r, steps[r.ID], t, in)
		if err != nil {
			return err
		}
		if err := q.InsertApplicantStep(ctx, rec); err != nil {
			return err
		}
		for _, f := range in.Attachments {
			att := &domain.Attachment{Name: strings.TrimSpace(f.Name), ContentType: contentType(f)}
			if err := q.InsertAttachment(ctx, r.ID, rec.ID, att, f.Data); err != nil {
				return err
			}
			rec.Attachments = append(rec.Attachments, *att)
		}
		if err := s.effects(ctx, q, a, r, append(steps[r.ID], *rec), t, rec); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "applicant.step", "applicant", r.ID, r.OrgPath, nil, stepAudit(rec))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

func contentType(f AttachmentInput) string {
	if ct := strings.TrimSpace(f.ContentType); ct != "" {
		return ct
	}
	return http.DetectContentType(f.Data)
}

func stepAudit(rec *domain.DevStepRecord) map[string]any {
	files := make([]string, len(rec.Attachments))
	for i, a := range rec.Attachments {
		files[i] = a.Name
	}
	return map[string]any{"step": rec.Step, "done_on": rec.DoneOn.String(), "people": rec.People, "note": rec.Note,
		"detail": rec.Detail, "attachments": files}
}

// validate checks the input against the applicant's records and the timers and returns the
// record to store.
func (s *Service) validate(ctx context.Context, q *store.Q, a *auth.Actor, r *store.ApplicantRecord,
	steps []domain.DevStepRecord, t domain.DevTimers, in StepInput) (*domain.DevStepRecord, error) {
	v := &domain.Validation{}
	doneOn, err := domain.ParseDate(strings.TrimSpace(in.DoneOn))
	if err != nil {
		v.Add("done_on", "err.date")
	}
	step, _ := domain.DevStepByCode(in.Step)
	if in.Step == domain.StepApplication {
		v.Add("step", "err.development.step_done") // recorded when the applicant is created
	}
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > maxNoteRunes {
		v.Add("note", "err.too_long")
	}
	people, err := s.people(ctx, q, a, step, in.People, v)
	if err != nil {
		return nil, err
	}
	if len(in.Attachments) > MaxAttachments {
		v.Add("attachments", "err.development.too_many_files")
	}
	for _, f := range in.Attachments {
		name := strings.TrimSpace(f.Name)
		switch {
		case name == "" || utf8.RuneCountInString(name) > 200 || strings.ContainsAny(name, "/\\") || name != path.Clean(name):
			v.Add("attachments", "err.development.file_name")
		case len(f.Data) == 0:
			v.Add("attachments", "err.development.file_empty")
		case len(f.Data) > MaxAttachmentBytes:
			v.Add("attachments", "err.development.file_too_big")
		}
	}
	rec := &domain.DevStepRecord{ApplicantID: r.ID, Step: in.Step, DoneOn: doneOn, People: people, Note: note,
		Actor: a.Name(), Attachments: []domain.Attachment{},
		Detail: domain.DevDetail{TrainingDays: in.TrainingDays, TrainingHours: in.TrainingHours,
			VotesFor: in.VotesFor, VotesDue: in.VotesDue, Special: in.Special}}
	if !v.Has("done_on") && !v.Has("step") {
		for field, key := range t.CheckStep(state(r, steps), rec.Record(), s.today()) {
			v.Add(field, key)
		}
	}
	return rec, v.Err()
}

// people checks the named people: roster members must exist and be readable by the actor;
// contacts and sponsors must be roster members who are full members in normal standing.
func (s *Service) people(ctx context.Context, q *store.Q, a *auth.Actor, step domain.DevStep,
	in []domain.DevPerson, v *domain.Validation) ([]domain.DevPerson, error) {
	out := []domain.DevPerson{}
	if len(in) > maxPeople {
		v.Add("people", "err.development.too_many_people")
		return out, nil
	}
	seen := map[int64]bool{}
	for _, p := range in {
		name := strings.TrimSpace(p.Name)
		if p.MemberID == 0 {
			switch {
			case step.People != "":
				v.Add("people", "err.development.person_not_full_member")
			case name == "" || utf8.RuneCountInString(name) > 50:
				v.Add("people", "err.development.person_name")
			}
			out = append(out, domain.DevPerson{Name: name})
			continue
		}
		m, err := q.Member(ctx, p.MemberID)
		if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, m.OrgPath)) {
			v.Add("people", "err.development.person_unknown")
			continue
		}
		if err != nil {
			return nil, err
		}
		if step.People != "" && (m.Category != domain.CategoryFull || m.Standing != domain.StandingNormal) {
			v.Add("people", "err.development.person_not_full_member")
		}
		if seen[m.ID] {
			v.Add("people", "err.development.person_twice")
		}
		seen[m.ID] = true
		out = append(out, domain.DevPerson{MemberID: m.ID, Name: m.Name})
	}
	return out, nil
}

// effects applies what a step changes beyond its own record: admission creates the member,
// full approval makes them full; after admission every step is also a member event.
func (s *Service) effects(ctx context.Context, q *store.Q, a *auth.Actor, r *store.ApplicantRecord,
	steps []domain.DevStepRecord, t domain.DevTimers, rec *domain.DevStepRecord) error {
	switch rec.Step {
	case domain.StepAdmissionMeeting:
		idNumber, err := s.Members.Box.Open(r.IDNumberEnc)
		if err != nil {
			return err
		}
		cat, joined, orgID := domain.CategoryProbationary, rec.DoneOn.String(), r.OrgID
		m, err := s.Members.CreateTx(ctx, q, a, member.Input{Name: &r.Name, IDNumber: &idNumber, OrgID: &orgID,
			Category: &cat, JoinedOn: &joined}, "admitted", map[string]any{"applicant_id": r.ID})
		if err != nil {
			return err
		}
		r.MemberID, r.Status = m.ID, domain.ApplicantProbationary
		return q.UpdateApplicantState(ctx, r)
	case domain.StepFullApproval:
		fullOn := t.ProbationEnd(state(r, steps))
		if err := s.Members.MakeFullTx(ctx, q, a, r.MemberID, fullOn, map[string]any{"applicant_id": r.ID}); err != nil {
			return err
		}
		r.Status = domain.ApplicantFull
		return q.UpdateApplicantState(ctx, r)
	}
	if r.MemberID != 0 {
		return s.Members.EventTx(ctx, q, a, r.MemberID, "development_step", stepAudit(rec))
	}
	return nil
}

// ExtendInput extends probation once.
type ExtendInput struct {
	Months    int
	DecidedOn string
	Reason    string
}

// ExtendProbation extends a probationary member's probation once by 6–12 months, decided
// when the probation ends; the full-membership meeting then waits for the new end.
// Who: member.write over the branch. Errors: ENotFound (no such applicant), EForbidden
// (also outside the caller's scope), EInvalid (months, decided_on, reason).
func (s *Service) ExtendProbation(ctx context.Context, a *auth.Actor, id int64, in ExtendInput) (*View, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := writable(ctx, q, a, id)
		if err != nil {
			return err
		}
		steps, err := q.ApplicantSteps(ctx, []int64{r.ID})
		if err != nil {
			return err
		}
		t, err := timers(ctx, q, r.OrgPath, r.AppliedOn)
		if err != nil {
			return err
		}
		v := &domain.Validation{}
		on, err := domain.ParseDate(strings.TrimSpace(in.DecidedOn))
		if err != nil {
			v.Add("decided_on", "err.date")
		}
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			v.Add("reason", "err.required")
		} else if utf8.RuneCountInString(reason) > maxNoteRunes {
			v.Add("reason", "err.too_long")
		}
		if !v.Has("decided_on") {
			for field, key := range t.CheckExtension(state(r, steps[r.ID]), in.Months, on, s.today()) {
				v.Add(field, key)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.ExtensionMonths, r.ExtendedOn = in.Months, on
		if err := q.UpdateApplicantState(ctx, r); err != nil {
			return err
		}
		data := map[string]any{"months": in.Months, "decided_on": on.String(), "reason": reason,
			"probation_ends_on": t.ProbationEnd(state(r, steps[r.ID])).String()}
		if err := s.Members.EventTx(ctx, q, a, r.MemberID, "probation_extended", data); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "applicant.extend", "applicant", r.ID, r.OrgPath, nil, data)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// CloseInput ends an applicant's process.
type CloseInput struct {
	On     string
	Reason string
}

// Close ends the process: before admission the applicant is withdrawn; a probationary
// member's status is cancelled (取消预备党员资格), which takes them off the roster
// (left_reason probation_cancelled, from the day of the decision; a standing change records
// the decision, and the standing stays as it was: this is not an expulsion).
// Who: member.write over the branch. Errors: ENotFound (no such applicant), EForbidden
// (also outside the caller's scope), EInvalid (on, reason), EConflict (already closed, or
// a full member).
func (s *Service) Close(ctx context.Context, a *auth.Actor, id int64, in CloseInput) (*View, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := writable(ctx, q, a, id)
		if err != nil {
			return err
		}
		if r.Status != domain.ApplicantActive && r.Status != domain.ApplicantProbationary {
			return domain.Errorf(domain.EConflict, "err.development.closed")
		}
		v := &domain.Validation{}
		on, err := domain.ParseDate(strings.TrimSpace(in.On))
		switch {
		case err != nil:
			v.Add("on", "err.date")
		case on.IsZero():
			v.Add("on", "err.required")
		case on.After(s.today()):
			v.Add("on", "err.date_future")
		case on.Before(r.AppliedOn):
			v.Add("on", "err.development.before_previous")
		}
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			v.Add("reason", "err.required")
		} else if utf8.RuneCountInString(reason) > maxNoteRunes {
			v.Add("reason", "err.too_long")
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.Status = domain.ApplicantWithdrawn
		if r.MemberID != 0 {
			r.Status = domain.ApplicantCancelled
			if err := s.Members.CancelProbationTx(ctx, q, a, r.MemberID, on, reason); err != nil {
				return err
			}
		}
		r.ClosedOn, r.CloseReason = on, reason
		if err := q.UpdateApplicantState(ctx, r); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "applicant.close", "applicant", r.ID, r.OrgPath, nil,
			map[string]any{"status": r.Status, "on": on.String(), "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}
