package domain

import "time"

// Member development (发展党员) per the 2014 rules: 5 stages, 25 steps, and the timers
// between them. Everything here is data and pure functions; the development service stores
// the records and asks these functions what is allowed and what is due.

// DevTimers are the numbers of RULES.md "Developing new members". They are rule data (key
// "development.timers") with a validity period; DefaultDevTimers are only the shipped values.
type DevTimers struct {
	MinAge                int `json:"min_age"`                 // on the application date
	TalkWithinMonths      int `json:"talk_within_months"`      // after the application
	ReviewEveryMonths     int `json:"review_every_months"`     // activist reviews
	ActivistMinMonths     int `json:"activist_min_months"`     // activist before candidate
	TrainingMinDays       int `json:"training_min_days"`       // short training: days …
	TrainingMinHours      int `json:"training_min_hours"`      // … or class hours
	ApprovalWithinMonths  int `json:"approval_within_months"`  // upper committee approval after the branch meeting
	ApprovalSpecialMonths int `json:"approval_special_months"` // in special cases
	ProbationMonths       int `json:"probation_months"`
	ExtensionMinMonths    int `json:"extension_min_months"`
	ExtensionMaxMonths    int `json:"extension_max_months"`
	ContactsMin           int `json:"contacts_min"` // contacts (培养联系人) per activist
	ContactsMax           int `json:"contacts_max"`
	Sponsors              int `json:"sponsors"` // 入党介绍人
}

// DefaultDevTimers are the values of RULES.md.
var DefaultDevTimers = DevTimers{MinAge: 18, TalkWithinMonths: 1, ReviewEveryMonths: 6, ActivistMinMonths: 12,
	TrainingMinDays: 3, TrainingMinHours: 24, ApprovalWithinMonths: 3, ApprovalSpecialMonths: 6, ProbationMonths: 12,
	ExtensionMinMonths: 6, ExtensionMaxMonths: 12, ContactsMin: 1, ContactsMax: 2, Sponsors: 2}

// Step codes, in the order of the 2014 rules.
const (
	StepApplication      = "application"        // 1 递交入党申请书
	StepTalk             = "talk"               // 2 党组织派人谈话
	StepActivistChosen   = "activist_chosen"    // 3 推荐和确定入党积极分子
	StepActivistFiled    = "activist_filed"     // 4 上级党委备案
	StepContacts         = "contacts_assigned"  // 5 指定培养联系人
	StepActivistReview   = "activist_review"    // 6 培养教育考察
	StepCandidateChosen  = "candidate_chosen"   // 7 确定发展对象
	StepCandidateFiled   = "candidate_filed"    // 8 报上级党委备案
	StepSponsors         = "sponsors_assigned"  // 9 确定入党介绍人
	StepPoliticalReview  = "political_review"   // 10 进行政治审查
	StepTraining         = "training"           // 11 开展集中培训
	StepCommitteeReview  = "committee_review"   // 12 支部委员会审查
	StepUpperPrereview   = "upper_prereview"    // 13 上级党委预审
	StepApplicationForm  = "application_form"   // 14 填写入党志愿书
	StepAdmissionMeeting = "admission_meeting"  // 15 支部大会讨论
	StepUpperTalk        = "upper_talk"         // 16 上级党委派人谈话
	StepAdmissionApprove = "admission_approval" // 17 上级党委审批
	StepAdmissionFiled   = "admission_filed"    // 18 再上一级党委组织部门备案
	StepAssigned         = "assigned"           // 19 编入党支部和党小组
	StepOath             = "oath"               // 20 入党宣誓
	StepProbationReview  = "probation_review"   // 21 继续教育考察
	StepFullApplication  = "full_application"   // 22 提出转正申请
	StepFullMeeting      = "full_meeting"       // 23 支部大会讨论
	StepFullApproval     = "full_approval"      // 24 上级党委审批
	StepArchived         = "archived"           // 25 材料归档
)

