package development_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

var ctx = context.Background()

// env is a fixture with the development service on a settable clock, two full members of
// BranchA to act as contacts and sponsors, and the people who call the service.
type env struct {
	f        *testutil.Fixture
	svc      *development.Service
	sys      *auth.Actor
	secA     *auth.Actor // secretary of BranchA
	secB     *auth.Actor // secretary of BranchB (another committee)
	auditor  *auth.Actor // auditor of CommitteeA: reads, never writes
	people   []domain.DevPerson
	sponsors []domain.DevPerson
}

func newEnv(t *testing.T, db *store.DB) *env {
	f := testutil.NewFixture(t, db)
	e := &env{f: f, svc: development.NewService(db, f.Set.Members), sys: auth.SystemActor()}
	e.setToday("2030-01-01")
	e.secA = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secB = f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
	e.auditor = f.User(t, "auditor_a", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
	m1 := f.Member(t, f.BranchA.ID, "联系人甲", "19700101")
	m2 := f.Member(t, f.BranchA.ID, "联系人乙", "19710101")
	e.people = []domain.DevPerson{{MemberID: m1.ID}}
	e.sponsors = []domain.DevPerson{{MemberID: m1.ID}, {MemberID: m2.ID}}
	return e
}

// setToday sets the service's clock to noon in Beijing on the day.
func (e *env) setToday(day string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" 12:00", time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	e.svc.Now = func() time.Time { return t }
}

func (e *env) apply(t *testing.T, a *auth.Actor, name, birth, applied string, seq int) *development.View {
	t.Helper()
	v, err := e.svc.Create(ctx, a, development.CreateInput{Name: name, IDNumber: testutil.IDNumber(birth, seq),
		OrgID: e.f.BranchA.ID, AppliedOn: applied})
	if err != nil {
		t.Fatalf("create applicant: %v", err)
	}
	return v
}

// timeline is a complete development on the shipped timers, each step on its day.
var timeline = []struct{ step, on string }{
	{domain.StepTalk, "2022-02-10"},
	{domain.StepActivistChosen, "2022-03-01"},
	{domain.StepActivistFiled, "2022-03-05"},
	{domain.StepContacts, "2022-03-05"},
	{domain.StepActivistReview, "2022-09-01"},
	{domain.StepCandidateChosen, "2023-03-01"},
	{domain.StepCandidateFiled, "2023-03-02"},
	{domain.StepSponsors, "2023-03-02"},
	{domain.StepPoliticalReview, "2023-03-10"},
	{domain.StepTraining, "2023-03-20"},
	{domain.StepCommitteeReview, "2023-04-01"},
	{domain.StepUpperPrereview, "2023-04-05"},
	{domain.StepApplicationForm, "2023-04-10"},
	{domain.StepAdmissionMeeting, "2023-05-01"},
	{domain.StepUpperTalk, "2023-05-10"},
	{domain.StepAdmissionApprove, "2023-08-01"},
	{domain.StepAdmissionFiled, "2023-08-05"},
	{domain.StepAssigned, "2023-08-05"},
	{domain.StepOath, "2023-08-10"},
	{domain.StepFullApplication, "2024-04-20"},
	{domain.StepFullMeeting, "2024-05-01"},
	{domain.StepFullApproval, "2024-06-01"},
	{domain.StepArchived, "2024-06-10"},
}

// input is the valid input of a timeline step.
func (e *env) input(step, on string) development.StepInput {
	in := development.StepInput{Step: step, DoneOn: on, Note: "按程序办理"}
	switch step {
	case domain.StepContacts:
		in.People = e.people
	case domain.StepSponsors:
		in.People = e.sponsors
	case domain.StepTraining:
		in.TrainingDays = 3
	case domain.StepAdmissionMeeting, domain.StepFullMeeting:
		in.VotesFor, in.VotesDue = 5, 7
	case domain.StepTalk:
		in.People = []domain.DevPerson{{Name: "组织委员王某"}}
	}
	return in
}

// advance records the timeline's steps up to and including until.
func (e *env) advance(t *testing.T, a *auth.Actor, id int64, until string) *development.View {
	t.Helper()
	v, err := e.svc.Get(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range timeline {
		if len(step(v, s.step).Records) > 0 { // done already
			if s.step == until {
				return v
			}
			continue
		}
		if v, err = e.svc.RecordStep(ctx, a, id, e.input(s.step, s.on)); err != nil {
			t.Fatalf("step %s on %s: %v", s.step, s.on, err)
		}
		if s.step == until {
			return v
		}
	}
	return v
}

// try records one step off the timeline and returns the error.
func (e *env) try(id int64, in development.StepInput) error {
	_, err := e.svc.RecordStep(ctx, e.sys, id, in)
	return err
}

func step(v *development.View, code string) development.StepView {
	for _, s := range v.Steps {
		if s.Code == code {
			return s
		}
	}
	panic("no step " + code)
}

func TestCreateApplicant(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Under 18 on the application date is refused, born on 29 February included.
		for _, c := range []struct {
			birth, applied string
			ok             bool
		}{
			{"20040611", "2022-06-10", false}, {"20040229", "2022-02-28", false}, {"20040229", "2022-03-01", true},
			{"20040610", "2022-06-10", true},
		} {
			_, err := e.svc.Create(ctx, e.secA, development.CreateInput{Name: "青年", IDNumber: testutil.IDNumber(c.birth, 11),
				OrgID: e.f.BranchA.ID, AppliedOn: c.applied})
			if c.ok && err != nil {
				t.Errorf("born %s applied %s: %v", c.birth, c.applied, err)
			}
			if !c.ok {
				testutil.WantField(t, err, domain.EInvalid, "applied_on", "err.development.under_age")
			}
		}
		v := e.apply(t, e.secA, "李明", "20000505", "2022-01-10", 21)
		if v.Status != domain.ApplicantActive || v.Stage != 1 || v.BirthDate.String() != "2000-05-05" ||
			v.Gender != "male" || v.IDNumber != domain.MaskIDNumber(testutil.IDNumber("20000505", 21)) || len(v.Steps) != 25 {
			t.Fatalf("created %+v", v.Applicant)
		}
		if s := step(v, domain.StepApplication); s.DoneOn.String() != "2022-01-10" {
			t.Fatalf("application step %+v", s)
		}
		if testutil.LastAudit(t, db).Action != "applicant.create" {
			t.Fatal("not audited")
		}
		_, err := e.svc.Create(ctx, e.secA, development.CreateInput{Name: "李明", IDNumber: testutil.IDNumber("20000505", 21),
			OrgID: e.f.BranchA.ID, AppliedOn: "2022-02-10"})
		testutil.WantField(t, err, domain.EConflict, "id_number", "err.development.duplicate_applicant")
		roster := e.f.Member(t, e.f.BranchA.ID, "老党员", "19600101")
		r, _ := e.f.Set.Members.Get(ctx, e.sys, roster.ID, true)
		_, err = e.svc.Create(ctx, e.secA, development.CreateInput{Name: "老党员", IDNumber: r.IDNumber,
			OrgID: e.f.BranchA.ID, AppliedOn: "2022-02-10"})
		testutil.WantField(t, err, domain.EConflict, "id_number", "err.member.duplicate_id_number")
		_, err = e.svc.Create(ctx, e.secA, development.CreateInput{Name: "", IDNumber: "123", OrgID: e.f.GroupA.ID, AppliedOn: "2022-13-01"})
		for field, key := range map[string]string{"name": "err.required", "id_number": "err.id_number.length",
			"org_id": "err.member.org_not_branch", "applied_on": "err.date"} {
			testutil.WantField(t, err, domain.EInvalid, field, key)
		}
		_, err = e.svc.Create(ctx, e.secB, development.CreateInput{Name: "李", IDNumber: testutil.IDNumber("20000505", 23),
			OrgID: e.f.BranchA.ID, AppliedOn: "2022-02-10"})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.svc.Create(ctx, e.auditor, development.CreateInput{})
		testutil.WantCode(t, err, domain.EForbidden)
	})
}

