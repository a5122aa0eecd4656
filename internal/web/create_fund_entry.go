package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// fundBodyLimit is the most an entry form may send: every file at its limit, and room for
// the fields.
const fundBodyLimit = domain.MaxFundAttachments*domain.MaxFundAttachmentSize + 1<<20

// newFormKey is the idempotency key a form carries, so that submitting it twice (a double
// click, a reload) posts one entry.
func newFormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// createFundEntry records income or files a spending request with its files, then shows
// the entry. Amounts are typed in yuan.
func (h *handler) createFundEntry(w http.ResponseWriter, r *http.Request) {
	f, tooBig, err := parseUploadForm(w, r, fundBodyLimit)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if tooBig {
		h.fail(w, r, &domain.Error{Code: domain.EInvalid, Message: "err.funds.file_size"})
		return
	}
	in := funds.EntryInput{OrgID: queryID(f.Get("org_id")), Kind: f.Get("kind"), Date: f.Get("date"),
		Description: f.Get("description"), PayerName: f.Get("payer_name"), PayerMemberID: queryID(f.Get("payer_member_id")),
		IdempotencyKey: f.Get("idempotency_key")}
	if in.Kind == domain.FundSpending {
		in.Purpose = f.Get("category")
	} else {
		in.Source = f.Get("category")
	}
	bad := map[string]string{}
	var ok bool
	if in.AmountFen, ok = parseYuan(f.Get("amount")); !ok {
		bad["amount"] = "err.funds.yuan"
	}
	if in.BaseFen, ok = parseYuan(f.Get("base")); !ok {
		bad["base"] = "err.funds.yuan"
	}
	if len(bad) > 0 {
		h.refuseFundEntry(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	files, err := formFiles(r, "files", domain.MaxFundAttachmentSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, file := range files {
		in.Files = append(in.Files, funds.File{Name: file.Name, ContentType: uploadType(file.ContentType, file.Content), Content: file.Content})
	}
	res, err := h.set.Funds.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) { h.refuseFundEntry(w, r, f, e) })
		return
	}
	h.redirect(w, r, "/funds/entries/"+strconv.FormatInt(res.Entry.ID, 10))
}

// refuseFundEntry shows the form again with the problems beside the fields; a retry gets a
// fresh key, since nothing was posted under the old one.
func (h *handler) refuseFundEntry(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	renameYuanFields(e)
	if k, ok := e.Fields["source"]; ok {
		e.Fields["category"] = k
	}
	if k, ok := e.Fields["purpose"]; ok {
		e.Fields["category"] = k
	}
	f.setError(h.page(r, ""), e, "org_id", "kind", "category", "amount", "base", "date", "description", "payer_name",
		"payer_member_id", "files")
	h.renderFundEntryForm(w, r, statusOf(e.Code), f)
}
