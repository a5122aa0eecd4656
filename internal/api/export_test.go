package api

import "io"

// Exports for the external tests (package api_test, which must be external because it
// builds the service set through internal/app, and app imports this package).

// RouteKeys lists the route table as "METHOD /api/v1/path" with {id} wildcards.
func RouteKeys() []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.method + " " + base + rt.path
	}
	return out
}

// DecodeOrgRequest, DecodeMemberRequest and DecodeUserRequest are the decode+validate steps
// of the create and update handlers, before any service or database.
func DecodeOrgRequest(body io.Reader) error    { _, err := decodeOrgRequest(body); return err }
func DecodeMemberRequest(body io.Reader) error { _, err := decodeMemberRequest(body); return err }
func DecodeUserRequest(body io.Reader) error   { _, err := decodeUserRequest(body); return err }

// StatusOf exposes the one code → status mapping.
func StatusOf(code string) int { return statusOf(code) }

// SetImportBodyLimit lowers the upload limit of POST /imports/members for a test and
// returns the function that restores it.
func SetImportBodyLimit(n int64) (restore func()) {
	old := importBodyLimit
	importBodyLimit = n
	return func() { importBodyLimit = old }
}

// DecodeStepRequest, DecodeTransferRequest and DecodeApplicantRequest are the decode steps
// of the lifecycle writes with nested ids.
func DecodeStepRequest(body io.Reader) error      { _, err := decodeStepRequest(body); return err }
func DecodeTransferRequest(body io.Reader) error  { _, err := decodeTransferRequest(body); return err }
func DecodeApplicantRequest(body io.Reader) error { _, err := decodeApplicantRequest(body); return err }

// DecodeAwardRequest, DecodeClaimRequest and DecodeIndicatorRequest are the decode+validate
// steps of the points writes, whose bodies carry exact points.
func DecodeAwardRequest(body io.Reader) error { _, err := decodeAwardRequest(body); return err }
func DecodeClaimRequest(body io.Reader) error { _, err := decodeClaimRequest(body); return err }
func DecodeIndicatorRequest(body io.Reader) error {
	req, err := decodeIndicatorRequest(body)
	if err != nil {
		return err
	}
	_, err = req.create()
	return err
}