func TestTalkDueAndOverdue(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.sys, "张华", "19990101", "2024-01-31", 31)
		for day, overdue := range map[string]bool{"2024-02-28": false, "2024-02-29": false, "2024-03-01": true} {
			e.setToday(day)
			got, err := e.svc.Get(ctx, e.secA, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			s := step(got, domain.StepTalk)
			if s.DueOn.String() != "2024-02-29" || s.Overdue != overdue || (got.Overdue == 1) != overdue {
				t.Errorf("today %s: due %s overdue %v (count %d)", day, s.DueOn, s.Overdue, got.Overdue)
			}
		}
		e.setToday("2024-03-05")
		got, err := e.svc.RecordStep(ctx, e.secA, v.ID, e.input(domain.StepTalk, "2024-03-04"))
		if err != nil {
			t.Fatal(err)
		}
		if s := step(got, domain.StepTalk); s.Overdue || s.DoneOn.String() != "2024-03-04" || len(s.Records) != 1 ||
			s.Records[0].People[0].Name != "组织委员王某" || s.Records[0].Note != "按程序办理" {
			t.Fatalf("talk done late: %+v", s)
		}
	})
}

func TestActivistReviewsAndCandidateAfterOneYear(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.sys, "王刚", "19990101", "2022-01-10", 41)
		e.advance(t, e.sys, v.ID, domain.StepContacts)
		for day, overdue := range map[string]bool{"2022-08-31": false, "2022-09-01": false, "2022-09-02": true} {
			e.setToday(day)
			got, _ := e.svc.Get(ctx, e.sys, v.ID)
			if s := step(got, domain.StepActivistReview); s.DueOn.String() != "2022-09-01" || s.Overdue != overdue {
				t.Errorf("today %s: review due %s overdue %v", day, s.DueOn, s.Overdue)
			}
		}
		e.setToday("2030-01-01")
		got, err := e.svc.RecordStep(ctx, e.sys, v.ID, e.input(domain.StepActivistReview, "2022-08-31"))
		if err != nil {
			t.Fatal(err)
		}
		if s := step(got, domain.StepActivistReview); s.DueOn.String() != "2023-02-28" {
			t.Errorf("next review due %s", s.DueOn)
		}
		if s := step(got, domain.StepCandidateChosen); s.EarliestOn.String() != "2023-03-01" {
			t.Errorf("candidate earliest %s", s.EarliestOn)
		}
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepCandidateChosen, "2023-02-28")), domain.EInvalid, "done_on", "err.development.activist_too_recent")
		if err := e.try(v.ID, e.input(domain.StepCandidateChosen, "2023-03-01")); err != nil {
			t.Fatalf("candidate on the day a year after: %v", err)
		}
		// A second review is fine (repeatable); contacts twice is not.
		if err := e.try(v.ID, e.input(domain.StepActivistReview, "2023-03-01")); err != nil {
			t.Fatal(err)
		}
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepContacts, "2023-03-01")), domain.EInvalid, "step", "err.development.step_done")
	})
}

