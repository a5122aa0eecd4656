package api

import (
	"io"
	"net/http"

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

// claimUpload is a claim as JSON, or multipart with the JSON in "body" and the photos or
// files in parts named "evidence".
var claimUpload = filesUpload{FilePart: "evidence", MaxFiles: domain.MaxEvidenceFiles,
	MaxFileBytes: domain.MaxEvidenceSize, TooBigKey: "err.points.evidence_size", TooManyKey: "err.points.evidence_count"}

// readClaimRequest reads a claim with its evidence.
func readClaimRequest(w http.ResponseWriter, r *http.Request) (points.ClaimInput, error) {
	var in points.ClaimInput
	var files []points.EvidenceFile
	err := claimUpload.read(w, r, func(body io.Reader) error {
		var err error
		in, err = decodeClaimRequest(body)
		return err
	}, func(name, ct string, data []byte) {
		files = append(files, points.EvidenceFile{FileName: name, ContentType: evidenceType(ct, data), Content: data})
	})
	if err != nil {
		return in, err
	}
	if files != nil {
		in.Evidence = files
	}
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
