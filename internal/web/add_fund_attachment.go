package web

import (
	"io"
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// addFundAttachment takes one uploaded invoice or photo into an entry.
func (h *handler) addFundAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxFundAttachmentSize+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.fail(w, r, &domain.Error{Code: domain.EInvalid, Message: "err.funds.file_size"})
		return
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, domain.MaxFundAttachmentSize+1))
	if err != nil {
		h.fail(w, r, domain.Errorf(domain.EInvalid, "err.invalid"))
		return
	}
	_, err = h.set.Funds.AddAttachment(r.Context(), actor(r), id, funds.File{Name: hdr.Filename,
		ContentType: uploadType(hdr.Header.Get("Content-Type"), content), Content: content})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f := newForm(nil)
			f.setError(h.page(r, ""), e, "file")
			h.renderFundEntry(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/funds/entries/"+strconv.FormatInt(id, 10))
}
