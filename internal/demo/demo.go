// Package demo loads demonstration data. (Being built by the demo helper.)
package demo

import (
	"context"

	"dangjian/internal/services"
)

// Options say what to load.
type Options struct {
	Members  int                   // > 0: also a synthetic region with this many members (benchmarks)
	Progress func(done, total int) // called now and then during large loads
}

// Credential is a demo account to print.
type Credential struct{ Username, Password, Role, Org string }

// Result is what was loaded.
type Result struct {
	Orgs, Members int
	Users         []Credential
}

// Load fills an empty database with the demo data.
func Load(ctx context.Context, set *services.Set, opts Options) (*Result, error) {
	return &Result{}, nil
}
