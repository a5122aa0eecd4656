package api

import (
	"context"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// The lifecycle services (development, transfers, floating members, standing, imports)
// answer ENotFound to a caller who cannot even read what they try to change. API.md answers
// a write outside the caller's scope with 403, as the member and organisation updates do,
// and keeps 404 for what does not exist. writeScope restores that: a write's not-found
// becomes forbidden when the entity exists. It only looks at existence; who may do what is
// still the services' decision.

// entity says whether an entity exists: nil when it does.
type entity func(ctx context.Context, q *store.Q, id int64) error

func applicantExists(ctx context.Context, q *store.Q, id int64) error {
	_, err := q.Applicant(ctx, id)
	return err
}

func transferExists(ctx context.Context, q *store.Q, id int64) error {
	_, err := q.Transfer(ctx, id)
	return err
}

func floatingExists(ctx context.Context, q *store.Q, id int64) error {
	_, err := q.Floating(ctx, id)
	return err
}

func memberExists(ctx context.Context, q *store.Q, id int64) error {
	_, err := q.Member(ctx, id)
	return err
}

func orgExists(ctx context.Context, q *store.Q, id int64) error {
	_, err := q.Org(ctx, id)
	return err
}

// writeScope turns err, the answer of a write about entity id, into 403 when it is a 404
// and the entity exists.
func (h *handler) writeScope(ctx context.Context, err error, exists entity, id int64) error {
	if e, ok := domain.AsError(err); !ok || e.Code != domain.ENotFound || id == 0 {
		return err
	}
	if exists(ctx, h.set.DB.Read(), id) == nil {
		return domain.Forbidden()
	}
	return err
}
