package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// lifecycle adds to the fixture what the issue-3 pages show, one of each in branch A and
// branch B: an applicant, a transfer letter out of the system, an out-flow entry.
type lifecycle struct {
	ApplicantA, ApplicantB *development.View
	TransferA, TransferB   *domain.Transfer
	FloatingA, FloatingB   *domain.Floating
}

func addLifecycle(t testing.TB, f *fixture) *lifecycle {
	t.Helper()
	ctx, sys := context.Background(), auth.SystemActor()
	l := &lifecycle{}
	var err error
	mkApplicant := func(name, id17 string, orgID int64) *development.View {
		v, err := f.Set.Development.Create(ctx, sys, development.CreateInput{Name: name, IDNumber: validID(id17),
			OrgID: orgID, AppliedOn: "2024-03-01"})
		if err != nil {
			t.Fatalf("applicant %s: %v", name, err)
		}
		return v
	}
	l.ApplicantA = mkApplicant("王申请", "11010520000101101", f.BranchA.ID)
	l.ApplicantB = mkApplicant("赵申请", "11010520000202202", f.BranchB.ID)
	mkTransfer := func(m *domain.Member) *domain.Transfer {
		tr, err := f.Set.Transfers.Create(ctx, sys, transfer.CreateInput{MemberID: m.ID, ToExternalName: "外省某公司党委",
			Reason: "工作调动", DuesPaidThrough: "2024-12"})
		if err != nil {
			t.Fatalf("transfer of %s: %v", m.Name, err)
		}
		return tr
	}
	l.TransferA, l.TransferB = mkTransfer(f.MemberA), mkTransfer(f.MemberB)
	mkFloating := func(m *domain.Member) *domain.Floating {
		fl, err := f.Set.Transfers.RegisterFloating(ctx, sys, transfer.FloatingInput{Direction: domain.FloatingOut,
			MemberID: m.ID, Place: "广东省深圳市", Since: "2023-01-05", Contact: "微信"})
		if err != nil {
			t.Fatalf("floating %s: %v", m.Name, err)
		}
		return fl
	}
	if l.FloatingA, err = f.Set.Transfers.RegisterFloating(ctx, sys, transfer.FloatingInput{Direction: domain.FloatingIn,
		OrgID: f.BranchA.ID, Name: "钱流入", HomeOrgName: "外省某村党支部", Place: "安徽省", Since: "2024-05-01"}); err != nil {
		t.Fatal(err)
	}
	l.FloatingB = mkFloating(f.MemberB)
	return l
}

// upload posts a multipart form with one file field.
func (c *client) upload(path string, fields url.Values, fileField, fileName string, data []byte, headers ...string) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileField != "" {
		w, _ := mw.CreateFormFile(fileField, fileName)
		io.Copy(w, bytes.NewReader(data))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}
