package web

import (
	"errors"
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/roster"
)

// importBodyLimit is the largest roster upload the console takes: the importer's own file
// limit plus room for the form around it. The importer refuses a big file by name.
const importBodyLimit = roster.MaxFileBytes + 1<<20

// uploadMemory is how much of an upload is kept in memory; the rest is spooled to a
// temporary file by net/http and removed when the request ends.
const uploadMemory = 8 << 20

// startImport takes the uploaded roster and queues the import (or its dry run), then
// shows the job's page. A file refused on sight (not a spreadsheet, empty, wrong columns,
// too big) comes back to the form with the message beside the file field.
func (h *handler) startImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, importBodyLimit)
	err := r.ParseMultipartForm(uploadMemory)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := newForm(nil)
	if r.MultipartForm != nil {
		f = newForm(url.Values(r.MultipartForm.Value))
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		h.rejectImport(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "roster.file.too_big",
			Args: []any{roster.MaxFileBytes >> 20}})
		return
	case errors.Is(err, http.ErrNotMultipart):
		// A form without files (no JavaScript, or a hand-made request): its fields still
		// count, and a missing file is reported beside its field.
		if r.ParseForm() != nil {
			h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
			return
		}
		f = newForm(r.PostForm)
	case err != nil:
		h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
		return
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		h.rejectImport(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "web.import.no_file"})
		return
	}
	defer file.Close()
	id, err := h.set.Roster.StartImport(r.Context(), actor(r), roster.ImportRequest{OrgID: queryID(f.Get("org_id")),
		Filename: header.Filename, Body: file, DryRun: f.Get("mode") != "import"})
	if err != nil {
		h.failForm(w, r, asFileError(err), func(_ int, e *domain.Error) { h.rejectImport(w, r, f, e) })
		return
	}
	h.redirect(w, r, "/imports/"+itoa64(id))
}

// asFileError names the field "file" on a service's problem with the file as a whole (a
// message and no fields), so the form shows it beside the file input.
func asFileError(err error) error {
	if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid && len(e.Fields) == 0 {
		return &domain.Error{Code: domain.EInvalid, Message: e.Message, Args: e.Args, Fields: map[string]string{"file": e.Message}}
	}
	return err
}

// rejectImport shows the upload form again with the problem.
func (h *handler) rejectImport(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	p := h.page(r, "")
	if len(e.Fields) == 0 {
		e = &domain.Error{Code: e.Code, Message: e.Message, Args: e.Args, Fields: map[string]string{"file": e.Message}}
	}
	f.setError(p, e, "org_id", "file", "mode")
	// The field message of a file problem carries its arguments (the size limit, the
	// columns), which setError's key lookup would drop.
	if e.Fields["file"] == e.Message {
		f.Errors["file"] = p.T(e.Message, e.Args...)
	}
	h.renderImportForm(w, r, http.StatusUnprocessableEntity, f)
}
