package api

import (
	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// applicantJSON is an applicant with the summary of the timeline: the stage (1–5), how many
// steps are overdue, and when probation ends (including an extension).
type applicantJSON struct {
	ID              jsonID      `json:"id"`
	Name            string      `json:"name"`
	Gender          string      `json:"gender"`
	BirthDate       domain.Date `json:"birth_date"`
	IDNumber        string      `json:"id_number"`
	OrgID           jsonID      `json:"org_id"`
	OrgName         string      `json:"org_name"`
	AppliedOn       domain.Date `json:"applied_on"`
	Status          string      `json:"status"`
	Stage           int         `json:"stage"`
	MemberID        nullID      `json:"member_id"`
	ProbationEndsOn domain.Date `json:"probation_ends_on"`
	ExtensionMonths int         `json:"extension_months"`
	ExtendedOn      domain.Date `json:"extended_on"`
	ClosedOn        domain.Date `json:"closed_on"`
	CloseReason     string      `json:"close_reason"`
	Overdue         int         `json:"overdue"`
	CreatedAt       stamp       `json:"created_at"`
	UpdatedAt       stamp       `json:"updated_at"`
}

// applicantDetailJSON is an applicant with all 25 steps.
type applicantDetailJSON struct {
	applicantJSON
	Steps []stepJSON `json:"steps"`
}

// stepJSON is one step of the timeline: done_on is the latest record's day; earliest_on the
// first day it is allowed (a candidate after a year as activist, the full-membership meeting
// after probation); due_on the last day it is on time; overdue when due_on has passed
// without it.
type stepJSON struct {
	No         int              `json:"no"`
	Stage      int              `json:"stage"`
	Step       string           `json:"step"`
	Repeatable bool             `json:"repeatable"`
	DoneOn     domain.Date      `json:"done_on"`
	EarliestOn domain.Date      `json:"earliest_on"`
	DueOn      domain.Date      `json:"due_on"`
	Overdue    bool             `json:"overdue"`
	Records    []stepRecordJSON `json:"records"`
}

// stepRecordJSON is one recording of a step with its people, note, figures and files.
type stepRecordJSON struct {
	ID            jsonID           `json:"id"`
	DoneOn        domain.Date      `json:"done_on"`
	People        []personJSON     `json:"people"`
	Note          string           `json:"note"`
	TrainingDays  int              `json:"training_days"`
	TrainingHours int              `json:"training_hours"`
	VotesFor      int              `json:"votes_for"`
	VotesDue      int              `json:"votes_due"`
	Special       bool             `json:"special"`
	Actor         string           `json:"actor"`
	CreatedAt     stamp            `json:"created_at"`
	Attachments   []attachmentJSON `json:"attachments"`
}

type personJSON struct {
	MemberID nullID `json:"member_id"`
	Name     string `json:"name"`
}

type attachmentJSON struct {
	ID          jsonID `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

func applicantView(v *development.View) applicantJSON {
	return applicantJSON{ID: jsonID(v.ID), Name: v.Name, Gender: v.Gender, BirthDate: v.BirthDate, IDNumber: v.IDNumber,
		OrgID: jsonID(v.OrgID), OrgName: v.OrgName, AppliedOn: v.AppliedOn, Status: v.Status, Stage: v.Stage,
		MemberID: nullID(v.MemberID), ProbationEndsOn: v.ProbationEndsOn, ExtensionMonths: v.ExtensionMonths,
		ExtendedOn: v.ExtendedOn, ClosedOn: v.ClosedOn, CloseReason: v.CloseReason, Overdue: v.Overdue,
		CreatedAt: stamp(v.CreatedAt), UpdatedAt: stamp(v.UpdatedAt)}
}

func applicantDetailView(v *development.View) applicantDetailJSON {
	out := applicantDetailJSON{applicantJSON: applicantView(v), Steps: make([]stepJSON, len(v.Steps))}
	for i, st := range v.Steps {
		s := stepJSON{No: st.No, Stage: st.Stage, Step: st.Code, Repeatable: st.Repeatable, DoneOn: st.DoneOn,
			EarliestOn: st.EarliestOn, DueOn: st.DueOn, Overdue: st.Overdue, Records: make([]stepRecordJSON, len(st.Records))}
		for k, rec := range st.Records {
			s.Records[k] = stepRecordView(v.ID, &rec)
		}
		out.Steps[i] = s
	}
	return out
}

func stepRecordView(applicantID int64, rec *domain.DevStepRecord) stepRecordJSON {
	out := stepRecordJSON{ID: jsonID(rec.ID), DoneOn: rec.DoneOn, People: make([]personJSON, len(rec.People)),
		Note: rec.Note, TrainingDays: rec.Detail.TrainingDays, TrainingHours: rec.Detail.TrainingHours,
		VotesFor: rec.Detail.VotesFor, VotesDue: rec.Detail.VotesDue, Special: rec.Detail.Special, Actor: rec.Actor,
		CreatedAt: stamp(rec.CreatedAt), Attachments: make([]attachmentJSON, len(rec.Attachments))}
	for i, p := range rec.People {
		out.People[i] = personJSON{MemberID: nullID(p.MemberID), Name: p.Name}
	}
	for i, a := range rec.Attachments {
		out.Attachments[i] = attachmentJSON{ID: jsonID(a.ID), Name: a.Name, ContentType: a.ContentType, Size: a.Size,
			URL: base + "/applicants/" + formatID(applicantID) + "/attachments/" + formatID(a.ID)}
	}
	return out
}

// dueJSON is one line of "what is due this month": kind due (must be done by on) or
// eligible (may be done from on); overdue lines are due lines whose day has passed.
type dueJSON struct {
	ApplicantID   jsonID      `json:"applicant_id"`
	ApplicantName string      `json:"applicant_name"`
	OrgID         jsonID      `json:"org_id"`
	OrgName       string      `json:"org_name"`
	Step          string      `json:"step"`
	StepNo        int         `json:"step_no"`
	Kind          string      `json:"kind"`
	On            domain.Date `json:"on"`
	Overdue       bool        `json:"overdue"`
}

func dueView(d *development.DueItem) dueJSON {
	return dueJSON{ApplicantID: jsonID(d.ApplicantID), ApplicantName: d.ApplicantName, OrgID: jsonID(d.OrgID),
		OrgName: d.OrgName, Step: d.Step, StepNo: d.StepNo, Kind: d.Kind, On: d.On, Overdue: d.Overdue}
}
