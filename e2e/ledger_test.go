package e2e

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/domain"
)

// entry is what the checks read of a ledger entry (GET /points/entries).
type entry struct {
	ID              string        `json:"id"`
	Source          string        `json:"source"`
	SourceRef       string        `json:"source_ref"`
	Note            string        `json:"note"`
	PointsRequested domain.Points `json:"points_requested"`
	Points          domain.Points `json:"points"`
	Appraisal       domain.Points `json:"appraisal"`
	Reward          domain.Points `json:"reward"`
}

// snapshot is the member's side of the ledger at one moment.
type snapshot struct {
	appraisal, reward domain.Points // this year's appraisal total; the reward balance
	entries           []entry       // newest first
}

func readSnapshot(a *api, f *fixture) snapshot {
	a.t.Helper()
	var acc struct {
		Appraisal struct {
			Total domain.Points `json:"total"`
		} `json:"appraisal"`
		RewardBalance domain.Points `json:"reward_balance"`
	}
	q := "subject_type=member&subject_id=" + f.memberID
	a.must("GET", "/api/v1/points/accounts?"+q+"&year="+strconv.Itoa(f.year), f.adminToken, nil, http.StatusOK, &acc)
	snap := snapshot{appraisal: acc.Appraisal.Total, reward: acc.RewardBalance}
	cursor := ""
	for {
		var page struct {
			Items      []entry `json:"items"`
			NextCursor string  `json:"next_cursor"`
		}
		a.must("GET", "/api/v1/points/entries?"+q+"&limit=500&cursor="+url.QueryEscape(cursor), f.adminToken, nil,
			http.StatusOK, &page)
		snap.entries = append(snap.entries, page.Items...)
		if page.NextCursor == "" {
			return snap
		}
		cursor = page.NextCursor
	}
}

// checkLedger compares the ledger after the stream with every answer the stream got:
//   - each award answered 201 has exactly one entry, the one its answer named, with the
//     points it named, and no Idempotency-Key (carried in the note) has a second entry;
//   - each redemption answered 201 has exactly one hold entry, the one its answer named, and
//     no other hold appeared; the merchant has exactly those redemptions, the reward's stock
//     is down by their number;
//   - no other entry appeared at all;
//   - the appraisal total grew by the points awarded and the reward balance by the points
//     awarded less the costs held.
func checkLedger(a *api, f *fixture, s *stream, before snapshot) {
	t := a.t
	t.Helper()
	after := readSnapshot(a, f)
	old := make(map[string]bool, len(before.entries))
	for _, e := range before.entries {
		old[e.ID] = true
	}
	byNote := map[string][]entry{}
	holds := map[string][]entry{}
	for _, e := range after.entries {
		switch {
		case old[e.ID]:
		case e.Source == domain.SourceAward && strings.HasPrefix(e.Note, "e2e-award-"):
			byNote[e.Note] = append(byNote[e.Note], e)
		case e.Source == domain.SourceHold:
			holds[e.SourceRef] = append(holds[e.SourceRef], e)
		default:
			t.Errorf("an entry nobody asked for: %+v", e)
		}
	}

	var awarded, held domain.Points
	entryOf := map[string]string{} // entry id → the key whose answer named it
	redemptionOf := map[string]string{}
	for _, o := range s.ops {
		if !o.answered {
			t.Errorf("%s %s: never answered", o.kind, o.key)
			continue
		}
		switch o.kind {
		case kindAward:
			got := byNote[o.key]
			delete(byNote, o.key)
			if len(got) != 1 {
				t.Errorf("award %s: %d entries, want 1: %+v", o.key, len(got), got)
				continue
			}
			if e := got[0]; e.ID != o.award.EntryID || e.Points != o.award.PointsAwarded ||
				e.PointsRequested != o.award.PointsRequested {
				t.Errorf("award %s answered %+v, the ledger has %+v", o.key, o.award, e)
			}
			if k, dup := entryOf[o.award.EntryID]; dup {
				t.Errorf("awards %s and %s were both answered with entry %s", k, o.key, o.award.EntryID)
			}
			entryOf[o.award.EntryID] = o.key
			awarded += o.award.PointsAwarded
		case kindRedeem:
			if !o.applied() {
				continue
			}
			ref := "redemption:" + o.redeem.ID
			got := holds[ref]
			delete(holds, ref)
			if len(got) != 1 || got[0].Reward != -f.rewardCost || got[0].ID != o.redeem.HoldEntryID {
				t.Errorf("redemption %s answered %+v; hold entries %+v, want one of %s", o.key, o.redeem, got, -f.rewardCost)
			}
			if k, dup := redemptionOf[o.redeem.ID]; dup {
				t.Errorf("redemptions %s and %s were both answered with redemption %s", k, o.key, o.redeem.ID)
			}
			redemptionOf[o.redeem.ID] = o.key
			held += f.rewardCost
		}
	}
	for note, got := range byNote {
		t.Errorf("entries for key %s, which no request of the stream has: %+v", note, got)
	}
	for ref, got := range holds {
		t.Errorf("hold entries for %s, which no answered redemption named: %+v", ref, got)
	}
	checkRedemptions(a, f, redemptionOf)
	if d := after.appraisal - before.appraisal; d != awarded {
		t.Errorf("appraisal total grew by %s, the answers awarded %s", d, awarded)
	}
	if d := after.reward - before.reward; d != awarded-held {
		t.Errorf("reward balance moved by %s, the answers say %s awarded less %s held", d, awarded, held)
	}
}

// checkRedemptions compares the merchant's redemptions and the reward's stock with the
// redemptions answered 201 (made: id → key): the merchant is the test's own, so each of its
// redemptions must be one of those, held, and the stock down by exactly their number.
func checkRedemptions(a *api, f *fixture, made map[string]string) {
	t := a.t
	t.Helper()
	seen := map[string]bool{}
	cursor := ""
	for {
		var page struct {
			Items []struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		a.must("GET", "/api/v1/redemptions?merchant_id="+f.merchantID+"&limit=500&cursor="+url.QueryEscape(cursor),
			f.adminToken, nil, http.StatusOK, &page)
		for _, r := range page.Items {
			switch {
			case seen[r.ID]:
				t.Errorf("redemption %s listed twice", r.ID)
			case made[r.ID] == "":
				t.Errorf("redemption %s (%s), which no answer named", r.ID, r.Status)
			case r.Status != "held":
				t.Errorf("redemption %s (key %s) is %s, want held", r.ID, made[r.ID], r.Status)
			}
			seen[r.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	for id, key := range made {
		if !seen[id] {
			t.Errorf("redemption %s (key %s) answered 201 but is not in the merchant's list", id, key)
		}
	}
	var rw struct {
		Stock int64 `json:"stock"`
	}
	a.must("GET", "/api/v1/rewards/"+f.rewardID, f.adminToken, nil, http.StatusOK, &rw)
	if want := int64(rewardStock - len(made)); rw.Stock != want {
		t.Errorf("reward stock %d after %d redemptions, want %d", rw.Stock, len(made), want)
	}
}