func TestStepOrderPeopleAndTraining(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.sys, "赵敏", "19990101", "2022-01-10", 51)
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepActivistChosen, "2022-03-01")), domain.EInvalid, "step", "err.development.step_order")
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepTalk, "2022-01-09")), domain.EInvalid, "done_on", "err.development.before_previous")
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepTalk, "2030-01-02")), domain.EInvalid, "done_on", "err.date_future")
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepTalk, "2022-1-9")), domain.EInvalid, "done_on", "err.date")
		testutil.WantField(t, e.try(v.ID, e.input("coronation", "2022-02-01")), domain.EInvalid, "step", "err.choice")
		e.advance(t, e.sys, v.ID, domain.StepActivistChosen)
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepActivistFiled, "2022-02-28")), domain.EInvalid, "done_on", "err.development.before_previous")
		// Contacts: 1–2 full members of the roster, not names, not probationary members.
		in := e.input(domain.StepContacts, "2022-03-05")
		in.People = []domain.DevPerson{{Name: "外人"}}
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "people", "err.development.person_not_full_member")
		in.People = nil
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "people", "err.development.contacts_count")
		in.People = []domain.DevPerson{{MemberID: 999999}}
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "people", "err.development.person_unknown")
		in.People = []domain.DevPerson{e.people[0], e.people[0]}
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "people", "err.development.person_twice")
		e.advance(t, e.sys, v.ID, domain.StepSponsors)
		in = e.input(domain.StepTraining, "2023-03-20")
		in.TrainingDays, in.TrainingHours = 2, 23
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "training_days", "err.development.training_short")
		in.TrainingDays, in.TrainingHours = 0, 24
		if err := e.try(v.ID, in); err != nil {
			t.Fatalf("24 hours of training: %v", err)
		}
	})
}

