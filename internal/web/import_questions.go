package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// questionImportLimit bounds a question upload (a bank of 5,000 questions is far smaller).
const questionImportLimit = 20 << 20

// importQuestions takes an uploaded question workbook. A dry run shows what the import would
// do, or every row error by row and column; an import is all or nothing: with any row error
// nothing is stored and the errors show the same way, otherwise the bank opens with the
// count imported.
func (h *handler) importQuestions(w http.ResponseWriter, r *http.Request) {
	f, tooBig, err := parseUploadForm(w, r, questionImportLimit+1<<20)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if tooBig {
		h.rejectQuestionImport(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "roster.file.too_big", Args: []any{questionImportLimit >> 20}})
		return
	}
	orgID := queryID(f.Get("org_id"))
	if orgID == 0 {
		h.rejectQuestionImport(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"org_id": "err.required"}})
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		h.rejectQuestionImport(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "web.import.no_file"})
		return
	}
	defer file.Close()
	ctx, a := r.Context(), actor(r)
	var res *study.ImportResult
	if f.Get("mode") == "import" {
		res, err = h.set.Study.ImportQuestions(ctx, a, orgID, file)
	} else {
		res, err = h.set.Study.DryRunQuestions(ctx, a, orgID, file)
	}
	switch {
	case err != nil && res != nil && len(res.Errors) > 0:
		// Row errors: nothing was imported; the page lists them by row and column.
		p := h.page(r, "")
		de, _ := domain.AsError(err)
		f.Message = p.T(de.Message, de.Args...)
		h.renderQuestionImport(w, r, http.StatusUnprocessableEntity, f, res)
	case err != nil:
		h.failForm(w, r, asFileError(err), func(_ int, e *domain.Error) { h.rejectQuestionImport(w, r, f, e) })
	case res.DryRun:
		h.renderQuestionImport(w, r, http.StatusOK, f, res)
	default:
		h.redirect(w, r, studyManageBase+"/questions?imported="+strconv.Itoa(res.Imported))
	}
}

// rejectQuestionImport shows the import page again with a problem of the form or the file.
func (h *handler) rejectQuestionImport(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	p := h.page(r, "")
	if len(e.Fields) == 0 {
		e = &domain.Error{Code: e.Code, Message: e.Message, Args: e.Args, Fields: map[string]string{"file": e.Message}}
	}
	f.setError(p, e, "org_id", "file", "mode")
	if e.Fields["file"] == e.Message {
		f.Errors["file"] = p.T(e.Message, e.Args...)
	}
	h.renderQuestionImport(w, r, statusOf(e.Code), f, nil)
}
