// Package api is the JSON API v1. (Being built: see the API helper's work.)
package api

import (
	"net/http"

	"dangjian/internal/services"
)

// New returns the API's handler.
func New(set *services.Set) (http.Handler, error) {
	return http.NotFoundHandler(), nil
}
