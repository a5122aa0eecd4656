package api

import (
	"net/http"

	"dangjian/internal/roster"
)

// importBodyLimit is the most a roster upload may send: the file limit of the importer
// (roster.MaxFileBytes, 100 MiB) plus room for the multipart framing. The importer refuses
// a bigger file with its own message; the body limit stops whatever else is sent. A
// variable only so the tests can lower it.
var importBodyLimit int64 = roster.MaxFileBytes + 1<<20

// startImport takes a roster file (multipart field "file", .xlsx or .csv in UTF-8 or
// GB18030) for ?org_id=&dry_run=1 and queues the import: 202 with the job's id. A file that
// is refused on sight (not a spreadsheet, empty, too big, a zip bomb, wrong columns)
// answers 422 at once; the rows are checked by the job.
func (h *handler) startImport(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, dryRun := p.requiredID("org_id"), p.flag("dry_run")
	if err := p.err(); err != nil {
		return err
	}
	tooBig := fileRefused("roster.file.too_big", roster.MaxFileBytes>>20)
	part, err := filePart(w, r, importBodyLimit, tooBig)
	if err != nil {
		return err
	}
	id, err := h.set.Roster.StartImport(r.Context(), actor(r), roster.ImportRequest{OrgID: orgID,
		Filename: part.FileName(), Body: uploadReader{r: part, tooBig: tooBig}, DryRun: dryRun})
	if err != nil {
		return asFileError(err)
	}
	w.Header().Set("Location", base+"/imports/"+formatID(id))
	writeJSON(w, http.StatusAccepted, map[string]jsonID{"id": jsonID(id)})
	return nil
}