// Admission makes a probationary member in the same transaction; approval has 3 months (6
// in special cases); full membership comes from the end of probation.
func TestAdmissionApprovalAndFullMembership(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.secA, "钱进", "19990101", "2022-01-10", 61)
		e.advance(t, e.secA, v.ID, domain.StepApplicationForm)
		in := e.input(domain.StepAdmissionMeeting, "2023-05-01")
		in.VotesFor = 3 // of 7: not more than half
		testutil.WantField(t, e.try(v.ID, in), domain.EInvalid, "votes_for", "err.development.votes_short")
		got := e.advance(t, e.secA, v.ID, domain.StepUpperTalk)
		if got.Status != domain.ApplicantProbationary || got.MemberID == 0 || got.Stage != 4 ||
			got.ProbationEndsOn.String() != "2024-05-01" {
			t.Fatalf("after admission: %+v (ends %s)", got.Applicant, got.ProbationEndsOn)
		}
		m, err := e.f.Set.Members.Get(ctx, e.secA, got.MemberID, true)
		if err != nil {
			t.Fatal(err)
		}
		if m.Category != domain.CategoryProbationary || m.JoinedOn.String() != "2023-05-01" || m.Name != "钱进" ||
			m.IDNumber != testutil.IDNumber("19990101", 61) || m.OrgID != e.f.BranchA.ID {
			t.Fatalf("member %+v", m)
		}
		events, _ := e.f.Set.Members.Events(ctx, e.sys, m.ID, 0, 50)
		if len(events) != 2 || events[1].Kind != "admitted" || events[0].Kind != "development_step" {
			t.Fatalf("events %+v", events)
		}
		// Approval: 3 months after the meeting, 6 in a special case.
		for day, overdue := range map[string]bool{"2023-08-01": false, "2023-08-02": true} {
			e.setToday(day)
			if s := step(mustGet(t, e, got.ID), domain.StepAdmissionApprove); s.DueOn.String() != "2023-08-01" || s.Overdue != overdue {
				t.Errorf("today %s: approval due %s overdue %v", day, s.DueOn, s.Overdue)
			}
		}
		e.setToday("2030-01-01")
		late := e.input(domain.StepAdmissionApprove, "2023-08-02")
		testutil.WantField(t, e.try(v.ID, late), domain.EInvalid, "done_on", "err.development.approval_late")
		late.DoneOn, late.Special = "2023-11-02", true
		testutil.WantField(t, e.try(v.ID, late), domain.EInvalid, "done_on", "err.development.approval_late_special")
		late.DoneOn = "2023-12-01" // after filing dates of the timeline would follow: only check the limit
		testutil.WantField(t, e.try(v.ID, late), domain.EInvalid, "done_on", "err.development.approval_late_special")
		e.advance(t, e.secA, v.ID, domain.StepFullApplication)
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepFullMeeting, "2024-04-30")), domain.EInvalid, "done_on", "err.development.probation_not_over")
		got = e.advance(t, e.secA, v.ID, domain.StepFullApproval)
		m, _ = e.f.Set.Members.Get(ctx, e.secA, got.MemberID, false)
		if got.Status != domain.ApplicantFull || m.Category != domain.CategoryFull || m.FullMemberOn.String() != "2024-05-01" {
			t.Fatalf("after full approval: %s, member %s full on %s", got.Status, m.Category, m.FullMemberOn)
		}
		got = e.advance(t, e.secA, v.ID, domain.StepArchived)
		if got.Overdue != 0 || got.Stage != 5 {
			t.Fatalf("archived: %d overdue, stage %d", got.Overdue, got.Stage)
		}
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepProbationReview, "2024-06-20")), domain.EInvalid, "step", "err.development.closed")
		if n := testutil.AuditCount(t, db, "member.full_membership"); n != 1 {
			t.Fatalf("%d full-membership audits", n)
		}
	})
}

