package api

import (
	"bytes"
	"io"
	"net/http"
	"strings"

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

// stepBodyLimit is the most a step with its files may send: every file at its limit, and
// room for the JSON and the framing.
const stepBodyLimit = development.MaxAttachments*development.MaxAttachmentBytes + 2<<20

// readStepRequest reads a step as JSON, or as multipart/form-data with the JSON in the part
// "body" and the files (scans of signed forms) in parts named "attachments".
func readStepRequest(w http.ResponseWriter, r *http.Request) (development.StepInput, error) {
	if !strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/") {
		return decodeStepRequest(r.Body)
	}
	tooBig := &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
		Fields: map[string]string{"attachments": "err.development.file_too_big"}}
	mr, err := multipartReader(w, r, stepBodyLimit)
	if err != nil {
		return development.StepInput{}, err
	}
	var in development.StepInput
	var files []development.AttachmentInput
	seenBody := false
	for {
		part, err := nextPart(mr, tooBig)
		if err != nil {
			return in, err
		}
		if part == nil {
			break
		}
		switch part.FormName() {
		case "body":
			if in, err = decodeStepRequest(uploadReader{r: part, tooBig: tooBig}); err != nil {
				return in, err
			}
			seenBody = true
		case "attachments":
			if len(files) == development.MaxAttachments {
				return in, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
					Fields: map[string]string{"attachments": "err.development.too_many_files"}}
			}
			// One byte over the limit is enough for the service to refuse the file by name.
			var buf bytes.Buffer
			if _, err := io.Copy(&buf, io.LimitReader(uploadReader{r: part, tooBig: tooBig}, development.MaxAttachmentBytes+1)); err != nil {
				return in, err
			}
			ct := part.Header.Get("Content-Type")
			if ct == "application/octet-stream" { // the browser did not know: let the service sniff
				ct = ""
			}
			files = append(files, development.AttachmentInput{Name: part.FileName(), ContentType: ct, Data: buf.Bytes()})
		}
	}
	if !seenBody {
		return in, missingPart("body")
	}
	in.Attachments = files
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
