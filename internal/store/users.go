package store

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/domain"
)

const userColumns = `u.id, u.username, u.display_name, COALESCE(u.member_id, 0), u.locale, u.disabled, u.created_at`

func scanUser(row interface{ Scan(...any) error }, u *domain.User, extra ...any) error {
	return row.Scan(append([]any{&u.ID, &u.Username, &u.DisplayName, &u.MemberID, &u.Locale, &u.Disabled, &u.CreatedAt}, extra...)...)
}

// User returns a user with grants, or ErrNoRows.
func (q *Q) User(ctx context.Context, id int64) (*domain.User, error) {
	var u domain.User
	if err := scanUser(q.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id), &u); err != nil {
		return nil, err
	}
	return &u, q.fillGrants(ctx, []*domain.User{&u})
}

// UserByUsername returns a user, the password hash, or ErrNoRows.
func (q *Q) UserByUsername(ctx context.Context, username string) (*domain.User, string, error) {
	var u domain.User
	var hash string
	err := scanUser(q.q.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.username = $1`, username), &u, &hash)
	if err != nil {
		return nil, "", err
	}
	return &u, hash, q.fillGrants(ctx, []*domain.User{&u})
}

// UserFilter selects users: those with a grant inside Scopes, or (ScopeAll) every user.
type UserFilter struct {
	Scopes   []string
	ScopeAll bool
	Query    string
	AfterID  int64
	Limit    int
}

// Users lists users in id order.
func (q *Q) Users(ctx context.Context, f UserFilter) ([]*domain.User, error) {
	args := []any{}
	where := []string{"1 = 1"}
	if !f.ScopeAll {
		where = append(where, `u.id IN (SELECT gr.user_id FROM grants gr JOIN orgs o ON o.id = gr.org_id WHERE `+
			scopeClause("o.path", f.Scopes, &args)+`)`)
	}
	if f.Query != "" {
		args = append(args, likePattern(f.Query))
		where = append(where, "(u.username "+q.d.ilike()+" "+placeholder(len(args))+` ESCAPE '\' OR u.display_name `+
			q.d.ilike()+" "+placeholder(len(args))+` ESCAPE '\')`)
	}
	args = append(args, f.AfterID)
	where = append(where, "u.id > "+placeholder(len(args)))
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+strings.Join(where, " AND ")+
		` ORDER BY u.id LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.User
	for rows.Next() {
		var u domain.User
		if err := scanUser(rows, &u); err != nil {
			return nil, err
		}
		out = append(out, &u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, q.fillGrants(ctx, out)
}

func (q *Q) fillGrants(ctx context.Context, users []*domain.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*domain.User{}
	args := make([]any, len(users))
	marks := make([]string, len(users))
	for i, u := range users {
		byID[u.ID] = u
		u.Grants = []domain.Grant{}
		args[i] = u.ID
		marks[i] = placeholder(i + 1)
	}
	rows, err := q.q.QueryContext(ctx, `SELECT g.id, g.user_id, g.role, COALESCE(g.org_id, 0), COALESCE(o.path, '/'),
		COALESCE(o.name, '') FROM grants g LEFT JOIN orgs o ON o.id = g.org_id
		WHERE g.user_id IN (`+strings.Join(marks, ",")+`) ORDER BY g.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var g domain.Grant
		if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &g.OrgID, &g.OrgPath, &g.OrgName); err != nil {
			return err
		}
		byID[g.UserID].Grants = append(byID[g.UserID].Grants, g)
	}
	return rows.Err()
}

// InsertUser inserts u with its grants and sets the ids.
func (q *Q) InsertUser(ctx context.Context, u *domain.User, passwordHash string) error {
	t := now()
	u.CreatedAt = t
	err := q.q.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, member_id, locale,
		disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		u.Username, u.DisplayName, passwordHash, nullInt(u.MemberID), u.Locale, u.Disabled, t).Scan(&u.ID)
	if err != nil {
		return err
	}
	return q.ReplaceGrants(ctx, u)
}