// DevStep describes one of the 25 steps.
type DevStep struct {
	No         int    // 1…25
	Stage      int    // 1…5
	Code       string // message key "development.step.CODE"
	Repeatable bool   // reviews are recorded again and again
	Requires   []string
	People     string // "contacts" or "sponsors" when the step names people with a count rule
	Meeting    bool   // a branch general meeting: the vote is recorded
}

// DevStages are the five stages' message keys, "development.stage.N" for N = 1…5.
const DevStages = 5

// DevSteps are the 25 steps. Requires lists the steps that must be done first; a step's
// date may not be before theirs.
var DevSteps = []DevStep{
	{No: 1, Stage: 1, Code: StepApplication},
	{No: 2, Stage: 1, Code: StepTalk, Requires: []string{StepApplication}},
	{No: 3, Stage: 2, Code: StepActivistChosen, Requires: []string{StepTalk}},
	{No: 4, Stage: 2, Code: StepActivistFiled, Requires: []string{StepActivistChosen}},
	{No: 5, Stage: 2, Code: StepContacts, Requires: []string{StepActivistChosen}, People: "contacts"},
	{No: 6, Stage: 2, Code: StepActivistReview, Requires: []string{StepActivistChosen}, Repeatable: true},
	{No: 7, Stage: 3, Code: StepCandidateChosen, Requires: []string{StepActivistFiled, StepContacts}},
	{No: 8, Stage: 3, Code: StepCandidateFiled, Requires: []string{StepCandidateChosen}},
	{No: 9, Stage: 3, Code: StepSponsors, Requires: []string{StepCandidateChosen}, People: "sponsors"},
	{No: 10, Stage: 3, Code: StepPoliticalReview, Requires: []string{StepCandidateChosen}},
	{No: 11, Stage: 3, Code: StepTraining, Requires: []string{StepCandidateChosen}},
	{No: 12, Stage: 4, Code: StepCommitteeReview, Requires: []string{StepCandidateFiled, StepSponsors, StepPoliticalReview, StepTraining}},
	{No: 13, Stage: 4, Code: StepUpperPrereview, Requires: []string{StepCommitteeReview}},
	{No: 14, Stage: 4, Code: StepApplicationForm, Requires: []string{StepUpperPrereview}},
	{No: 15, Stage: 4, Code: StepAdmissionMeeting, Requires: []string{StepApplicationForm}, Meeting: true},
	{No: 16, Stage: 4, Code: StepUpperTalk, Requires: []string{StepAdmissionMeeting}},
	{No: 17, Stage: 4, Code: StepAdmissionApprove, Requires: []string{StepUpperTalk}},
	{No: 18, Stage: 4, Code: StepAdmissionFiled, Requires: []string{StepAdmissionApprove}},
	{No: 19, Stage: 5, Code: StepAssigned, Requires: []string{StepAdmissionApprove}},
	{No: 20, Stage: 5, Code: StepOath, Requires: []string{StepAdmissionApprove}},
	{No: 21, Stage: 5, Code: StepProbationReview, Requires: []string{StepAdmissionMeeting}, Repeatable: true},
	{No: 22, Stage: 5, Code: StepFullApplication, Requires: []string{StepAdmissionApprove}},
	{No: 23, Stage: 5, Code: StepFullMeeting, Requires: []string{StepFullApplication, StepOath}, Meeting: true},
	{No: 24, Stage: 5, Code: StepFullApproval, Requires: []string{StepFullMeeting}},
	{No: 25, Stage: 5, Code: StepArchived, Requires: []string{StepFullApproval}},
}

// DevStepByCode returns the step with the code.
func DevStepByCode(code string) (DevStep, bool) {
	for _, s := range DevSteps {
		if s.Code == code {
			return s, true
		}
	}
	return DevStep{}, false
}

