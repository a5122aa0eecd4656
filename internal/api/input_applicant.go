package api

import (
	"io"
	"net/http"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// applicantRequest is the body of POST /applicants.
type applicantRequest struct {
	Name      string `json:"name"`
	IDNumber  string `json:"id_number"`
	OrgID     ID     `json:"org_id"`
	AppliedOn string `json:"applied_on"`
}

func decodeApplicantRequest(body io.Reader) (development.CreateInput, error) {
	var req applicantRequest
	if err := decodeJSON(body, &req); err != nil {
		return development.CreateInput{}, err
	}
	v := &domain.Validation{}
	in := development.CreateInput{Name: req.Name, IDNumber: req.IDNumber, AppliedOn: req.AppliedOn}
	if id := req.OrgID.required("org_id", v); id != nil {
		in.OrgID = *id
	}
	return in, v.Err()
}

// stepRequest is the body of POST /applicants/{id}/steps (API.md: step, done_on, people[],
// note) with the figures some steps need.
type stepRequest struct {
	Step          string          `json:"step"`
	DoneOn        string          `json:"done_on"`
	People        []personRequest `json:"people"`
	Note          string          `json:"note"`
	TrainingDays  int             `json:"training_days"`
	TrainingHours int             `json:"training_hours"`
	VotesFor      int             `json:"votes_for"`
	VotesDue      int             `json:"votes_due"`
	Special       bool            `json:"special"`
}

// personRequest names a roster member by id, or someone outside the roster by name.
type personRequest struct {
	MemberID ID     `json:"member_id"`
	Name     string `json:"name"`
}

func decodeStepRequest(body io.Reader) (development.StepInput, error) {
	var req stepRequest
	if err := decodeJSON(body, &req); err != nil {
		return development.StepInput{}, err
	}
	v := &domain.Validation{}
	in := development.StepInput{Step: req.Step, DoneOn: req.DoneOn, Note: req.Note, TrainingDays: req.TrainingDays,
		TrainingHours: req.TrainingHours, VotesFor: req.VotesFor, VotesDue: req.VotesDue, Special: req.Special,
		People: make([]domain.DevPerson, 0, len(req.People))}
	for _, p := range req.People {
		var id int64
		if n := p.MemberID.optional("people", v); n != nil {
			id = *n
		}
		in.People = append(in.People, domain.DevPerson{MemberID: id, Name: p.Name})
	}
	return in, v.Err()
}

// stepUpload is a step as JSON, or multipart with the JSON in "body" and the files (scans of
// signed forms) in parts named "attachments".
var stepUpload = filesUpload{FilePart: "attachments", MaxFiles: development.MaxAttachments,
	MaxFileBytes: development.MaxAttachmentBytes, TooBigKey: "err.development.file_too_big",
	TooManyKey: "err.development.too_many_files"}

// readStepRequest reads a step with its attachments.
func readStepRequest(w http.ResponseWriter, r *http.Request) (development.StepInput, error) {
	var in development.StepInput
	var files []development.AttachmentInput
	err := stepUpload.read(w, r, func(body io.Reader) error {
		var err error
		in, err = decodeStepRequest(body)
		return err
	}, func(name, ct string, data []byte) {
		if ct == "application/octet-stream" { // the browser did not know: let the service sniff
			ct = ""
		}
		files = append(files, development.AttachmentInput{Name: name, ContentType: ct, Data: data})
	})
	if err != nil {
		return in, err
	}
	if files != nil {
		in.Attachments = files
	}
	return in, nil
}

// extendRequest is the body of POST /applicants/{id}/extension.
type extendRequest struct {
	Months    int    `json:"months"`
	DecidedOn string `json:"decided_on"`
	Reason    string `json:"reason"`
}

// closeRequest is the body of POST /applicants/{id}/close.
type closeRequest struct {
	On     string `json:"on"`
	Reason string `json:"reason"`
}