func mustGet(t *testing.T, e *env, id int64) *development.View {
	t.Helper()
	v, err := e.svc.Get(ctx, e.sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A failed admission leaves nothing behind: the step and the member go together.
func TestAdmissionIsAtomic(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.sys, "孙立", "19990101", "2022-01-10", 71)
		e.advance(t, e.sys, v.ID, domain.StepApplicationForm)
		// Someone puts the same ID number on the roster meanwhile.
		in := e.f.MemberInput(e.f.BranchA2.ID, "孙立", "19990101")
		id := testutil.IDNumber("19990101", 71)
		in.IDNumber = &id
		if _, err := e.f.Set.Members.Create(ctx, e.sys, in); err != nil {
			t.Fatal(err)
		}
		err := e.try(v.ID, e.input(domain.StepAdmissionMeeting, "2023-05-01"))
		testutil.WantCode(t, err, domain.EConflict)
		got := mustGet(t, e, v.ID)
		if got.MemberID != 0 || got.Status != domain.ApplicantActive || len(step(got, domain.StepAdmissionMeeting).Records) != 0 {
			t.Fatalf("half an admission: %+v", got.Applicant)
		}
	})
}

func TestExtensionOnceAndCancellation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.secA, "周平", "19990101", "2022-01-10", 81)
		_, err := e.svc.ExtendProbation(ctx, e.secA, v.ID, development.ExtendInput{Months: 6, DecidedOn: "2024-05-01", Reason: "考察"})
		testutil.WantField(t, err, domain.EInvalid, "months", "err.development.not_probationary")
		e.advance(t, e.secA, v.ID, domain.StepFullApplication)
		for _, c := range []struct {
			months    int
			on, field string
			key       string
		}{
			{5, "2024-05-01", "months", "err.development.extension_range"},
			{13, "2024-05-01", "months", "err.development.extension_range"},
			{6, "2024-04-30", "decided_on", "err.development.probation_not_over"},
			{6, "2024-05-01", "reason", "err.required"},
		} {
			in := development.ExtendInput{Months: c.months, DecidedOn: c.on, Reason: "需要继续考察"}
			if c.field == "reason" {
				in.Reason = " "
			}
			_, err := e.svc.ExtendProbation(ctx, e.secA, v.ID, in)
			testutil.WantField(t, err, domain.EInvalid, c.field, c.key)
		}
		_, err = e.svc.ExtendProbation(ctx, e.secB, v.ID, development.ExtendInput{Months: 6, DecidedOn: "2024-05-01", Reason: "x"})
		testutil.WantCode(t, err, domain.EForbidden)
		got, err := e.svc.ExtendProbation(ctx, e.secA, v.ID, development.ExtendInput{Months: 6, DecidedOn: "2024-05-01", Reason: "需要继续考察"})
		if err != nil {
			t.Fatal(err)
		}
		if got.ProbationEndsOn.String() != "2024-11-01" || got.ExtensionMonths != 6 {
			t.Fatalf("extended to %s", got.ProbationEndsOn)
		}
		_, err = e.svc.ExtendProbation(ctx, e.secA, v.ID, development.ExtendInput{Months: 6, DecidedOn: "2024-11-01", Reason: "再延"})
		testutil.WantField(t, err, domain.EInvalid, "months", "err.development.extended_once")
		testutil.WantField(t, e.try(v.ID, e.input(domain.StepFullMeeting, "2024-10-31")), domain.EInvalid, "done_on", "err.development.probation_not_over")
		// Cancellation takes the probationary member off the roster; it is not an expulsion.
		_, err = e.svc.Close(ctx, e.secA, v.ID, development.CloseInput{On: "2024-11-05"})
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		got, err = e.svc.Close(ctx, e.secA, v.ID, development.CloseInput{On: "2024-11-05", Reason: "不具备党员条件"})
		if err != nil {
			t.Fatal(err)
		}
		m, _ := e.f.Set.Members.Get(ctx, e.sys, got.MemberID, false)
		if got.Status != domain.ApplicantCancelled || m.Standing != domain.StandingNormal || got.Overdue != 0 ||
			m.LeftReason != domain.LeftProbationCancelled || m.LeftOn.String() != "2024-11-05" {
			t.Fatalf("cancelled: %s, member standing %s, left %s %s", got.Status, m.Standing, m.LeftOn, m.LeftReason)
		}
		changes, _ := e.f.Set.Members.MemberStandingChanges(ctx, e.sys, m.ID, 0, 5)
		if len(changes) != 1 || changes[0].Action != member.ActionCancelProbation || changes[0].ToStanding != domain.StandingNormal ||
			changes[0].Reason != "不具备党员条件" || changes[0].EffectiveOn.String() != "2024-11-05" {
			t.Fatalf("standing changes %+v", changes)
		}
		events, _ := e.f.Set.Members.Events(ctx, e.sys, m.ID, 0, 1)
		if len(events) != 1 || events[0].Kind != "left" {
			t.Fatalf("last event %+v", events)
		}
		current, _ := e.f.Set.Members.List(ctx, e.sys, member.Filter{OrgID: m.OrgID}, true)
		for _, x := range current.Items {
			if x.ID == m.ID {
				t.Fatalf("cancelled member still on the roster list")
			}
		}
		_, err = e.svc.Close(ctx, e.secA, v.ID, development.CloseInput{On: "2024-11-06", Reason: "again"})
		testutil.WantCode(t, err, domain.EConflict)
		// Before admission, closing withdraws the applicant and touches no roster.
		w := e.apply(t, e.secA, "吴用", "19990101", "2022-01-10", 83)
		got, err = e.svc.Close(ctx, e.secA, w.ID, development.CloseInput{On: "2022-02-01", Reason: "本人撤回申请"})
		if err != nil || got.Status != domain.ApplicantWithdrawn || got.MemberID != 0 {
			t.Fatalf("withdrawn: %v %+v", err, got)
		}
	})
}

