package api_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// chinaNow is the moment in the calendar the points engine keeps (Asia/Shanghai): the
// service and the tests both take "today" from it.
func chinaNow() time.Time {
	z, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		z = time.FixedZone("CST", 8*3600)
	}
	return time.Now().In(z)
}

// today is the day points happen in the tests: every indicator of this year is in force.
func today() string { return chinaNow().Format("2006-01-02") }

func thisYear() int { return chinaNow().Year() }

// indicator creates a catalogue item of this year through the service as the system and
// names it {key} for the tests' placeholders. Defaults: a member item, activity, 1 point a
// time, claims need approval.
func (e *env) indicator(t *testing.T, key string, orgID int64, in points.IndicatorInput) int64 {
	t.Helper()
	in.OrgID, in.Year, in.Code = orgID, thisYear(), key
	if in.Name == "" {
		in.Name = "指标" + key
	}
	if in.Category == "" {
		in.Category = domain.CategoryActivity
	}
	if in.Subject == "" {
		in.Subject = domain.SubjectMember
	}
	if in.Unit == "" {
		in.Unit = domain.UnitCount
	}
	if in.Points == 0 {
		in.Points = domain.Whole(1)
	}
	ind, err := e.set.Points.CreateIndicator(context.Background(), auth.SystemActor(), in)
	if err != nil {
		t.Fatalf("fixture indicator %s: %v", key, err)
	}
	e.extra[key] = fmt.Sprint(ind.ID)
	return ind.ID
}

// idemKeys makes Idempotency-Keys unique within a test binary.
var idemKeys atomic.Int64

func newKey() string { return "key-" + strconv.FormatInt(idemKeys.Add(1), 10) }

// award posts an award through the API with a fresh key and fails the test unless it is
// 201; it returns the result.
func (e *env) award(t *testing.T, user, indicator string, subjectID int64, qty string) *response {
	t.Helper()
	body := fmt.Sprintf(`{"indicator_id":"{%s}","subject_type":"member","subject_id":"%d","quantity":%s,"occurred_on":"%s"}`,
		indicator, subjectID, qty, today())
	r := e.do(t, "POST", "/api/v1/points/awards", user, body, "Idempotency-Key", newKey())
	if r.status != 201 {
		t.Fatalf("award %s to %d: %d %s", indicator, subjectID, r.status, r.body)
	}
	return r
}

// num reads a top-level number (points) of a response as text, exactly as sent.
func num(r *response, key string) string { return fmt.Sprint(r.json[key]) }
