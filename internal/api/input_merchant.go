package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// merchantRequest is the body of POST /merchants and PATCH /merchants/{id}: fields left out
// (or null) are not changed.
type merchantRequest struct {
	OrgID   ID      `json:"org_id"`
	Name    *string `json:"name"`
	Address *string `json:"address"`
	Contact *string `json:"contact"`
	Phone   *string `json:"phone"`
	Status  *string `json:"status"`
}

func decodeMerchantRequest(body io.Reader) (redemption.MerchantInput, error) {
	var req merchantRequest
	if err := decodeJSON(body, &req); err != nil {
		return redemption.MerchantInput{}, err
	}
	v := &domain.Validation{}
	in := redemption.MerchantInput{OrgID: req.OrgID.required("org_id", v), Name: req.Name, Address: req.Address,
		Contact: req.Contact, Phone: req.Phone, Status: req.Status}
	return in, v.Err()
}

// operatorRequest is the body of POST /merchants/{id}/operators.
type operatorRequest struct {
	UserID ID `json:"user_id"`
}

// rewardRequest is the body of POST /rewards and PATCH /rewards/{id}: fields left out (or
// null) are not changed; "" clears a window bound.
type rewardRequest struct {
	MerchantID     ID       `json:"merchant_id"`
	Name           *string  `json:"name"`
	Description    *string  `json:"description"`
	Cost           pointsIn `json:"cost"`
	Stock          *int64   `json:"stock"`
	PerMemberLimit *int     `json:"per_member_limit"`
	LimitPeriod    *string  `json:"limit_period"`
	ValidFrom      *string  `json:"valid_from"`
	ValidTo        *string  `json:"valid_to"`
	Status         *string  `json:"status"`
}

// decodeRewardRequest reads a reward; creating says whether merchant_id belongs (it does on
// create only: a reward stays with its merchant).
func decodeRewardRequest(body io.Reader, creating bool) (redemption.RewardInput, error) {
	var req rewardRequest
	if err := decodeJSON(body, &req); err != nil {
		return redemption.RewardInput{}, err
	}
	v := &domain.Validation{}
	in := redemption.RewardInput{Name: req.Name, Description: req.Description, Cost: req.Cost.ptr("cost", v),
		Stock: req.Stock, PerMemberLimit: req.PerMemberLimit, LimitPeriod: req.LimitPeriod, ValidFrom: req.ValidFrom,
		ValidTo: req.ValidTo, Status: req.Status}
	switch {
	case creating:
		if id := requiredID(req.MerchantID, "merchant_id", v); id != 0 {
			in.MerchantID = &id
		}
		if !req.Cost.given {
			v.Add("cost", "err.required")
		}
	case req.MerchantID.given:
		v.Add("merchant_id", "api.invalid.fixed")
	}
	return in, v.Err()
}
