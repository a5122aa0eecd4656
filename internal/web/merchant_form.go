package web

import (
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// The merchant and reward forms, read into the services' inputs (all fields given: an
// edit form shows every field).

var merchantFields = []string{"org_id", "name", "address", "contact", "phone", "status"}

var rewardFields = []string{"name", "description", "cost", "stock", "per_member_limit", "limit_period", "valid_from", "valid_to", "status"}

func merchantInput(f *Form) redemption.MerchantInput {
	in := redemption.MerchantInput{Name: f.strAlways("name"), Address: f.strAlways("address"), Contact: f.strAlways("contact"),
		Phone: f.strAlways("phone")}
	if id := queryID(f.Get("org_id")); id != 0 {
		in.OrgID = &id
	}
	if s := f.Get("status"); s != "" {
		in.Status = &s
	}
	return in
}

func merchantValues(m *domain.Merchant) url.Values {
	return url.Values{"org_id": {itoa64(m.OrgID)}, "name": {m.Name}, "address": {m.Address}, "contact": {m.Contact},
		"phone": {m.Phone}, "status": {m.Status}}
}

// rewardInput reads the reward form; bad collects malformed numbers by field.
func rewardInput(f *Form) (redemption.RewardInput, map[string]string) {
	bad := map[string]string{}
	in := redemption.RewardInput{Name: f.strAlways("name"), Description: f.strAlways("description"),
		ValidFrom: f.strAlways("valid_from"), ValidTo: f.strAlways("valid_to")}
	if c := parsePointsField(f, "cost", bad); c != nil {
		in.Cost = c
	} else if _, ok := bad["cost"]; !ok {
		zero := domain.Points(0)
		in.Cost = &zero // required: the service says so beside the field
	}
	whole := func(name string) *int64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			var zero int64
			return &zero
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			bad[name] = "web.err.whole_number"
			return nil
		}
		return &n
	}
	in.Stock = whole("stock")
	if n := whole("per_member_limit"); n != nil {
		l := int(*n)
		in.PerMemberLimit = &l
	}
	if p := f.Get("limit_period"); p != "" {
		in.LimitPeriod = &p
	}
	if s := f.Get("status"); s != "" {
		in.Status = &s
	}
	return in, bad
}

func rewardValues(r *domain.Reward) url.Values {
	v := url.Values{"name": {r.Name}, "description": {r.Description}, "cost": {r.Cost.String()},
		"stock": {strconv.FormatInt(r.Stock, 10)}, "per_member_limit": {strconv.Itoa(r.PerMemberLimit)},
		"limit_period": {r.LimitPeriod}, "status": {r.Status}}
	if !r.ValidFrom.IsZero() {
		v.Set("valid_from", r.ValidFrom.String())
	}
	if !r.ValidTo.IsZero() {
		v.Set("valid_to", r.ValidTo.String())
	}
	return v
}
