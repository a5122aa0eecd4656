package redemption

import (
	"context"
	"database/sql"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// MerchantInput creates or changes a merchant; nil fields are left as they are (PATCH).
type MerchantInput struct {
	OrgID   *int64  `json:"org_id,string"`
	Name    *string `json:"name"`
	Address *string `json:"address"`
	Contact *string `json:"contact"`
	Phone   *string `json:"phone"`
	Status  *string `json:"status"`
}

// apply validates in onto m.
func (in MerchantInput) apply(m *domain.Merchant) error {
	var v domain.Validation
	set := func(field string, p *string, dst *string, maxRunes int, required bool) {
		if p == nil {
			if required && *dst == "" {
				v.Add(field, "err.required")
			}
			return
		}
		s, err := text(*p, maxRunes, required)
		if err != nil {
			v.Add(field, err.Error())
			return
		}
		*dst = s
	}
	set("name", in.Name, &m.Name, 100, true)
	set("address", in.Address, &m.Address, 200, false)
	set("contact", in.Contact, &m.Contact, 50, false)
	set("phone", in.Phone, &m.Phone, 30, false)
	if in.Status != nil {
		if !slices.Contains(domain.MerchantStatuses, *in.Status) {
			v.Add("status", "err.choice")
		} else {
			m.Status = *in.Status
		}
	}
	return v.Err()
}

// alliance loads the organisation that runs an alliance; EInvalid (org_id) when missing.
func alliance(ctx context.Context, q *store.Q, id int64) (*domain.Org, error) {
	o, err := q.Org(ctx, id)
	if err == sql.ErrNoRows {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"org_id": "err.org.unknown"}}
	}
	return o, err
}

// CreateMerchant adds a merchant to the alliance of in.OrgID (required).
// Who: redemption.manage over the organisation. Errors: EForbidden, EInvalid.
func (s *Service) CreateMerchant(ctx context.Context, a *auth.Actor, in MerchantInput) (*domain.Merchant, error) {
	if len(a.Scopes(auth.RedemptionManage)) == 0 {
		return nil, domain.Forbidden()
	}
	m := &domain.Merchant{Status: domain.MerchantActive}
	if err := in.apply(m); err != nil {
		return nil, err
	}
	if in.OrgID == nil {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"org_id": "err.required"}}
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := alliance(ctx, q, *in.OrgID)
		if err != nil {
			return err
		}
		if !a.Can(auth.RedemptionManage, o.Path) {
			return domain.Forbidden()
		}
		m.OrgID, m.OrgPath, m.OrgName = o.ID, o.Path, o.Name
		if err := q.InsertMerchant(ctx, m); err != nil {
			return err
		}
		return record(ctx, q, a, "merchant.create", "merchant", m.ID, m.OrgPath, nil, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// UpdateMerchant changes a merchant (moving it to another alliance needs the right over both).
// Who: redemption.manage over its organisation. Errors: ENotFound, EForbidden (also when out
// of scope: API.md answers writes outside scope with 403), EInvalid.
func (s *Service) UpdateMerchant(ctx context.Context, a *auth.Actor, id int64, in MerchantInput) (*domain.Merchant, error) {
	var out *domain.Merchant
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := loadMerchant(ctx, q, id)
		if err != nil {
			return err
		}
		if !canManage(a, m) {
			return domain.Forbidden()
		}
		before := *m
		if err := in.apply(m); err != nil {
			return err
		}
		if in.OrgID != nil && *in.OrgID != m.OrgID {
			o, err := alliance(ctx, q, *in.OrgID)
			if err != nil {
				return err
			}
			if !a.Can(auth.RedemptionManage, o.Path) {
				return domain.Forbidden()
			}
			m.OrgID, m.OrgPath, m.OrgName = o.ID, o.Path, o.Name
		}
		if err := q.UpdateMerchant(ctx, m); err != nil {
			return err
		}
		out = m
		return record(ctx, q, a, "merchant.update", "merchant", m.ID, m.OrgPath, before, m)
	})
	return out, err
}

// readableMerchant loads a merchant the actor may see; ENotFound otherwise.
func (s *Service) readableMerchant(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Merchant, error) {
	m, err := loadMerchant(ctx, q, id)
	if err != nil {
		return nil, err
	}
	ok, err := canReadMerchant(ctx, q, a, m)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.NotFound("merchant")
	}
	return m, nil
}