func TestDueThisMonth(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a := e.apply(t, e.sys, "甲申请人", "19990101", "2024-01-31", 91) // talk due 2024-02-29
		b := e.apply(t, e.sys, "乙申请人", "19990101", "2023-12-15", 93) // talk due 2024-01-15: overdue in February
		c := e.apply(t, e.sys, "丙申请人", "19990101", "2024-02-01", 95) // talk due 2024-03-01: next month
		e.setToday("2024-02-10")
		items, err := e.svc.Due(ctx, e.secA, e.f.BranchA.ID, "2024-02")
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]development.DueItem{}
		for _, it := range items {
			if it.Step == domain.StepTalk {
				got[it.ApplicantID] = it
			}
		}
		if it := got[a.ID]; it.On.String() != "2024-02-29" || it.Overdue || it.Kind != development.KindDue {
			t.Errorf("a: %+v", it)
		}
		if it := got[b.ID]; it.On.String() != "2024-01-15" || !it.Overdue {
			t.Errorf("b: %+v", it)
		}
		if _, listed := got[c.ID]; listed || len(got) != 2 {
			t.Errorf("listed %v", got)
		}
		if items[0].ApplicantID != b.ID {
			t.Errorf("not earliest first: %+v", items[0])
		}
		// Eligibility: a candidate may be chosen a year after the activist choice.
		e.setToday("2030-01-01")
		d := e.apply(t, e.sys, "丁申请人", "19990101", "2022-01-10", 97)
		e.advance(t, e.sys, d.ID, domain.StepActivistReview)
		e.setToday("2023-03-01")
		items, err = e.svc.Due(ctx, e.sys, e.f.BranchA.ID, "2023-03")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range items {
			if it.ApplicantID == d.ID && it.Step == domain.StepCandidateChosen {
				found = it.Kind == development.KindEligible && it.On.String() == "2023-03-01"
			}
			if it.ApplicantID == d.ID && it.Step == domain.StepActivistReview && it.On.String() != "2023-03-01" {
				t.Errorf("review listed on %s", it.On)
			}
		}
		if !found {
			t.Errorf("candidate eligibility not listed: %+v", items)
		}
		_, err = e.svc.Due(ctx, e.secB, e.f.CommitteeA.ID, "2024-02")
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.Due(ctx, e.secA, e.f.BranchA.ID, "2024-2")
		testutil.WantField(t, err, domain.EInvalid, "month", "err.month_yyyy_mm")
		// Another branch's secretary sees none of them in their own subtree.
		items, err = e.svc.Due(ctx, e.secB, e.f.BranchB.ID, "2024-02")
		if err != nil || len(items) != 0 {
			t.Fatalf("secretary B sees %v %v", items, err)
		}
	})
}

