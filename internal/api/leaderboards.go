package api

import (
	"net/http"

	"dangjian/internal/ratings"
)

// listLeaderboard answers a page of the ranking of an organisation's subtree by points of a
// year, best first, ranked under the tie rule in force: ?org_id= (required) &year= (default
// this year) &subject_type=member|org &category= (a category, total (default) or composite)
// &limit=&cursor=. Points readers see the subtrees in their scope; a member their own branch.
func (h *handler) listLeaderboard(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	q := ratings.LeaderboardQuery{OrgID: p.requiredID("org_id"), Year: p.year("year"),
		SubjectType: p.choice("subject_type", subjectTypes), Category: p.text("category"), Limit: p.limit(),
		Cursor: p.offsetCursor()}
	if err := p.err(); err != nil {
		return err
	}
	lb, err := h.set.Ratings.Leaderboard(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, leaderboardView(lb))
	return nil
}

// getRank answers one subject's place in the ranking of a subtree that holds it ("my rank in
// my branch"): ?org_id= (required) &year= &subject_type= &subject_id= (default the caller's
// own member record) &category=. A member sees their own rank; points readers those of the
// subjects in scope. Rank 0: no points that year.
func (h *handler) getRank(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	typ, id := p.subject(actor(r).MemberID())
	q := ratings.RankQuery{OrgID: p.requiredID("org_id"), Year: p.year("year"), SubjectType: typ, SubjectID: id,
		Category: p.text("category")}
	if err := p.err(); err != nil {
		return err
	}
	rank, err := h.set.Ratings.Rank(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rankView(rank))
	return nil
}

// getEligibility answers, for every branch of an organisation's subtree, the members who may
// compete for excellent member: the top N of the branch by yearly points (?top=, 1 to 100;
// default the rule in force, 5), ties at place N included: ?org_id= (required) &year=&top=.
func (h *handler) getEligibility(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, year, top := p.requiredID("org_id"), p.year("year"), p.number("top", 1, 100)
	if err := p.err(); err != nil {
		return err
	}
	el, err := h.set.Ratings.Eligibility(r.Context(), actor(r), orgID, year, top)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, eligibilityView(el))
	return nil
}