// Merchant returns one merchant. Who: readers in scope, its operators, members of its
// alliance (while it is active). Errors: ENotFound.
func (s *Service) Merchant(ctx context.Context, a *auth.Actor, id int64) (*domain.Merchant, error) {
	return s.readableMerchant(ctx, s.DB.Read(), a, id)
}

// MerchantFilter selects merchants.
type MerchantFilter struct {
	Status  string
	AfterID int64 // keyset cursor
	Limit   int
}

// Merchants lists the merchants the actor sees (as Merchant), in id order.
func (s *Service) Merchants(ctx context.Context, a *auth.Actor, f MerchantFilter) ([]domain.Merchant, error) {
	q := s.DB.Read()
	v, err := visibility(ctx, q, a)
	if err != nil {
		return nil, err
	}
	return q.Merchants(ctx, store.MerchantFilter{Visibility: v, Status: f.Status, AfterID: f.AfterID, Limit: limit(f.Limit)})
}

// MyMerchants lists the merchants the actor serves as an operator (the scan page's choice).
func (s *Service) MyMerchants(ctx context.Context, a *auth.Actor) ([]domain.Merchant, error) {
	q := s.DB.Read()
	if a.UserID() == 0 {
		return []domain.Merchant{}, nil
	}
	list, err := q.Merchants(ctx, store.MerchantFilter{Visibility: store.MerchantVisibility{UserID: a.UserID()}, Limit: 500})
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for i := range list {
		if ok, err := isOperator(ctx, q, a, &list[i]); err != nil {
			return nil, err
		} else if ok {
			out = append(out, list[i])
		}
	}
	return out, nil
}

// AddOperator links a user who holds role merchant over the merchant's alliance organisation
// to the merchant (idempotent). Who: redemption.manage over it. Errors: ENotFound (merchant,
// user), EForbidden, EInvalid (user_id: err.redemption.operator_role).
func (s *Service) AddOperator(ctx context.Context, a *auth.Actor, merchantID, userID int64) error {
	return s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := loadMerchant(ctx, q, merchantID)
		if err != nil {
			return err
		}
		if !canManage(a, m) {
			return domain.Forbidden()
		}
		u, err := q.User(ctx, userID)
		if err == sql.ErrNoRows {
			return domain.NotFound("user")
		}
		if err != nil {
			return err
		}
		ok := false
		for _, g := range u.Grants {
			ok = ok || (g.Role == domain.RoleMerchant && g.OrgPath != "" && domain.InSubtree(m.OrgPath, g.OrgPath))
		}
		if !ok {
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
				Fields: map[string]string{"user_id": "err.redemption.operator_role"}}
		}
		added, err := q.AddMerchantUser(ctx, m.ID, u.ID)
		if err != nil || !added {
			return err
		}
		return record(ctx, q, a, "merchant.operator_add", "merchant", m.ID, m.OrgPath, nil,
			map[string]any{"user_id": u.ID, "username": u.Username})
	})
}

// RemoveOperator unlinks an operator (idempotent). Who: redemption.manage over the merchant.
// Errors: ENotFound, EForbidden.
func (s *Service) RemoveOperator(ctx context.Context, a *auth.Actor, merchantID, userID int64) error {
	return s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := loadMerchant(ctx, q, merchantID)
		if err != nil {
			return err
		}
		if !canManage(a, m) {
			return domain.Forbidden()
		}
		removed, err := q.RemoveMerchantUser(ctx, m.ID, userID)
		if err != nil || !removed {
			return err
		}
		return record(ctx, q, a, "merchant.operator_remove", "merchant", m.ID, m.OrgPath,
			map[string]any{"user_id": userID}, nil)
	})
}

// Operators lists a merchant's operators. Who: redemption.read over it, or its operators.
// Errors: ENotFound.
func (s *Service) Operators(ctx context.Context, a *auth.Actor, merchantID int64) ([]domain.MerchantOperator, error) {
	q := s.DB.Read()
	m, err := loadMerchant(ctx, q, merchantID)
	if err != nil {
		return nil, err
	}
	op, err := isOperator(ctx, q, a, m)
	if err != nil {
		return nil, err
	}
	if !op && !a.Can(auth.RedemptionRead, m.OrgPath) {
		return nil, domain.NotFound("merchant")
	}
	return q.MerchantUsers(ctx, m.ID)
}
