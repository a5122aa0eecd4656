package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// stepBodyLimit is the most a step with its files may send: every file at its limit and
// room for the fields.
const stepBodyLimit = development.MaxAttachments*development.MaxAttachmentBytes + 1<<20

// stepFields are the fields of the step form, so a problem with any other shows in the
// form's message.
var stepFields = []string{"step", "done_on", "people", "note", "training_days", "training_hours", "votes_for",
	"votes_due", "special", "attachments"}

// recordApplicantStep records a step with its people, note, figures and files. The
// service checks the order and every timer; a refusal comes back beside the field.
func (h *handler) recordApplicantStep(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, tooBig, err := parseUploadForm(w, r, stepBodyLimit)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, stepFields...)
		h.renderApplicant(w, r, id, status, applicantForms{Step: f})
	}
	if tooBig {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
			Fields: map[string]string{"attachments": "err.development.file_too_big"}})
		return
	}
	in := development.StepInput{Step: f.Get("step"), DoneOn: f.Get("done_on"), Note: f.Get("note"),
		TrainingDays: number(f, "training_days"), TrainingHours: number(f, "training_hours"),
		VotesFor: number(f, "votes_for"), VotesDue: number(f, "votes_due"), Special: f.Get("special") != "",
		People: stepPeople(f)}
	if bad := badNumbers(f, "training_days", "training_hours", "votes_for", "votes_due"); len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	// One byte over the limit is enough for the service to refuse a file by name.
	files, err := formFiles(r, "attachments", development.MaxAttachmentBytes)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, file := range files {
		ct := file.ContentType
		if ct == "application/octet-stream" {
			ct = "" // the browser did not know: let the service sniff
		}
		in.Attachments = append(in.Attachments, development.AttachmentInput{Name: file.Name, ContentType: ct, Data: file.Content})
	}
	if _, err := h.set.Development.RecordStep(r.Context(), actor(r), id, in); err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/applicants/"+itoa64(id)+"?saved=1#timeline")
}

// stepPeople are the members ticked in the list and the other names typed (separated by
// commas, 、 or new lines).
func stepPeople(f *Form) []domain.DevPerson {
	out := []domain.DevPerson{}
	for _, v := range f.Values["people_member"] {
		if id := queryID(v); id != 0 {
			out = append(out, domain.DevPerson{MemberID: id})
		}
	}
	split := func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '\n' || r == ';' || r == '；' }
	for _, name := range strings.FieldsFunc(f.Get("people_names"), split) {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, domain.DevPerson{Name: name})
		}
	}
	return out
}

// number reads a whole number field; empty and junk read as 0 (badNumbers reports junk).
func number(f *Form, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(f.Get(name)))
	return n
}

// badNumbers names the number fields that hold something other than a whole number ≥ 0.
func badNumbers(f *Form, names ...string) map[string]string {
	bad := map[string]string{}
	for _, name := range names {
		v := strings.TrimSpace(f.Get(name))
		if n, err := strconv.Atoi(v); v != "" && (err != nil || n < 0) {
			bad[name] = "web.err.whole_number"
		}
	}
	return bad
}
