package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"

	"dangjian/internal/domain"
)

// Kinds of request in the stream.
const (
	kindAward  = "award"
	kindRedeem = "redeem"
)

// op is one request of the stream, known by its Idempotency-Key. It is sent until it gets
// an answer, always with the same key and body: an attempt without an answer may or may
// not have been applied, and the key is what makes the next attempt safe.
type op struct {
	kind        string
	key         string
	path, token string
	body        []byte

	attempts int
	answered bool
	status   int
	replayed bool   // the answer said Idempotent-Replayed: an earlier attempt had been applied
	raw      []byte // the answer's body
	award    awardAnswer
	redeem   redeemAnswer
}

// awardAnswer is the 201 body of POST /points/awards.
type awardAnswer struct {
	EntryID         string        `json:"entry_id"`
	PointsRequested domain.Points `json:"points_requested"`
	PointsAwarded   domain.Points `json:"points_awarded"`
	Capped          bool          `json:"capped"`
}

// redeemAnswer is the 201 body of POST /redemptions.
type redeemAnswer struct {
	ID          string        `json:"id"`
	Status      string        `json:"status"`
	Code        string        `json:"code"`
	Cost        domain.Points `json:"cost"`
	HoldEntryID string        `json:"hold_entry_id"`
}

// applied reports whether the answer says the request changed the ledger.
func (o *op) applied() bool { return o.answered && o.status == http.StatusCreated }

// stream is the traffic of all the server's lives: every op ever made, and those sent but
// not answered yet, which the next life retries first.
type stream struct {
	t       *testing.T
	f       *fixture
	workers int
	// redeemShare is the share of new ops that are redemptions (0 without a reward).
	redeemShare float64

	mu      sync.Mutex
	ops     []*op
	pending []*op
	lost    int // attempts that got no answer
	// replayedRetries counts retries answered "replayed" (applied before a crash, though
	// nobody was told); freshRetries those that were applied only by the retry.
	replayedRetries, freshRetries int
}

// life runs the stream against one life of the server: the workers send the pending ops
// first, then (more) new ones until their server dies; without more, they stop when the
// pending ops are done. The returned channel closes when every worker has stopped.
func (s *stream) life(client *http.Client, base string, more bool, seed uint64) <-chan struct{} {
	s.mu.Lock()
	retries := s.pending
	s.pending = nil
	s.mu.Unlock()
	queue := &retryQueue{ops: retries}

	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range s.workers {
		rng := rand.New(rand.NewPCG(seed, uint64(w)))
		wg.Go(func() {
			for {
				o := queue.take()
				if o == nil && more {
					o = s.newOp(rng)
				}
				if o == nil {
					return
				}
				if !s.send(client, base, o) {
					return // no answer: the server is gone (or hung); stop until the next life
				}
			}
		})
	}
	go func() {
		wg.Wait()
		// Retries no worker took are still pending.
		s.mu.Lock()
		s.pending = append(s.pending, queue.rest()...)
		s.mu.Unlock()
		close(done)
	}()
	return done
}

// send makes one attempt of o and records the answer; false when there was none.
func (s *stream) send(client *http.Client, base string, o *op) bool {
	r, err := call(client, http.MethodPost, base+o.path, o.token, o.key, o.body)
	s.mu.Lock()
	defer s.mu.Unlock()
	o.attempts++
	if err != nil {
		s.lost++
		s.pending = append(s.pending, o)
		return false
	}
	o.answered, o.status, o.replayed, o.raw = true, r.status, r.replayed, r.body
	if o.attempts > 1 && o.applied() {
		if o.replayed {
			s.replayedRetries++
		} else {
			s.freshRetries++
		}
	}
	s.check(o)
	return true
}

// check decodes o's answer and reports one the contract does not allow. Called with s.mu.
func (s *stream) check(o *op) {
	if o.replayed && o.attempts == 1 {
		s.t.Errorf("%s %s: first attempt answered as a replay: %s", o.kind, o.key, o.raw)
	}
	switch {
	case o.kind == kindAward && o.status == http.StatusCreated:
		if err := json.Unmarshal(o.raw, &o.award); err != nil || o.award.EntryID == "" {
			s.t.Errorf("award %s: bad answer %s (%v)", o.key, o.raw, err)
		}
	case o.kind == kindRedeem && o.status == http.StatusCreated:
		if err := json.Unmarshal(o.raw, &o.redeem); err != nil || o.redeem.ID == "" || o.redeem.Status != "held" ||
			o.redeem.Code == "" || o.redeem.HoldEntryID == "" {
			s.t.Errorf("redemption %s: bad answer %s (%v)", o.key, o.raw, err)
		}
	case o.kind == kindRedeem && o.status == http.StatusConflict && errorCode(o.raw) == "insufficient_balance":
		// A definite refusal: nothing was held.
	default:
		s.t.Errorf("%s %s (attempt %d): %d %s", o.kind, o.key, o.attempts, o.status, o.raw)
	}
}

// newOp makes the next request of the stream: mostly awards of 1 to 3 units, and a share of
// redemptions.
func (s *stream) newOp(rng *rand.Rand) *op {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.ops) + 1
	var o *op
	if s.redeemShare > 0 && rng.Float64() < s.redeemShare {
		key := fmt.Sprintf("e2e-redeem-%06d", n)
		body, _ := json.Marshal(map[string]string{"reward_id": s.f.rewardID})
		o = &op{kind: kindRedeem, key: key, path: "/api/v1/redemptions", token: s.f.memberToken, body: body}
	} else {
		key := fmt.Sprintf("e2e-award-%06d", n)
		// The note carries the key, so the checks can find the entry each key made.
		body, _ := json.Marshal(map[string]any{"indicator_id": s.f.indicatorID, "subject_type": "member",
			"subject_id": s.f.memberID, "quantity": 1 + rng.IntN(3), "occurred_on": s.f.day, "note": key})
		o = &op{kind: kindAward, key: key, path: "/api/v1/points/awards", token: s.f.adminToken, body: body}
	}
	s.ops = append(s.ops, o)
	return o
}

// errorCode is the code of an API error body, "" when it is not one.
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	json.Unmarshal(body, &e)
	return e.Error.Code
}

// retryQueue hands each pending op of a life to one worker.
type retryQueue struct {
	mu  sync.Mutex
	ops []*op
}

func (q *retryQueue) take() *op {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ops) == 0 {
		return nil
	}
	o := q.ops[0]
	q.ops = q.ops[1:]
	return o
}

func (q *retryQueue) rest() []*op {
	q.mu.Lock()
	defer q.mu.Unlock()
	rest := q.ops
	q.ops = nil
	return rest
}
