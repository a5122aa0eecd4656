package api

import (
	"net/http"

	"dangjian/internal/dues"
	"dangjian/internal/i18n"
)

// getDuesImportTemplate serves the payroll template (.xlsx) in the language of
// Accept-Language.
func (h *handler) getDuesImportTemplate(w http.ResponseWriter, r *http.Request) error {
	en := i18n.FromRequest(r) == i18n.EN
	name := "党费基数导入模板.xlsx"
	if en {
		name = "dues-base-template.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	return d.finish(h, r, h.set.Dues.ImportTemplate(d, en))
}

// startDuesImport takes a payroll .xlsx (multipart field "file") for ?org_id=&dry_run=1 and
// queues the import: 202 with the job's id. A file refused on sight answers 422 at once; the
// rows are checked by the job (poll GET /dues/imports/{id}).
func (h *handler) startDuesImport(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, dryRun := p.requiredID("org_id"), p.flag("dry_run")
	if err := p.err(); err != nil {
		return err
	}
	tooBig := fileRefused("dues.import.too_big", dues.MaxImportBytes>>20)
	part, err := filePart(w, r, dues.MaxImportBytes+1<<20, tooBig)
	if err != nil {
		return err
	}
	id, err := h.set.Dues.StartImport(r.Context(), actor(r), dues.ImportRequest{OrgID: orgID, Filename: part.FileName(),
		Body: uploadReader{r: part, tooBig: tooBig}, DryRun: dryRun})
	if err != nil {
		return asFileError(err)
	}
	w.Header().Set("Location", base+"/dues/imports/"+formatID(id))
	writeJSON(w, http.StatusAccepted, map[string]jsonID{"id": jsonID(id)})
	return nil
}

// getDuesImport answers a payroll import's status, counts and row errors (translated).
func (h *handler) getDuesImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_job")
	if err != nil {
		return err
	}
	st, err := h.set.Dues.Import(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.duesImportView(st, i18n.FromRequest(r)))
	return nil
}
