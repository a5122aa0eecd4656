package api

import "net/http"

// getOpenAPI serves the OpenAPI document (authored as openapi.yaml) as JSON.
func (h *handler) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(h.openapi)
	return nil
}
