package points_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// twoInstances opens two handles on one fresh database, as two app instances would: on
// PostgreSQL two pools on the same schema, on SQLite two writers on the same file.
func twoInstances(t *testing.T, engine string) (*store.DB, *store.DB) {
	t.Helper()
	dsn := testutil.MustDSN(t, engine)
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

func TestConcurrentAwardsNeverExceedTheCap(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			db1, db2 := twoInstances(t, engine)
			e := newEnv(t, db1)
			other := points.NewService(db2)
			other.Now = e.s.Now
			ind := e.indicator(points.IndicatorInput{Code: "HOT", Points: pts("3"), Caps: domain.Caps{Day: ptr("10"), Year: ptr("100")}})
			services := []*points.Service{e.s, other}

			const n = 50
			var wg sync.WaitGroup
			results := make([]*points.AwardResult, n)
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i], errs[i] = services[i%2].Award(context.Background(), e.admin, points.AwardInput{IndicatorID: ind.ID,
						SubjectType: domain.SubjectMember, SubjectID: e.m1.ID, OccurredOn: "2024-05-05"})
				}()
			}
			wg.Wait()
			var given domain.Points
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("award %d: %v", i, errs[i])
				}
				given += results[i].PointsAwarded
			}
			if given != pts("10") {
				t.Fatalf("awarded %s in all, cap 10", given)
			}
			v := e.account(domain.SubjectMember, e.m1.ID, 2024)
			if v.Appraisal.Total != pts("10") || v.RewardBalance != pts("10") || v.Version != n {
				t.Fatalf("account: %+v", v)
			}
			e.clean()
		})
	}
}

func TestConcurrentSameIdempotencyKey(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			db1, db2 := twoInstances(t, engine)
			e := newEnv(t, db1)
			other := points.NewService(db2)
			other.Now = e.s.Now
			ind := e.indicator(points.IndicatorInput{Code: "ONCE", Points: pts("2.5")})
			services := []*points.Service{e.s, other}
			const n = 20
			var wg sync.WaitGroup
			results := make([]*points.AwardResult, n)
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i], errs[i] = services[i%2].Award(context.Background(), e.sec, points.AwardInput{IndicatorID: ind.ID,
						SubjectType: domain.SubjectMember, SubjectID: e.m2.ID, OccurredOn: "2024-05-05", IdempotencyKey: "retry-me"})
				}()
			}
			wg.Wait()
			replays := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("request %d: %v", i, errs[i])
				}
				if results[i].EntryID != results[0].EntryID || results[i].PointsAwarded != pts("2.5") {
					t.Fatalf("request %d: %+v vs %+v", i, results[i], results[0])
				}
				if results[i].Replayed {
					replays++
				}
			}
			if replays != n-1 {
				t.Fatalf("%d replays, want %d", replays, n-1)
			}
			if got := len(e.entries(domain.SubjectMember, e.m2.ID)); got != 1 {
				t.Fatalf("%d entries", got)
			}
			e.clean()
		})
	}
}

// Many subjects and kinds of posting at once: the ledger stays consistent.
func TestConcurrentMixedPostingsVerify(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			db1, db2 := twoInstances(t, engine)
			e := newEnv(t, db1)
			other := points.NewService(db2)
			other.Now = e.s.Now
			e.indicator(points.IndicatorInput{Code: "EV", Points: pts("1.5"), Caps: domain.Caps{Week: ptr("6")}})
			services := []*points.Service{e.s, other}
			dbs := []*store.DB{db1, db2}
			subjects := []int64{e.m1.ID, e.m2.ID, e.mSec.ID}
			var wg sync.WaitGroup
			for i := range 60 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, db := services[i%2], dbs[i%2]
					sid := subjects[i%3]
					err := db.WriteTx(context.Background(), func(q *store.Q) error {
						_, err := s.AwardForEvent(context.Background(), q, points.EventAward{SubjectType: domain.SubjectMember,
							SubjectID: sid, IndicatorCode: "EV", DedupKey: fmt.Sprintf("ev:%d", i/2), OccurredOn: domain.NewDate(2024, 5, 6+i%7)})
						if err != nil {
							return err
						}
						if i%4 == 0 {
							_, err = s.PostReward(context.Background(), q, points.RewardPosting{SubjectType: domain.SubjectMember,
								SubjectID: sid, Amount: -pts("0.5"), Source: domain.SourceHold, DedupKey: fmt.Sprintf("h:%d", i)})
							if domain.ErrorCode(err) == domain.EInsufficientBalance {
								return nil
							}
						}
						return err
					})
					if err != nil {
						t.Errorf("posting %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			e.clean()
		})
	}
}