func TestAuthorisation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.secA, "郑和", "19990101", "2022-01-10", 101)
		_, err := e.svc.Get(ctx, e.secB, v.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		// Writes outside the caller's scope answer EForbidden (API.md: 403), reads ENotFound.
		_, err = e.svc.RecordStep(ctx, e.secB, v.ID, e.input(domain.StepTalk, "2022-02-01"))
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.svc.Close(ctx, e.secB, v.ID, development.CloseInput{On: "2022-02-01", Reason: "x"})
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.svc.Get(ctx, e.auditor, v.ID); err != nil {
			t.Fatalf("auditor of the committee: %v", err)
		}
		_, err = e.svc.RecordStep(ctx, e.auditor, v.ID, e.input(domain.StepTalk, "2022-02-01"))
		testutil.WantCode(t, err, domain.EForbidden)
		list, _, err := e.svc.List(ctx, e.secB, development.Filter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("secretary B lists %d applicants (%v)", len(list), err)
		}
		list, _, err = e.svc.List(ctx, e.secA, development.Filter{OrgID: e.f.BranchA.ID})
		if err != nil || len(list) != 1 || list[0].ID != v.ID {
			t.Fatalf("secretary A lists %v (%v)", list, err)
		}
		_, _, err = e.svc.List(ctx, e.secB, development.Filter{OrgID: e.f.BranchA.ID})
		testutil.WantCode(t, err, domain.ENotFound)
		// A contact from another committee's branch is outside secretary A's scope.
		outsider := e.f.Member(t, e.f.BranchB.ID, "外部党员", "19700101")
		e.advance(t, e.secA, v.ID, domain.StepActivistFiled)
		in := e.input(domain.StepContacts, "2022-03-05")
		in.People = []domain.DevPerson{{MemberID: outsider.ID}}
		_, err = e.svc.RecordStep(ctx, e.secA, v.ID, in)
		testutil.WantField(t, err, domain.EInvalid, "people", "err.development.person_unknown")
	})
}

func TestAttachments(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.apply(t, e.secA, "冯雪", "19990101", "2022-01-10", 111)
		in := e.input(domain.StepTalk, "2022-02-01")
		scan := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0xAB}, 3000)...)
		in.Attachments = []development.AttachmentInput{{Name: "谈话记录.pdf", Data: scan}}
		big := in
		big.Attachments = []development.AttachmentInput{{Name: "big.bin", Data: make([]byte, development.MaxAttachmentBytes+1)}}
		_, err := e.svc.RecordStep(ctx, e.secA, v.ID, big)
		testutil.WantField(t, err, domain.EInvalid, "attachments", "err.development.file_too_big")
		bad := in
		bad.Attachments = []development.AttachmentInput{{Name: "../etc/passwd", Data: []byte("x")}}
		_, err = e.svc.RecordStep(ctx, e.secA, v.ID, bad)
		testutil.WantField(t, err, domain.EInvalid, "attachments", "err.development.file_name")
		got, err := e.svc.RecordStep(ctx, e.secA, v.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		atts := step(got, domain.StepTalk).Records[0].Attachments
		if len(atts) != 1 || atts[0].Name != "谈话记录.pdf" || atts[0].Size != int64(len(scan)) || atts[0].ContentType != "application/pdf" {
			t.Fatalf("attachments %+v", atts)
		}
		meta, content, err := e.svc.Attachment(ctx, e.auditor, v.ID, atts[0].ID)
		if err != nil || !bytes.Equal(content, scan) || meta.Name != "谈话记录.pdf" {
			t.Fatalf("fetched %v %d bytes", err, len(content))
		}
		_, _, err = e.svc.Attachment(ctx, e.secB, v.ID, atts[0].ID)
		testutil.WantCode(t, err, domain.ENotFound)
		if !strings.Contains(testutil.LastAudit(t, db).After, "谈话记录.pdf") {
			t.Fatal("the step's audit entry does not name the file")
		}
	})
}
