package api

import (
	"encoding/json"
	"reflect"

	"dangjian/internal/domain"
)

// pointsIn is a number of points (or a quantity) in a request body. API.md: points are JSON
// numbers exact to 0.1. The text of the number is parsed exactly (never through a float), so
// 12.5 is 125 tenths and 1.25 — which would need rounding — is kept as bad: the request
// answers 422 naming the field rather than losing a hundredth silently. A string, boolean,
// array or object is a wrong type (400); null is "not given".
type pointsIn struct {
	given bool
	bad   bool
	value domain.Points
}

func (p *pointsIn) UnmarshalJSON(b []byte) error {
	*p = pointsIn{}
	if string(b) == "null" {
		return nil
	}
	if b[0] != '-' && (b[0] < '0' || b[0] > '9') {
		kind := map[byte]string{'t': "bool", 'f': "bool", '[': "array", '{': "object", '"': "string"}[b[0]]
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[float64]()}
	}
	p.given = true
	v, err := domain.ParsePoints(string(b)) // refuses exponents and a second decimal
	if err != nil {
		p.bad = true
		return nil
	}
	p.value = v
	return nil
}

// get returns the value (0 when not given) and records a bad one in v under field.
func (p pointsIn) get(field string, v *domain.Validation) domain.Points {
	if p.bad {
		v.Add(field, "api.invalid.points")
		return 0
	}
	return p.value
}

// ptr is get for an optional value: nil when not given.
func (p pointsIn) ptr(field string, v *domain.Validation) *domain.Points {
	if !p.given {
		return nil
	}
	x := p.get(field, v)
	if p.bad {
		return nil
	}
	return &x
}
