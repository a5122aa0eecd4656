package api

import (
	"net/http"

	"dangjian/internal/duesstats"
)

// The monthly dues sheet (党费收缴表) of ?org_id= (required) for ?month= (default the current
// month): .xlsx streamed from the database, or a printable PDF. No personal numbers.

func sheetParams(r *http.Request) (int64, string, error) {
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	month := optionalMonth(p, "month")
	return orgID, month, p.err()
}

func (h *handler) getDuesSheetXLSX(w http.ResponseWriter, r *http.Request) error {
	orgID, month, err := sheetParams(r)
	if err != nil {
		return err
	}
	if month == "" {
		month = h.set.DuesStats.ThisMonth()
	}
	d := newDownload(w, contentTypeXLSX, duesstats.SheetFileName(orgID, month, "xlsx"))
	return d.finish(h, r, h.set.DuesStats.SheetXLSX(r.Context(), actor(r), orgID, month, d))
}

func (h *handler) getDuesSheetPDF(w http.ResponseWriter, r *http.Request) error {
	orgID, month, err := sheetParams(r)
	if err != nil {
		return err
	}
	if month == "" {
		month = h.set.DuesStats.ThisMonth()
	}
	b, err := h.set.DuesStats.SheetPDF(r.Context(), actor(r), orgID, month)
	if err != nil {
		return err
	}
	writeFile(w, contentTypePDF, duesstats.SheetFileName(orgID, month, "pdf"), b)
	return nil
}
