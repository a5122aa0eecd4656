package api

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// claimRequest is the body of POST /points/claims (API.md: indicator_id, subject_type,
// subject_id, quantity, occurred_on, note, evidence[]). Evidence files travel as multipart
// parts; in a JSON body evidence may only be an empty list.
type claimRequest struct {
	IndicatorID ID       `json:"indicator_id"`
	SubjectType string   `json:"subject_type"`
	SubjectID   ID       `json:"subject_id"`
	Quantity    pointsIn `json:"quantity"`
	OccurredOn  string   `json:"occurred_on"`
	Note        string   `json:"note"`
	Evidence    []any    `json:"evidence"`
}

func decodeClaimRequest(body io.Reader) (points.ClaimInput, error) {
	var req claimRequest
	if err := decodeJSON(body, &req); err != nil {
		return points.ClaimInput{}, err
	}
	v := &domain.Validation{}
	in := points.ClaimInput{SubjectType: req.SubjectType, Quantity: req.Quantity.get("quantity", v), OccurredOn: req.OccurredOn,
		Note: req.Note}
	if id := req.IndicatorID.required("indicator_id", v); id != nil {
		in.IndicatorID = *id
	} else if !req.IndicatorID.given {
		v.Add("indicator_id", "err.required")
	}
	if id := req.SubjectID.optional("subject_id", v); id != nil {
		in.SubjectID = *id // none (0): the caller's own member record
	}
	if len(req.Evidence) > 0 {
		v.Add("evidence", "api.upload.use_multipart")
	}
	return in, v.Err()
}

// claimBodyLimit is the most a claim with its files may send: every file at its limit, and
// room for the JSON and the framing.
const claimBodyLimit = domain.MaxEvidenceFiles*domain.MaxEvidenceSize + 2<<20

// readClaimRequest reads a claim as JSON, or as multipart/form-data with the JSON in the part
// "body" and the photos or files in parts named "evidence".
func readClaimRequest(w http.ResponseWriter, r *http.Request) (points.ClaimInput, error) {
	if !strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/") {
		return decodeClaimRequest(r.Body)
	}
	tooBig := &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
		Fields: map[string]string{"evidence": "err.points.evidence_size"}}
	mr, err := multipartReader(w, r, claimBodyLimit)
	if err != nil {
		return points.ClaimInput{}, err
	}
	var in points.ClaimInput
	var files []points.EvidenceFile
	seenBody := false
	for {
		part, err := nextPart(mr, tooBig)
		if err != nil {
			return in, err
		}
		if part == nil {
			break
		}
		switch part.FormName() {
		case "body":
			if in, err = decodeClaimRequest(uploadReader{r: part, tooBig: tooBig}); err != nil {
				return in, err
			}
			seenBody = true
		case "evidence":
			if len(files) == domain.MaxEvidenceFiles {
				return in, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
					Fields: map[string]string{"evidence": "err.points.evidence_count"}}
			}
			// One byte over the limit is enough for the service to refuse the file by name.
			var buf bytes.Buffer
			if _, err := io.Copy(&buf, io.LimitReader(uploadReader{r: part, tooBig: tooBig}, domain.MaxEvidenceSize+1)); err != nil {
				return in, err
			}
			files = append(files, points.EvidenceFile{FileName: part.FileName(), ContentType: evidenceType(part.Header.Get("Content-Type"), buf.Bytes()),
				Content: buf.Bytes()})
		}
	}
	if !seenBody {
		return in, missingPart("body")
	}
	in.Evidence = files
	return in, nil
}

// evidenceType keeps a declared image or document type and sniffs the rest (a browser that
// does not know sends application/octet-stream). Downloads serve only known types anyway.
func evidenceType(declared string, content []byte) string {
	if domain.Contains(servedTypes, declared) {
		return declared
	}
	return http.DetectContentType(content)
}

// decideRequest is the body of POST /points/claims/{id}/reject (and, empty, of approve).
type decideRequest struct {
	Reason string `json:"reason"`
}

// bulkDecideRequest is the body of POST /points/claims/approve and /reject.
type bulkDecideRequest struct {
	IDs    []ID   `json:"ids"`
	Reason string `json:"reason"`
}

// maxBulk is the most claims one bulk decision takes (a page of the queue).
const maxBulk = 500

func (req bulkDecideRequest) ids() ([]int64, error) {
	v := &domain.Validation{}
	if len(req.IDs) == 0 {
		v.Add("ids", "err.required")
	}
	if len(req.IDs) > maxBulk {
		v.Add("ids", "api.invalid.too_many")
	}
	out := make([]int64, 0, len(req.IDs))
	for _, id := range req.IDs {
		if n := id.required("ids", v); n != nil {
			out = append(out, *n)
		}
	}
	return out, v.Err()
}
