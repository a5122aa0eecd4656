package web

import (
	"net/http"

	"dangjian/internal/duesstats"
)

// downloadDuesSheetXLSX streams the monthly dues sheet (党费收缴表) of ?org_id=&month= as .xlsx.
func (h *handler) downloadDuesSheetXLSX(w http.ResponseWriter, r *http.Request) {
	orgID, err := h.duesOrgID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	month := monthParam(r, "month")
	if month == "" {
		month = h.set.DuesStats.ThisMonth()
	}
	d := newDownload(w, contentTypeXLSX, duesstats.SheetFileName(orgID, month, "xlsx"))
	h.finish(d, w, r, h.set.DuesStats.SheetXLSX(r.Context(), actor(r), orgID, month, d))
}

// downloadDuesSheetPDF serves the printable dues sheet of ?org_id=&month= as PDF.
func (h *handler) downloadDuesSheetPDF(w http.ResponseWriter, r *http.Request) {
	orgID, err := h.duesOrgID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	month := monthParam(r, "month")
	if month == "" {
		month = h.set.DuesStats.ThisMonth()
	}
	b, err := h.set.DuesStats.SheetPDF(r.Context(), actor(r), orgID, month)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendFile(w, contentTypePDF, duesstats.SheetFileName(orgID, month, "pdf"), b)
}
