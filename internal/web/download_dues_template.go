package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadDuesTemplate serves the payroll template in the page's language.
func (h *handler) downloadDuesTemplate(w http.ResponseWriter, r *http.Request) {
	en := locale(r) == i18n.EN
	name := "党费基数导入模板.xlsx"
	if en {
		name = "dues-base-template.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Dues.ImportTemplate(d, en))
}
