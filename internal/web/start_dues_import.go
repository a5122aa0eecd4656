package web

import (
	"errors"
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// startDuesImport takes the payroll .xlsx and queues its import (or dry run), then shows the
// job. A file refused on sight comes back to the form with the message beside the file field.
func (h *handler) startDuesImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, dues.MaxImportBytes+1<<20)
	err := r.ParseMultipartForm(uploadMemory)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := newForm(nil)
	if r.MultipartForm != nil {
		f = newForm(url.Values(r.MultipartForm.Value))
	}
	reject := func(e *domain.Error) {
		p := h.page(r, "")
		f.Errors["file"] = p.T(e.Message, e.Args...)
		f.Message = p.T(e.Message, e.Args...)
		h.renderDuesImportNew(w, r, statusOf(e.Code), f)
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		reject(&domain.Error{Code: domain.EInvalid, Message: "dues.import.too_big", Args: []any{dues.MaxImportBytes >> 20}})
		return
	case err != nil:
		h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
		return
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		reject(&domain.Error{Code: domain.EInvalid, Message: "web.import.no_file"})
		return
	}
	defer file.Close()
	id, err := h.set.Dues.StartImport(r.Context(), actor(r), dues.ImportRequest{OrgID: queryID(f.Get("org_id")),
		Filename: header.Filename, Body: file, DryRun: f.Get("mode") != "import"})
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
			reject(e)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/dues/imports/"+itoa64(id))
}
