package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"dangjian/internal/api"
	"dangjian/internal/i18n"
	"dangjian/internal/services"
	"dangjian/internal/store"
)

// The route table and the document describe the same operations: no undocumented
// endpoint, no documented endpoint without a handler.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	h, err := api.New(&services.Set{I18n: i18n.MustLoad()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != 200 {
		t.Fatalf("openapi.json: %d", rec.Code)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi %s, want 3.1", doc.OpenAPI)
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented = append(documented, method+" /api/v1"+path)
			if op.Responses.Status(500) == nil && path != "/openapi.json" {
				t.Errorf("%s %s does not document 500", method, path)
			}
			public := op.Security != nil && len(*op.Security) == 0
			// Payment providers' notifications are authenticated by their signature; the dues
			// calculator is public like a calculator on a web page.
			if want := path == "/auth/tokens" || path == "/openapi.json" || path == "/dues/notify/{provider}" ||
				path == "/dues/calculate"; public != want {
				t.Errorf("%s %s: public %v in the document, want %v", method, path, public, want)
			}
		}
	}
	routes := api.RouteKeys()
	slices.Sort(documented)
	slices.Sort(routes)
	if strings.Join(documented, "\n") != strings.Join(routes, "\n") {
		t.Errorf("route table and document differ:\nroutes:\n%s\ndocument:\n%s", strings.Join(routes, "\n"), strings.Join(documented, "\n"))
	}
}

// The response validation of the test helper would notice drift: tampered responses fail.
func TestResponseValidationCatchesDrift(t *testing.T) {
	e := newEnv(t, store.SQLite)
	good := e.do(t, "GET", "/api/v1/orgs/{A}", "admin", nil)
	req, _ := http.NewRequest("GET", e.srv.URL+e.replacer().Replace("/api/v1/orgs/{A}"), nil)
	tamper := func(name string, status int, change func(m map[string]any)) {
		var m map[string]any
		json.Unmarshal(good.body, &m)
		change(m)
		body, _ := json.Marshal(m)
		res := &response{status: status, header: good.header, body: body}
		if err := e.check(req, nil, res); err == nil {
			t.Errorf("%s: validation passed a drifted response", name)
		}
	}
	if err := e.check(req, nil, good); err != nil {
		t.Fatalf("the real response fails: %v", err)
	}
	tamper("numeric id", 200, func(m map[string]any) { m["id"] = 3 })
	tamper("missing field", 200, func(m map[string]any) { delete(m, "warnings") })
	tamper("extra field", 200, func(m map[string]any) { m["secret"] = "x" })
	tamper("bad date", 200, func(m map[string]any) { m["established_on"] = "01/02/2020" })
	tamper("unknown warning", 200, func(m map[string]any) { m["warnings"] = []string{"on_fire"} })
	tamper("undocumented status", 418, func(m map[string]any) {})
	tamper("success body on an error status", 404, func(m map[string]any) {})
}
