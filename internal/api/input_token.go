package api

import (
	"io"

	"dangjian/internal/domain"
)

// tokenRequest is the body of POST /auth/tokens.
type tokenRequest struct {
	Username *string `json:"username"`
	Password *string `json:"password"`
}

// decodeTokenRequest returns the credentials. Errors: EBadRequest, EInvalid (missing).
func decodeTokenRequest(body io.Reader) (username, password string, err error) {
	var req tokenRequest
	if err := decodeJSON(body, &req); err != nil {
		return "", "", err
	}
	v := &domain.Validation{}
	// Lengths are capped before the service sees them: a failed sign-in stores the username,
	// and hashing a megabyte-long password would be work for nothing.
	switch {
	case req.Username == nil || *req.Username == "":
		v.Add("username", "err.required")
	case len(*req.Username) > 256:
		v.Add("username", "err.too_long")
	}
	switch {
	case req.Password == nil || *req.Password == "":
		v.Add("password", "err.required")
	case len(*req.Password) > 1024:
		v.Add("password", "err.password.long")
	}
	if err := v.Err(); err != nil {
		return "", "", err
	}
	return *req.Username, *req.Password, nil
}
