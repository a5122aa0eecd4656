package api

import (
	"net/http"
	"slices"
	"strings"

	"dangjian/internal/domain"
)

// pathMux knows every path of the route table without methods, so a request for a known
// path with another method can be told apart from an unknown path.
var pathMux = func() *http.ServeMux {
	mux := http.NewServeMux()
	seen := map[string]bool{}
	for _, rt := range routes {
		if !seen[rt.path] {
			seen[rt.path] = true
			mux.Handle(base+rt.path, http.NotFoundHandler())
		}
	}
	return mux
}()

// noRoute answers requests that match no route: 405 with Allow for a known path, else 404.
func (h *handler) noRoute(w http.ResponseWriter, r *http.Request) error {
	if _, pattern := pathMux.Handler(r); pattern != "" {
		var allow []string
		for _, rt := range routes {
			if base+rt.path == pattern {
				allow = append(allow, rt.method)
			}
		}
		slices.Sort(allow)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return &domain.Error{Code: eMethodNotAllowed, Message: "api.method_not_allowed"}
	}
	return &domain.Error{Code: domain.ENotFound, Message: "api.not_found.route"}
}
