// Package account owns users and their role grants.
package account

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Service is the account capability.
type Service struct{ DB *store.DB }

// GrantInput is one role over one organisation (OrgID 0 only for admin).
type GrantInput struct {
	Role  string
	OrgID int64
}

// Input carries a user's fields; nil means "not given".
type Input struct {
	Username    *string
	Password    *string
	DisplayName *string
	MemberID    *int64
	Locale      *string
	Disabled    *bool
	Grants      *[]GrantInput
}

var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.@-]{3,64}$`)

// Me returns the caller's own account with grants.
func (s *Service) Me(ctx context.Context, a *auth.Actor) (*domain.User, error) {
	if a == nil || a.User == nil || a.User.ID == 0 {
		return nil, &domain.Error{Code: domain.EUnauthorized, Message: "err.auth.session"}
	}
	return s.DB.Read().User(ctx, a.User.ID)
}

// Get returns a user the caller may manage. Who: admin; org_admin for users whose grants
// all lie in their subtree. Errors: ENotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*domain.User, error) {
	u, err := s.DB.Read().User(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !canManage(a, u)) {
		return nil, domain.NotFound("user")
	}
	return u, err
}

// canManage: every grant of the user must lie inside the caller's user-management scope, so
// an org admin cannot touch an account that also works elsewhere (or a system admin).
func canManage(a *auth.Actor, u *domain.User) bool {
	if a.IsAdmin() {
		return true
	}
	if len(a.Scopes(auth.UserManage)) == 0 || len(u.Grants) == 0 {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == domain.RoleAdmin || !a.Can(auth.UserManage, g.OrgPath) {
			return false
		}
	}
	return true
}

// List returns users the caller may manage. Who: admin, org_admin. Errors: EForbidden.
func (s *Service) List(ctx context.Context, a *auth.Actor, query string, afterID int64, limit int) ([]*domain.User, error) {
	users, _, err := s.ListPage(ctx, a, query, afterID, limit)
	return users, err
}

// ListPage is List for keyset paging: users the caller cannot manage are dropped after the
// fetch, so a short page is not the end; next is the id to continue after (0 at the end).
func (s *Service) ListPage(ctx context.Context, a *auth.Actor, query string, afterID int64, limit int) ([]*domain.User, int64, error) {
	scopes := a.Scopes(auth.UserManage)
	if len(scopes) == 0 {
		return nil, 0, domain.Forbidden()
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	users, err := s.DB.Read().Users(ctx, store.UserFilter{Scopes: scopes, ScopeAll: a.IsAdmin(), Query: query, AfterID: afterID, Limit: limit})
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(users) == limit {
		next = users[len(users)-1].ID
	}
	out := users[:0]
	for _, u := range users {
		if canManage(a, u) {
			out = append(out, u)
		}
	}
	return out, next, nil
}

// Create adds a user. Who: admin; org_admin with every grant inside their subtree and no
// admin grant. Errors: EInvalid, EForbidden, EConflict (username taken).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*domain.User, error) {
	if len(a.Scopes(auth.UserManage)) == 0 {
		return nil, domain.Forbidden()
	}
	v := &domain.Validation{}
	u := &domain.User{Grants: []domain.Grant{}}
	if in.Username == nil {
		v.Add("username", "err.required")
	} else {
		u.Username = strings.TrimSpace(*in.Username)
		if !usernamePattern.MatchString(u.Username) {
			v.Add("username", "err.user.username")
		}
	}
	var hash string
	if in.Password == nil {
		v.Add("password", "err.required")
	} else if p := auth.PasswordProblem(*in.Password); p != "" {
		v.Add("password", p)
	} else {
		hash = auth.HashPassword(*in.Password)
	}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := s.apply(ctx, q, a, u, in, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, _, err := q.UserByUsername(ctx, u.Username); err == nil {
			return &domain.Error{Code: domain.EConflict, Message: "err.user.taken", Fields: map[string]string{"username": "err.user.taken"}}
		} else if err != sql.ErrNoRows {
			return err
		}
		if err := q.InsertUser(ctx, u, hash); err != nil {
			return err
		}
		id = u.ID
		return audit.Record(ctx, q, a, "user.create", "user", u.ID, auditPath(u), nil, userAudit(u))
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Read().User(ctx, id)
}

// Update changes a user's profile, password, disabled flag or grants. Changing the password
// or disabling ends the user's sessions. Who: as Get, and the new grants must be grantable by
// the caller. Errors: ENotFound, EInvalid, EForbidden (also for a user the caller may not
// manage: API.md answers writes outside the caller's scope with 403).
func (s *Service) Update(ctx context.Context, a *auth.Actor, id int64, in Input) (*domain.User, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		u, err := q.User(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("user")
		}
		if err != nil {
			return err
		}
		if !canManage(a, u) {
			return domain.Forbidden()
		}
		before := userAudit(u)
		v := &domain.Validation{}
		if in.Username != nil && strings.TrimSpace(*in.Username) != u.Username {
			v.Add("username", "err.user.username_fixed")
		}
		var hash string
		if in.Password != nil {
			if p := auth.PasswordProblem(*in.Password); p != "" {
				v.Add("password", p)
			} else {
				hash = auth.HashPassword(*in.Password)
			}
		}
		if in.Disabled != nil && *in.Disabled && u.ID == a.UserID() {
			v.Add("disabled", "err.user.disable_self")
		}
		if err := s.apply(ctx, q, a, u, in, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := q.UpdateUser(ctx, u, hash); err != nil {
			return err
		}
		if in.Grants != nil {
			if err := q.ReplaceGrants(ctx, u); err != nil {
				return err
			}
		}
		if hash != "" || u.Disabled {
			if err := q.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
		}
		after := userAudit(u)
		if hash != "" {
			after["password"] = "changed"
		}
		return audit.Record(ctx, q, a, "user.update", "user", u.ID, auditPath(u), before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Read().User(ctx, id)
}

func (s *Service) apply(ctx context.Context, q *store.Q, a *auth.Actor, u *domain.User, in Input, v *domain.Validation) error {
	if in.DisplayName != nil {
		u.DisplayName = strings.TrimSpace(*in.DisplayName)
		if utf8.RuneCountInString(u.DisplayName) > 50 {
			v.Add("display_name", "err.too_long")
		}
	}
	if in.Locale != nil {
		u.Locale = *in.Locale
		if u.Locale != "" && u.Locale != "zh-CN" && u.Locale != "en-US" {
			v.Add("locale", "err.choice")
		}
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
	if in.MemberID != nil {
		u.MemberID = *in.MemberID
		if u.MemberID != 0 {
			m, err := q.Member(ctx, u.MemberID)
			if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, m.OrgPath)) {
				v.Add("member_id", "err.member.unknown")
			} else if err != nil {
				return err
			}
		}
	}
	if in.Grants != nil {
		u.Grants = []domain.Grant{}
		for _, gi := range *in.Grants {
			g := domain.Grant{Role: gi.Role, OrgID: gi.OrgID, OrgPath: "/"}
			if !domain.Contains(domain.Roles, g.Role) {
				v.Add("grants", "err.user.role")
				continue
			}
			if g.Role == domain.RoleAdmin {
				if !a.IsAdmin() {
					return domain.Forbidden()
				}
			} else {
				if g.OrgID == 0 {
					v.Add("grants", "err.user.grant_org")
					continue
				}
				o, err := q.Org(ctx, g.OrgID)
				if err == sql.ErrNoRows {
					v.Add("grants", "err.org.unknown")
					continue
				}
				if err != nil {
					return err
				}
				if !a.Can(auth.UserManage, o.Path) {
					return domain.Forbidden()
				}
				g.OrgPath, g.OrgName = o.Path, o.Name
			}
			u.Grants = append(u.Grants, g)
		}
	}
	return nil
}

// auditPath shows a user's audit entries to whoever oversees their first grant.
func auditPath(u *domain.User) string {
	for _, g := range u.Grants {
		if g.Role != domain.RoleAdmin && g.OrgPath != "" {
			return g.OrgPath
		}
	}
	return "/"
}

func userAudit(u *domain.User) map[string]any {
	grants := make([]map[string]any, len(u.Grants))
	for i, g := range u.Grants {
		grants[i] = map[string]any{"role": g.Role, "org_id": g.OrgID}
	}
	return map[string]any{"username": u.Username, "display_name": u.DisplayName, "member_id": u.MemberID,
		"locale": u.Locale, "disabled": u.Disabled, "grants": grants}
}
