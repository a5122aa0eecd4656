package api

import (
	"io"
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/i18n"
)

// fundEntryRequest is the body of POST /funds/entries (JSON, or the part "body" of a
// multipart request whose parts "files" are invoices and photos).
type fundEntryRequest struct {
	OrgID         ID     `json:"org_id"`
	Kind          string `json:"kind"`
	Source        string `json:"source"`
	Purpose       string `json:"purpose"`
	AmountFen     int64  `json:"amount_fen"`
	BaseFen       int64  `json:"base_fen"`
	Date          string `json:"date"`
	Description   string `json:"description"`
	PayerMemberID ID     `json:"payer_member_id"`
	PayerName     string `json:"payer_name"`
}

func decodeFundEntryRequest(body io.Reader) (funds.EntryInput, error) {
	var req fundEntryRequest
	if err := decodeJSON(body, &req); err != nil {
		return funds.EntryInput{}, err
	}
	v := &domain.Validation{}
	in := funds.EntryInput{OrgID: idValue(req.OrgID.optional("org_id", v)), Kind: req.Kind, Source: req.Source,
		Purpose: req.Purpose, AmountFen: req.AmountFen, BaseFen: req.BaseFen, Date: req.Date, Description: req.Description,
		PayerMemberID: idValue(req.PayerMemberID.optional("payer_member_id", v)), PayerName: req.PayerName}
	return in, v.Err()
}

// fundUpload is an entry as JSON, or multipart with the JSON in "body" and files in "files".
var fundUpload = filesUpload{FilePart: "files", MaxFiles: domain.MaxFundAttachments,
	MaxFileBytes: domain.MaxFundAttachmentSize, TooBigKey: "err.funds.file_size", TooManyKey: "err.funds.file_count"}

// createFundEntry records income or files a spending request: 201 with the entry. The
// Idempotency-Key header is required: the same key with the same body (and files) answers the
// first entry again with Idempotent-Replayed: true; with another body 409.
func (h *handler) createFundEntry(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in funds.EntryInput
	var files []funds.File
	err = fundUpload.read(w, r, func(body io.Reader) error {
		var err error
		in, err = decodeFundEntryRequest(body)
		return err
	}, func(name, ct string, data []byte) {
		files = append(files, funds.File{Name: name, ContentType: evidenceType(ct, data), Content: data})
	})
	if err != nil {
		return err
	}
	if in.OrgID == 0 { // API.md writes the organisation in the query: POST /funds/entries?org_id=
		p := queryParams(r)
		in.OrgID = p.id("org_id")
		if err := p.err(); err != nil {
			return err
		}
		if in.OrgID == 0 {
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"org_id": "err.required"}}
		}
	}
	in.Files, in.IdempotencyKey = files, key
	res, err := h.set.Funds.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	markReplay(w, res.Replayed)
	w.Header().Set("Location", base+"/funds/entries/"+formatID(res.Entry.ID))
	writeJSON(w, http.StatusCreated, h.viewFundEntry(i18n.FromRequest(r), res.Entry))
	return nil
}

// listFundEntries lists an organisation's ledger, newest recorded first: ?org_id= (required),
// ?year= (default this year; 0 is not allowed), ?kind=, ?status=, ?category=.
func (h *handler) listFundEntries(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := funds.ListFilter{OrgID: p.requiredID("org_id"), Year: p.year("year"), Kind: p.choice("kind", domain.FundKinds),
		Status: p.choice("status", domain.FundStatuses), Category: p.text("category"), Limit: p.limit(), BeforeID: p.cursor()}
	if err := p.err(); err != nil {
		return err
	}
	limit := f.Limit
	f.Limit = fetchSize(limit)
	items, err := h.set.Funds.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	items, more := trimPage(items, limit)
	locale := i18n.FromRequest(r)
	out := make([]fundEntryView, 0, len(items))
	for i := range items {
		out = append(out, h.viewFundEntry(locale, &items[i]))
	}
	next := ""
	if more && len(items) > 0 {
		next = encodeCursor(items[len(items)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(out, next))
	return nil
}

func (h *handler) getFundEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	e, err := h.set.Funds.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundEntry(i18n.FromRequest(r), e))
	return nil
}

