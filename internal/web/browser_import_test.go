package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a browser an officer downloads the import template, uploads a roster with a wrong ID
// number, sees the row and column on screen with nothing imported, uploads the fixed file,
// watches the progress finish, and finds the members listed.
func TestBrowserImportRoster(t *testing.T) {
	f, base := serveApp(t)
	ctx := newBrowser(t, 30*time.Second)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "roster-bad.csv"), filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(bad, rosterCSV(true), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, rosterCSV(false), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/members/import?org_id=%d", base, f.BranchA.ID)),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "secretary_a"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`[data-testid="import-form"]`)),
	); err != nil {
		t.Fatalf("login to the import page: %v", err)
	}

	// The template link serves a workbook: the spreadsheet type and a zip's "PK".
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('[data-testid="download-template"]').href)
		.then(async r => r.status + '|' + r.headers.get('content-type') + '|' +
			String.fromCharCode(...new Uint8Array(await r.arrayBuffer()).slice(0, 2)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch the template: %v", err)
	}
	if !strings.HasPrefix(got, "200|application/vnd.openxmlformats-officedocument.spreadsheetml.sheet|PK") {
		t.Fatalf("template response %q", got)
	}

	upload := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.WaitVisible(css(`[data-testid="import-form"]`)),
			chromedp.SetUploadFiles(css(`#f-file`), []string{path}),
			chromedp.Click(css(`[data-testid="mode-import"]`)),
			chromedp.Click(css(`[data-testid="import-submit"]`)),
			chromedp.WaitVisible(css(`[data-testid="import-status"]`)),
		); err != nil {
			t.Fatalf("upload %s: %v", filepath.Base(path), err)
		}
		// From here the status card updates itself (htmx polling): no reload.
		eval[bool](t, ctx, `window.__samePage = true`)
	}
	waitFor := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(css(sel))); err != nil {
			t.Fatalf("wait for %s: %v; status %q", sel, err, text(t, ctx, `#import-status`))
		}
		if !eval[bool](t, ctx, `window.__samePage === true`) {
			t.Errorf("the status page reloaded instead of updating in place")
		}
	}

	upload(bad)
	waitFor(`[data-testid="import-failed"]`)
	if msg := text(t, ctx, `[data-testid="import-failed"]`); !strings.Contains(msg, "未导入任何数据") {
		t.Errorf("failure message %q", msg)
	}
	row := text(t, ctx, `[data-testid="import-errors"] tr[data-row="3"]`)
	if !strings.Contains(row, "公民身份号码") || !strings.Contains(row, "校验位") {
		t.Errorf("error row 3 reads %q", row)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-testid="import-errors"] tbody tr').length`); n != 1 {
		t.Errorf("%d error rows, want 1", n)
	}
	if w := eval[string](t, ctx, `document.querySelector('[data-testid="import-progress"]').style.width`); w != "100%" {
		t.Errorf("progress bar at %q when finished", w)
	}

	if err := chromedp.Do(ctx, chromedp.Click(css(`[data-testid="import-again"]`))); err != nil {
		t.Fatal(err)
	}
	upload(good)
	waitFor(`[data-testid="import-done"]`)
	if n := text(t, ctx, `[data-testid="count-new"]`); n != "2" {
		t.Errorf("new members %q, want 2", n)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid="imported-members"]`)),
		chromedp.WaitVisible(css(`#member-table`)),
	); err != nil {
		t.Fatalf("to the member list: %v", err)
	}
	body := text(t, ctx, `#member-table tbody`)
	if !strings.Contains(body, "周导入") || !strings.Contains(body, "吴导入") || !strings.Contains(body, "张三") {
		t.Errorf("member list after the import: %q", body)
	}
}
