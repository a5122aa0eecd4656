package api

import (
	"dangjian/internal/domain"
)

// merchantJSON is a merchant of a service alliance: the organisation that runs the alliance
// (whose subtree's members redeem there) and how to reach the shop.
type merchantJSON struct {
	ID        jsonID `json:"id"`
	OrgID     jsonID `json:"org_id"`
	OrgName   string `json:"org_name"`
	Name      string `json:"name"`
	Address   string `json:"address"`
	Contact   string `json:"contact"`
	Phone     string `json:"phone"`
	Status    string `json:"status"`
	CreatedAt stamp  `json:"created_at"`
	UpdatedAt stamp  `json:"updated_at"`
}

func merchantView(m *domain.Merchant) merchantJSON {
	return merchantJSON{ID: jsonID(m.ID), OrgID: jsonID(m.OrgID), OrgName: m.OrgName, Name: m.Name, Address: m.Address,
		Contact: m.Contact, Phone: m.Phone, Status: m.Status, CreatedAt: stamp(m.CreatedAt), UpdatedAt: stamp(m.UpdatedAt)}
}

func merchantViews(list []domain.Merchant) []merchantJSON {
	out := make([]merchantJSON, len(list))
	for i := range list {
		out[i] = merchantView(&list[i])
	}
	return out
}

// operatorJSON is a user who serves a merchant at the counter.
type operatorJSON struct {
	UserID   jsonID `json:"user_id"`
	Username string `json:"username"`
	AddedAt  stamp  `json:"added_at"`
}

func operatorViews(list []domain.MerchantOperator) []operatorJSON {
	out := make([]operatorJSON, len(list))
	for i, o := range list {
		out[i] = operatorJSON{UserID: jsonID(o.UserID), Username: o.Username, AddedAt: stamp(o.CreatedAt)}
	}
	return out
}

// rewardJSON is something a merchant offers for points.
type rewardJSON struct {
	ID             jsonID        `json:"id"`
	MerchantID     jsonID        `json:"merchant_id"`
	MerchantName   string        `json:"merchant_name"`
	Name           string        `json:"name"`
	Description    string        `json:"description"`
	Cost           domain.Points `json:"cost"`
	Stock          int64         `json:"stock"`
	PerMemberLimit int           `json:"per_member_limit"`
	LimitPeriod    string        `json:"limit_period"`
	ValidFrom      domain.Date   `json:"valid_from"`
	ValidTo        domain.Date   `json:"valid_to"`
	Status         string        `json:"status"`
	CreatedAt      stamp         `json:"created_at"`
	UpdatedAt      stamp         `json:"updated_at"`
}

func rewardView(r *domain.Reward) rewardJSON {
	return rewardJSON{ID: jsonID(r.ID), MerchantID: jsonID(r.MerchantID), MerchantName: r.MerchantName, Name: r.Name,
		Description: r.Description, Cost: r.Cost, Stock: r.Stock, PerMemberLimit: r.PerMemberLimit, LimitPeriod: r.LimitPeriod,
		ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Status: r.Status, CreatedAt: stamp(r.CreatedAt), UpdatedAt: stamp(r.UpdatedAt)}
}

func rewardViews(list []domain.Reward) []rewardJSON {
	out := make([]rewardJSON, len(list))
	for i := range list {
		out[i] = rewardView(&list[i])
	}
	return out
}

// redemptionJSON is a member's redemption: the code (and QR code) the member shows at the
// counter while it is held, the points it holds, and who settled it.
type redemptionJSON struct {
	ID             jsonID        `json:"id"`
	Code           string        `json:"code"`
	QRURL          string        `json:"qr_url"`
	RewardID       jsonID        `json:"reward_id"`
	RewardName     string        `json:"reward_name"`
	MerchantID     jsonID        `json:"merchant_id"`
	MerchantName   string        `json:"merchant_name"`
	MemberID       jsonID        `json:"member_id"`
	MemberName     string        `json:"member_name"`
	Cost           domain.Points `json:"cost"`
	Status         string        `json:"status"`
	RedeemedOn     domain.Date   `json:"redeemed_on"`
	ExpiresAt      stamp         `json:"expires_at"`
	HoldEntryID    nullID        `json:"hold_entry_id"`
	ReleaseEntryID nullID        `json:"release_entry_id"`
	SettledAt      *stamp        `json:"settled_at"`
	SettledByName  string        `json:"settled_by_name"`
	Reason         string        `json:"reason"`
	CreatedAt      stamp         `json:"created_at"`
}

func redemptionView(r *domain.Redemption) redemptionJSON {
	return redemptionJSON{ID: jsonID(r.ID), Code: r.Code, QRURL: base + "/redemptions/" + formatID(r.ID) + "/qr.png",
		RewardID: jsonID(r.RewardID), RewardName: r.RewardName, MerchantID: jsonID(r.MerchantID), MerchantName: r.MerchantName,
		MemberID: jsonID(r.MemberID), MemberName: r.MemberName, Cost: r.Cost, Status: r.Status, RedeemedOn: r.RedeemedOn,
		ExpiresAt: stamp(r.ExpiresAt), HoldEntryID: nullID(r.HoldEntryID), ReleaseEntryID: nullID(r.ReleaseEntryID),
		SettledAt: optionalStamp(r.SettledAt), SettledByName: r.SettledByName, Reason: r.Reason, CreatedAt: stamp(r.CreatedAt)}
}

func redemptionViews(list []domain.Redemption) []redemptionJSON {
	out := make([]redemptionJSON, len(list))
	for i := range list {
		out[i] = redemptionView(&list[i])
	}
	return out
}
