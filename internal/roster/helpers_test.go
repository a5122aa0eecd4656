package roster_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/member"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

type env struct {
	*testutil.Fixture
	runner *jobs.Runner
	svc    *roster.Service
}

func newEnv(t testing.TB, db *store.DB) *env {
	f := testutil.NewFixture(t, db)
	r := jobs.New(db, nil)
	s := roster.New(db, f.Set.Members, r)
	s.TempDir = t.TempDir()
	return &env{Fixture: f, runner: r, svc: s}
}

var testHeader = []string{"姓名", "公民身份号码", "手机号码", "学历", "所在党支部", "党小组", "党员类别", "入党日期", "转正日期", "流动党员"}

// idFor is a valid, unique ID number for row i (born on a day after 1960-01-01).
func idFor(i int) string {
	birth := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/500)
	return testutil.IDNumber(birth.Format("20060102"), 2*(i%500)+1)
}

// memberRow is a valid row i for the fixture: members of 甲一支部, some in its party group.
func memberRow(i int) []string {
	id := idFor(i)
	birth, _ := time.Parse("20060102", id[6:14])
	group := ""
	if i%3 == 0 {
		group = "第一党小组"
	}
	return []string{fmt.Sprintf("党员%05d", i), id, fmt.Sprintf("139%08d", i), "大学本科", "甲一支部", group,
		"正式党员", birth.AddDate(25, 0, 0).Format("2006-01-02"), birth.AddDate(26, 0, 0).Format("2006/1/2"), "否"}
}

// writeCSV writes a roster of n rows; mutate may change a row (by 0-based index) first.
func writeCSV(w io.Writer, n int, mutate func(i int, rec []string)) {
	cw := csv.NewWriter(w)
	cw.Write(testHeader)
	for i := 0; i < n; i++ {
		rec := memberRow(i)
		if mutate != nil {
			mutate(i, rec)
		}
		cw.Write(rec)
	}
	cw.Flush()
}

func csvBytes(n int, mutate func(i int, rec []string)) []byte {
	var b bytes.Buffer
	writeCSV(&b, n, mutate)
	return b.Bytes()
}

// importFile starts an import as actor and runs its job here; it returns the final status.
func (e *env) importFile(t testing.TB, a *auth.Actor, orgID int64, data []byte, dryRun bool) *roster.ImportStatus {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.StartImport(ctx, a, roster.ImportRequest{OrgID: orgID, Filename: "roster.csv",
		Body: bytes.NewReader(data), DryRun: dryRun})
	if err != nil {
		t.Fatalf("start import: %v", err)
	}
	if ok, err := e.runner.RunJob(ctx, id); !ok || err != nil {
		t.Fatalf("run job %d: %v %v", id, ok, err)
	}
	st, err := e.svc.Import(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// refusedAtStart asserts StartImport refuses data with the message key.
func (e *env) refusedAtStart(t *testing.T, data []byte, key string) {
	t.Helper()
	_, err := e.svc.StartImport(context.Background(), auth.SystemActor(), roster.ImportRequest{OrgID: e.Region.ID,
		Filename: "x.xlsx", Body: bytes.NewReader(data)})
	de, ok := domain.AsError(err)
	if !ok || de.Code != domain.EInvalid || de.Message != key {
		t.Fatalf("want %s, got %v", key, err)
	}
}

func countRows(t testing.TB, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func roster_req(orgID int64, data []byte) roster.ImportRequest {
	return roster.ImportRequest{OrgID: orgID, Filename: "x.csv", Body: bytes.NewReader(data)}
}

func roster_filter(q string) member.Filter { return member.Filter{Query: q} }
