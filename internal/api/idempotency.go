package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// Header names of idempotent requests (API.md: requests that create ledger entries or
// payments take an Idempotency-Key).
const (
	headerIdempotencyKey = "Idempotency-Key"
	// headerReplayed marks an answer that repeats the first response to the key, so a client
	// can tell a retry that changed nothing from the request that did.
	headerReplayed = "Idempotent-Replayed"
)

// idempotencyKey reads the Idempotency-Key header. It is required on the endpoints that use
// it: a ledger posting sent without one cannot be retried safely after a lost answer, and a
// server that crashed after committing would post it twice. A key is 1 to 200 visible ASCII
// characters (a UUID is typical); anything else, or none, is a bad request naming the header.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values(headerIdempotencyKey)
	if len(values) == 0 || values[0] == "" {
		return "", headerProblem(headerIdempotencyKey, "api.idempotency.required")
	}
	key := values[0]
	if len(values) > 1 || len(key) > 200 {
		return "", headerProblem(headerIdempotencyKey, "api.idempotency.format")
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return "", headerProblem(headerIdempotencyKey, "api.idempotency.format")
		}
	}
	return key, nil
}

func headerProblem(name, key string) error {
	return &domain.Error{Code: domain.EBadRequest, Message: key, Fields: map[string]string{name: key}}
}

// markReplay sets the replay header when the service answered from the stored response.
func markReplay(w http.ResponseWriter, replayed bool) {
	if replayed {
		w.Header().Set(headerReplayed, "true")
	}
}
