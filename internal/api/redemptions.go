package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// redeemRequest is the body of POST /redemptions.
type redeemRequest struct {
	RewardID ID `json:"reward_id"`
}

// createRedemption redeems a reward for the caller's own member record: the cost is held from
// the reward balance, the stock drops by one, and the redemption answers 201 {id, status:
// held, code, expires_at, …} with its Location. 409 insufficient_balance, out_of_stock or
// limit_reached say why not. The Idempotency-Key header is required, as on awards: the same
// key with the same body answers the first response again (Idempotent-Replayed: true) and
// holds nothing more; with another body 409 conflict.
func (h *handler) createRedemption(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var req redeemRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	rewardID := requiredID(req.RewardID, "reward_id", v)
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.set.Redemption.Redeem(r.Context(), actor(r), redemption.RedeemInput{RewardID: rewardID, IdempotencyKey: key})
	if err != nil {
		return err
	}
	markReplay(w, res.Replayed)
	w.Header().Set("Location", base+"/redemptions/"+formatID(res.Redemption.ID))
	writeJSON(w, http.StatusCreated, redemptionView(&res.Redemption))
	return nil
}

// listRedemptions lists redemptions newest first: the caller's own, or with ?merchant_id=
// the merchant's (to its operators and the readers of its alliance); ?status=&limit=&cursor=.
func (h *handler) listRedemptions(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	merchantID := p.id("merchant_id")
	f := redemption.ListFilter{Status: p.choice("status", domain.RedemptionStatuses), BeforeID: p.cursor(),
		Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	var list []domain.Redemption
	var err error
	if merchantID != 0 {
		list, err = h.set.Redemption.MerchantRedemptions(r.Context(), actor(r), merchantID, f)
	} else {
		list, err = h.set.Redemption.MyRedemptions(r.Context(), actor(r), f)
	}
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(redemptionViews(list), next))
	return nil
}

// getRedemption answers one redemption to the member, the merchant's operators and the
// readers of the merchant's alliance or the member's organisation.
func (h *handler) getRedemption(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "redemption")
	if err != nil {
		return err
	}
	red, err := h.set.Redemption.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, redemptionView(red))
	return nil
}

// getRedemptionQR answers the QR code of a held redemption as a PNG (?size= 64 to 1024
// pixels, default 256), for the member to show at the counter. It holds the code, which the
// operator's scan page (or POST /redemptions/confirm) takes.
func (h *handler) getRedemptionQR(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "redemption")
	if err != nil {
		return err
	}
	p := queryParams(r)
	size := p.number("size", 64, 1024)
	if err := p.err(); err != nil {
		return err
	}
	png, err := h.set.Redemption.QRCode(r.Context(), actor(r), id, "", size)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", formatID(int64(len(png))))
	w.WriteHeader(http.StatusOK)
	w.Write(png)
	return nil
}

// confirmRedemption fulfils a held redemption of the operator's merchant by id: 200 with it
// (fulfilled; again: the same). Another merchant's answers 403; an expired hold 409 (its
// points are back).
func (h *handler) confirmRedemption(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "redemption")
	if err != nil {
		return err
	}
	var req struct{}
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	red, err := h.set.Redemption.Confirm(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, redemptionView(red))
	return nil
}

// confirmCodeRequest is the body of POST /redemptions/confirm.
type confirmCodeRequest struct {
	Code string `json:"code"`
}

// confirmRedemptionCode fulfils a held redemption by the code the operator typed or scanned
// {code} (case, spaces, dashes and a scanned URL's path are forgiven): 200 with it. A code
// unknown or of another merchant answers 404 alike.
func (h *handler) confirmRedemptionCode(w http.ResponseWriter, r *http.Request) error {
	var req confirmCodeRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	if len(req.Code) > 500 { // a scanned URL with the code at its end fits easily
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"code": "err.too_long"}}
	}
	red, err := h.set.Redemption.ConfirmCode(r.Context(), actor(r), req.Code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, redemptionView(red))
	return nil
}

// cancelRequest is the body of POST /redemptions/{id}/cancel.
type cancelRequest struct {
	Reason string `json:"reason"`
}

// cancelRedemption cancels a held redemption {reason?}: the points and the stock come back.
// 200 with it (cancelled; again: the same); fulfilled or expired answers 409.
func (h *handler) cancelRedemption(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "redemption")
	if err != nil {
		return err
	}
	var req cancelRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	red, err := h.set.Redemption.Cancel(r.Context(), actor(r), id, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, redemptionView(red))
	return nil
}