// UpdateUser writes the profile fields; an empty passwordHash keeps the password.
func (q *Q) UpdateUser(ctx context.Context, u *domain.User, passwordHash string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE users SET display_name = $1, member_id = $2, locale = $3, disabled = $4,
		password_hash = CASE WHEN $5 = '' THEN password_hash ELSE $5 END, updated_at = $6 WHERE id = $7`,
		u.DisplayName, nullInt(u.MemberID), u.Locale, u.Disabled, passwordHash, now(), u.ID)
	return err
}

// ReplaceGrants makes the stored grants of u equal to u.Grants.
func (q *Q) ReplaceGrants(ctx context.Context, u *domain.User) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM grants WHERE user_id = $1`, u.ID); err != nil {
		return err
	}
	t := now()
	for i := range u.Grants {
		g := &u.Grants[i]
		g.UserID = u.ID
		if err := q.q.QueryRowContext(ctx, `INSERT INTO grants (user_id, role, org_id, created_at) VALUES ($1, $2, $3, $4)
			RETURNING id`, u.ID, g.Role, nullInt(g.OrgID), t).Scan(&g.ID); err != nil {
			return err
		}
	}
	return nil
}

// CountUsers counts all users (0 means a fresh installation).
func (q *Q) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// --- sessions and tokens --------------------------------------------------------------

// InsertSession stores a session under the hash of its cookie value.
func (q *Q) InsertSession(ctx context.Context, s *domain.Session, ip, userAgent string) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.ID, s.UserID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, ip, userAgent)
	return err
}

// Session returns a session by id hash, or ErrNoRows.
func (q *Q) Session(ctx context.Context, id string) (*domain.Session, error) {
	var s domain.Session
	err := q.q.QueryRowContext(ctx, `SELECT id, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// TouchSession records activity on a session.
func (q *Q) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, at, id)
	return err
}

// DeleteSession ends a session.
func (q *Q) DeleteSession(ctx context.Context, id string) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return err
}

// DeleteUserSessions ends every session of a user (on password change or disable).
func (q *Q) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute expiry or idle since before idleSince.
func (q *Q) DeleteExpiredSessions(ctx context.Context, at, idleSince time.Time) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, at, idleSince)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// InsertToken stores an API token hash.
func (q *Q) InsertToken(ctx context.Context, userID int64, hash, name string, expires time.Time) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, userID, hash, name, now(), expires)
	return err
}

// TokenUser returns the user id and expiry of a token hash, or ErrNoRows.
func (q *Q) TokenUser(ctx context.Context, hash string) (int64, time.Time, error) {
	var id int64
	var exp time.Time
	err := q.q.QueryRowContext(ctx, `SELECT user_id, expires_at FROM api_tokens WHERE token_hash = $1`, hash).Scan(&id, &exp)
	return id, exp, err
}

// --- login failures ---------------------------------------------------------------------

// AddLoginFailure records a failed sign-in.
func (q *Q) AddLoginFailure(ctx context.Context, username, ip string, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO login_failures (username, at, ip) VALUES ($1, $2, $3)`, username, at.UTC(), ip)
	return err
}

// LoginFailures returns the times of a user's latest failures since a time, newest first, at
// most limit of them. (Times are read as rows, not through MAX(at): SQLite returns an
// aggregate of a TIMESTAMP column as text, which does not scan into a time.)
func (q *Q) LoginFailures(ctx context.Context, username string, since time.Time, limit int) ([]time.Time, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT at FROM login_failures WHERE username = $1 AND at >= $2
		ORDER BY at DESC LIMIT $3`, username, since.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// ClearLoginFailures forgets failures after a successful sign-in.
func (q *Q) ClearLoginFailures(ctx context.Context, username string) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM login_failures WHERE username = $1`, username)
	return err
}
