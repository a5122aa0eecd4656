package api

import (
	"net/http"
	"time"
)

// createToken signs in with a username and password and issues a bearer token:
// 201 {token, expires_at}; 401 on wrong credentials; 429 while the account is locked.
func (h *handler) createToken(w http.ResponseWriter, r *http.Request) error {
	username, password, err := decodeTokenRequest(r.Body)
	if err != nil {
		return err
	}
	token, expires, err := h.set.Auth.CreateToken(r.Context(), username, password, clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, struct {
		Token     string `json:"token"`
		ExpiresAt stamp  `json:"expires_at"`
	}{token, stamp(expires.UTC().Truncate(time.Second))})
	return nil
}
