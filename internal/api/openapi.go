package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// openapiYAML is the hand-written OpenAPI 3.1 document of this API. The tests validate
// every response they receive against it, so it cannot drift from the handlers.
//
//go:embed openapi.yaml
var openapiYAML []byte

// openAPIJSON loads and validates the document and returns it as JSON, the form served.
func openAPIJSON() ([]byte, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapiYAML)
	if err != nil {
		return nil, fmt.Errorf("api: openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml: %w", err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("api: openapi.yaml: %w", err)
	}
	return out, nil
}
