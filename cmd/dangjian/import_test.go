package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The CLI imports into the demo's first organisation, reports bad rows by row and column in
// the operator's language, and exports what it imported.
func TestImportAndExportMembers(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	ctx := context.Background()
	dir := t.TempDir()
	if _, _, err := runCLI(t, ctx, "demo", "--data", dir); err != nil {
		t.Fatal(err)
	}
	all := filepath.Join(dir, "all.xlsx")
	out, _, err := runCLI(t, ctx, "export", "members", "--data", dir, "--org", "1", "-o", all, "--reveal")
	if err != nil || !strings.Contains(out, "Exported ") {
		t.Fatalf("export: %q %v", out, err)
	}
	out, _, err = runCLI(t, ctx, "import", "members", all, "--data", dir, "--org", "1", "--dry-run")
	if err != nil || !strings.Contains(out, "0 new, 0 updated") {
		t.Fatalf("re-import of the export: %q %v", out, err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("姓名,公民身份号码,党员类别,入党日期,所在党支部\n张三,110105199001011234,正式党员,2015-07-01,不存在\n"), 0o600)
	out, _, err = runCLI(t, ctx, "import", "members", "--data", dir, "--org", "1", bad)
	if err == nil || !strings.Contains(out, "Row 2  公民身份号码: ") || !strings.Contains(out, "Row 2  所在党支部: No such branch") {
		t.Fatalf("bad rows: %q %v", out, err)
	}
}
