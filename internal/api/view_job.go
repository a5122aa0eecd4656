package api

import (
	"time"

	"dangjian/internal/roster"
	"dangjian/internal/store"
)

// importJSON is an import job's status. imported/updated/unchanged are what the run did,
// or for a dry run what it would do.
type importJSON struct {
	ID            jsonID         `json:"id"`
	Status        string         `json:"status"`
	Phase         string         `json:"phase"`
	Percent       int            `json:"percent"`
	DryRun        bool           `json:"dry_run"`
	Filename      string         `json:"filename"`
	OrgID         nullID         `json:"org_id"`
	TotalRows     int            `json:"total_rows"`
	ProcessedRows int            `json:"processed_rows"`
	Imported      int            `json:"imported"`
	Updated       int            `json:"updated"`
	Unchanged     int            `json:"unchanged"`
	ErrorCount    int            `json:"error_count"`
	Errors        []rowErrorJSON `json:"errors"`
	Error         *string        `json:"error"`
	CreatedAt     stamp          `json:"created_at"`
	FinishedAt    *stamp         `json:"finished_at"`
}

// rowErrorJSON is one problem of one row: the spreadsheet row (the header is row 1), the
// member field, the column as the file wrote it, and the problem in the caller's language.
type rowErrorJSON struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (h *handler) importView(st *roster.ImportStatus, locale string) importJSON {
	out := importJSON{ID: jsonID(st.ID), Status: st.Status, Phase: st.Phase, Percent: st.Percent(), DryRun: st.DryRun,
		Filename: st.Filename, OrgID: nullID(st.OrgID), TotalRows: st.TotalRows, ProcessedRows: st.ProcessedRows,
		Imported: st.Imported, Updated: st.Updated, Unchanged: st.Unchanged, ErrorCount: st.ErrorCount,
		Errors: make([]rowErrorJSON, len(st.Errors)), Error: h.message(locale, st.Error, st.ErrorArgs),
		CreatedAt: stamp(st.CreatedAt), FinishedAt: optionalStamp(st.FinishedAt)}
	for i, e := range st.Errors {
		out.Errors[i] = rowErrorJSON{Row: e.Row, Field: e.Field, Column: e.Column,
			Message: h.set.I18n.T(locale, e.Message, e.Args...)}
	}
	return out
}

// exportJSON is a large export's status; the file is at file_url once status is done.
type exportJSON struct {
	ID            jsonID  `json:"id"`
	Status        string  `json:"status"`
	TotalRows     int     `json:"total_rows"`
	ProcessedRows int     `json:"processed_rows"`
	Error         *string `json:"error"`
	FileURL       *string `json:"file_url"`
	CreatedAt     stamp   `json:"created_at"`
}

func (h *handler) exportView(st *roster.ExportStatus, locale string) exportJSON {
	out := exportJSON{ID: jsonID(st.ID), Status: st.Status, TotalRows: st.TotalRows, ProcessedRows: st.ProcessedRows,
		Error: h.message(locale, st.Error, nil), CreatedAt: stamp(st.CreatedAt)}
	if st.Status == store.JobDone {
		url := base + "/exports/" + formatID(st.ID) + "/file"
		out.FileURL = &url
	}
	return out
}

// message translates a message key for a nullable field: nil when there is none.
func (h *handler) message(locale, key string, args []any) *string {
	if key == "" {
		return nil
	}
	s := h.set.I18n.T(locale, key, args...)
	return &s
}

func optionalStamp(t time.Time) *stamp {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}
