package schedule

import (
	"context"
	"log/slog"
	"time"
)

// Every runs sweep now and then every interval until ctx ends. It is for the sweeps that every
// instance runs at once (expired redemption holds, expired dues orders), which stay correct
// because each item is settled by a conditional update exactly once; the daily jobs above run
// once across instances instead. noun names what is swept in the log: "expire NOUN" with the
// error when a sweep fails (it is tried again next time), "expired NOUN" with the count when
// it settled some.
func Every(ctx context.Context, every time.Duration, log *slog.Logger, noun string, sweep func(context.Context) (int, error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := sweep(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("expire "+noun, "err", err)
		case n > 0:
			log.Info("expired "+noun, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