// listFundApprovals lists the spending requests waiting for the caller's decision.
func (h *handler) listFundApprovals(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	if err := p.err(); err != nil {
		return err
	}
	items, err := h.set.Funds.Approvals(r.Context(), actor(r), limit)
	if err != nil {
		return err
	}
	locale := i18n.FromRequest(r)
	out := make([]fundEntryView, 0, len(items))
	for i := range items {
		out = append(out, h.viewFundEntry(locale, &items[i]))
	}
	writeJSON(w, http.StatusOK, newList(out, ""))
	return nil
}

// approveFundEntry approves a spending request (200 with it).
func (h *handler) approveFundEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	e, err := h.set.Funds.Approve(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundEntry(i18n.FromRequest(r), e))
	return nil
}

// returnFundEntry returns a spending request with a reason (200 with it).
func (h *handler) returnFundEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	e, err := h.set.Funds.Return(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundEntry(i18n.FromRequest(r), e))
	return nil
}

// reverseFundEntry posts the reversing entry of an entry: 201 with the reversal.
func (h *handler) reverseFundEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
		Date   string `json:"date"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	e, err := h.set.Funds.Reverse(r.Context(), actor(r), id, funds.ReverseInput{Reason: req.Reason, Date: req.Date})
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/funds/entries/"+formatID(e.ID))
	writeJSON(w, http.StatusCreated, h.viewFundEntry(i18n.FromRequest(r), e))
	return nil
}

// remitFundEntry records the remittance upward of a voluntary payment: 201 with the
// remittance entry.
func (h *handler) remitFundEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	var req struct {
		RemittedOn string `json:"remitted_on"`
		Note       string `json:"note"`
	}
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	e, err := h.set.Funds.Remit(r.Context(), actor(r), id, funds.RemitInput{Date: req.RemittedOn, Note: req.Note})
	if err != nil {
		return renameDate(err, "remitted_on")
	}
	w.Header().Set("Location", base+"/funds/entries/"+formatID(e.ID))
	writeJSON(w, http.StatusCreated, h.viewFundEntry(i18n.FromRequest(r), e))
	return nil
}

// renameDate names the service's field "date" as the request's field.
func renameDate(err error, field string) error {
	if e, ok := domain.AsError(err); ok && e.Fields != nil {
		if k, ok := e.Fields["date"]; ok {
			fields := map[string]string{}
			for f, v := range e.Fields {
				if f != "date" {
					fields[f] = v
				}
			}
			fields[field] = k
			return &domain.Error{Code: e.Code, Message: e.Message, Args: e.Args, Fields: fields}
		}
	}
	return err
}

// addFundAttachment stores one invoice or photo of an entry, sent as multipart with the file
// in the part "file": 201 with it.
func (h *handler) addFundAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	file, err := readUploadedFile(w, r, domain.MaxFundAttachmentSize, "err.funds.file_size")
	if err != nil {
		return err
	}
	f, err := h.set.Funds.AddAttachment(r.Context(), actor(r), id, funds.File{Name: file.Name,
		ContentType: evidenceType(file.ContentType, file.Data), Content: file.Data})
	if err != nil {
		return err
	}
	v := viewFundAttachment(f)
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// getFundAttachment serves one file of an entry to readers of its organisation.
func (h *handler) getFundAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fund_entry")
	if err != nil {
		return err
	}
	fileID, bad := parseID(r.PathValue("attachment_id"))
	if bad {
		return domain.NotFound("fund_attachment")
	}
	f, content, err := h.set.Funds.Attachment(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	writeStoredFile(w, f.ContentType, f.FileName, content)
	return nil
}