// Applicant statuses.
const (
	ApplicantActive       = "active"       // stages 1–4, not yet admitted
	ApplicantProbationary = "probationary" // admitted: a probationary member
	ApplicantFull         = "full"         // full membership approved
	ApplicantCancelled    = "cancelled"    // probation cancelled
	ApplicantWithdrawn    = "withdrawn"    // left the process before admission
)

// AddMonths adds n calendar months and clamps to the end of the target month, so a month
// after 31 January is the last day of February (Go's AddDate would give 2 or 3 March) and a
// year after 29 February is 28 February.
func AddMonths(d Date, n int) Date {
	if d.IsZero() {
		return d
	}
	y, m, day := d.Time().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// DevRecord is one recorded step as the timers see it.
type DevRecord struct {
	Step          string
	DoneOn        Date
	People        int  // how many people it names
	TrainingDays  int  // training
	TrainingHours int  // training
	VotesFor      int  // meetings: yes votes
	VotesDue      int  // meetings: voting full members due to attend
	Special       bool // approvals: the special-case limit applies
}

// DevState is an applicant's progress: the application date, the probation extension, and
// the records so far (any order).
type DevState struct {
	AppliedOn       Date
	BirthDate       Date
	ExtensionMonths int
	Closed          bool // cancelled, withdrawn or archived: nothing is due any more
	Records         []DevRecord
}

// Done returns the dates a step was done, in record order.
func (s DevState) Done(step string) []Date {
	var out []Date
	for _, r := range s.Records {
		if r.Step == step {
			out = append(out, r.DoneOn)
		}
	}
	return out
}

// Last returns the latest date a step was done (zero when never).
func (s DevState) Last(step string) Date {
	var last Date
	for _, d := range s.Done(step) {
		if d.After(last) {
			last = d
		}
	}
	return last
}

// ProbationEnd is the day probation ends, counted from the admitting branch meeting and
// including an extension; it is also the full-membership date (党龄 counts from it). Zero
// before admission.
func (t DevTimers) ProbationEnd(s DevState) Date {
	meeting := s.Last(StepAdmissionMeeting)
	if meeting.IsZero() {
		return Date{}
	}
	return AddMonths(meeting, t.ProbationMonths+s.ExtensionMonths)
}

// CheckApplicant returns the field problems of a new applicant: the minimum age on the
// application date, and an application neither in the future nor before birth.
func (t DevTimers) CheckApplicant(birth, applied, today Date) map[string]string {
	p := map[string]string{}
	switch {
	case applied.IsZero():
		p["applied_on"] = "err.required"
	case applied.After(today):
		p["applied_on"] = "err.date_future"
	case birth.YearsSince(applied) < t.MinAge:
		p["applied_on"] = "err.development.under_age"
	}
	return p
}

// CheckStep returns the field problems of recording r now: unknown step, a non-repeatable
// step done twice, missing prerequisites, a date before a prerequisite's or the
// application's or after today, and every timer. An empty map means r may be recorded.
func (t DevTimers) CheckStep(s DevState, r DevRecord, today Date) map[string]string {
	p := map[string]string{}
	step, ok := DevStepByCode(r.Step)
	if !ok {
		p["step"] = "err.choice"
		return p
	}
	if s.Closed {
		p["step"] = "err.development.closed"
		return p
	}
	if !step.Repeatable && len(s.Done(step.Code)) > 0 {
		p["step"] = "err.development.step_done"
		return p
	}
	for _, req := range step.Requires {
		if s.Last(req).IsZero() {
			p["step"] = "err.development.step_order"
			return p
		}
	}
	switch {
	case r.DoneOn.IsZero():
		p["done_on"] = "err.required"
		return p
	case r.DoneOn.After(today):
		p["done_on"] = "err.date_future"
		return p
	case r.DoneOn.Before(s.AppliedOn):
		p["done_on"] = "err.development.before_previous"
		return p
	}
	for _, req := range step.Requires {
		if r.DoneOn.Before(s.Last(req)) {
			p["done_on"] = "err.development.before_previous"
			return p
		}
	}
	switch step.People {
	case "contacts":
		if r.People < t.ContactsMin || r.People > t.ContactsMax {
			p["people"] = "err.development.contacts_count"
		}
	case "sponsors":
		if r.People != t.Sponsors {
			p["people"] = "err.development.sponsors_count"
		}
	}
	if step.Meeting {
		switch {
		case r.VotesDue <= 0:
			p["votes_due"] = "err.required"
		case r.VotesFor < 0 || r.VotesFor > r.VotesDue:
			p["votes_for"] = "err.development.votes_range"
		case r.VotesFor*2 <= r.VotesDue:
			p["votes_for"] = "err.development.votes_short"
		}
	}
	switch step.Code {
	case StepCandidateChosen:
		if earliest := AddMonths(s.Last(StepActivistChosen), t.ActivistMinMonths); r.DoneOn.Before(earliest) {
			p["done_on"] = "err.development.activist_too_recent"
		}
	case StepTraining:
		if r.TrainingDays < t.TrainingMinDays && r.TrainingHours < t.TrainingMinHours {
			p["training_days"] = "err.development.training_short"
		}
	case StepAdmissionApprove:
		if key := t.checkApproval(s.Last(StepAdmissionMeeting), r); key != "" {
			p["done_on"] = key
		}
	case StepFullMeeting:
		if r.DoneOn.Before(t.ProbationEnd(s)) {
			p["done_on"] = "err.development.probation_not_over"
		}
	case StepFullApproval:
		if key := t.checkApproval(s.Last(StepFullMeeting), r); key != "" {
			p["done_on"] = key
		}
	}
	return p
}

// checkApproval enforces "approval within 3 months (≤ 6 in special cases)" of the meeting.
func (t DevTimers) checkApproval(meeting Date, r DevRecord) string {
	if !r.DoneOn.After(AddMonths(meeting, t.ApprovalWithinMonths)) {
		return ""
	}
	if !r.Special {
		return "err.development.approval_late"
	}
	if r.DoneOn.After(AddMonths(meeting, t.ApprovalSpecialMonths)) {
		return "err.development.approval_late_special"
	}
	return ""
}

// CheckExtension returns the field problems of extending probation by months, decided on a
// day: once only, 6–12 months, decided when the probation ends (not before) and before any
// branch meeting on full membership.
func (t DevTimers) CheckExtension(s DevState, months int, on, today Date) map[string]string {
	p := map[string]string{}
	end := t.ProbationEnd(s)
	switch {
	case s.Closed:
		p["months"] = "err.development.closed"
	case end.IsZero():
		p["months"] = "err.development.not_probationary"
	case s.ExtensionMonths > 0:
		p["months"] = "err.development.extended_once"
	case len(s.Done(StepFullMeeting)) > 0:
		p["months"] = "err.development.full_meeting_done"
	case months < t.ExtensionMinMonths || months > t.ExtensionMaxMonths:
		p["months"] = "err.development.extension_range"
	case on.IsZero():
		p["decided_on"] = "err.required"
	case on.After(today):
		p["decided_on"] = "err.date_future"
	case on.Before(end):
		p["decided_on"] = "err.development.probation_not_over"
	}
	return p
}

// DevStepStatus is one step of an applicant's timeline as of a day.
type DevStepStatus struct {
	DevStep
	Done       []Date // every record's date, in record order
	DoneOn     Date   // the latest
	EarliestOn Date   // not allowed before (candidate after a year as activist, full meeting after probation)
	DueOn      Date   // the last day it is on time
	Overdue    bool   // not done (or, for reviews, no review since) and today is after DueOn
}

// Schedule computes every step's dates and flags as of today.
func (t DevTimers) Schedule(s DevState, today Date) []DevStepStatus {
	out := make([]DevStepStatus, len(DevSteps))
	for i, step := range DevSteps {
		st := DevStepStatus{DevStep: step, Done: s.Done(step.Code), DoneOn: s.Last(step.Code)}
		done := !st.DoneOn.IsZero()
		switch step.Code {
		case StepTalk:
			st.DueOn = AddMonths(s.AppliedOn, t.TalkWithinMonths)
		case StepActivistReview:
			// Due every 6 months from the choice as activist (or the last review) until the
			// applicant becomes a candidate; a review is never "done" for good.
			chosen := s.Last(StepActivistChosen)
			if !chosen.IsZero() && s.Last(StepCandidateChosen).IsZero() {
				from := chosen
				if st.DoneOn.After(from) {
					from = st.DoneOn
				}
				st.DueOn = AddMonths(from, t.ReviewEveryMonths)
				done = false
			}
		case StepCandidateChosen:
			if chosen := s.Last(StepActivistChosen); !chosen.IsZero() {
				st.EarliestOn = AddMonths(chosen, t.ActivistMinMonths)
			}
		case StepAdmissionApprove:
			if m := s.Last(StepAdmissionMeeting); !m.IsZero() {
				st.DueOn = AddMonths(m, t.ApprovalWithinMonths)
			}
		case StepFullApplication:
			st.DueOn = t.ProbationEnd(s)
		case StepFullMeeting:
			st.EarliestOn = t.ProbationEnd(s)
		case StepFullApproval:
			if m := s.Last(StepFullMeeting); !m.IsZero() {
				st.DueOn = AddMonths(m, t.ApprovalWithinMonths)
			}
		}
		st.Overdue = !s.Closed && !done && !st.DueOn.IsZero() && today.After(st.DueOn)
		out[i] = st
	}
	return out
}

// Stage is the stage an applicant is in: that of the latest step done (1 when only the
// application is recorded).
func (s DevState) Stage() int {
	stage := 1
	for _, step := range DevSteps {
		if !s.Last(step.Code).IsZero() {
			stage = step.Stage
		}
	}
	return stage
}

// Applicant is a person in the development process. IDNumber holds the masked form.
type Applicant struct {
	ID              int64
	OrgID           int64
	OrgName         string
	OrgPath         string
	Name            string
	Gender          string
	BirthDate       Date
	IDNumber        string
	AppliedOn       Date
	Status          string
	MemberID        int64 // set on admission
	ExtensionMonths int
	ExtendedOn      Date
	ClosedOn        Date
	CloseReason     string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// DevPerson is someone a step names: a member of the roster (MemberID) or, for people
// outside it (a youth-league secretary, an upper committee's officer), a name only.
type DevPerson struct {
	MemberID int64  `json:"member_id,omitempty"`
	Name     string `json:"name"`
}

// DevDetail holds the figures some steps record.
type DevDetail struct {
	TrainingDays  int  `json:"training_days,omitempty"`
	TrainingHours int  `json:"training_hours,omitempty"`
	VotesFor      int  `json:"votes_for,omitempty"`
	VotesDue      int  `json:"votes_due,omitempty"`
	Special       bool `json:"special,omitempty"`
}

// DevStepRecord is one recorded step with its people, note and materials.
type DevStepRecord struct {
	ID          int64
	ApplicantID int64
	Step        string
	DoneOn      Date
	People      []DevPerson
	Note        string
	Detail      DevDetail
	Actor       string
	CreatedAt   time.Time
	Attachments []Attachment
}

// Attachment is a stored file's description; the content is fetched separately.
type Attachment struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
}

// Record turns a stored step into what the timers look at.
func (r DevStepRecord) Record() DevRecord {
	return DevRecord{Step: r.Step, DoneOn: r.DoneOn, People: len(r.People), TrainingDays: r.Detail.TrainingDays,
		TrainingHours: r.Detail.TrainingHours, VotesFor: r.Detail.VotesFor, VotesDue: r.Detail.VotesDue, Special: r.Detail.Special}
}
