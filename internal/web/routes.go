// Package web is the HTML console. (Being built: see the web helper's work.)
package web

import (
	"net/http"

	"dangjian/internal/services"
)

// New returns the console's handler.
func New(set *services.Set) (http.Handler, error) {
	return http.NotFoundHandler(), nil
}
