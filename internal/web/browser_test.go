package web_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/app"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium with nothing running in the background (no
// updates, sync or network chatter) and a throwaway profile. Without Chromium the test is
// skipped on a laptop and fails in CI, where it is installed.
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must install chromium", chromiumPath)
		}
		t.Skipf("%s not installed", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"), // the default language of the console, asserted below
		chromedp.Flag("accept-lang", "zh-CN"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// serveApp starts a whole instance (console, API, probes) on 127.0.0.1:0 with the fixture.
func serveApp(t *testing.T) (*fixture, string) {
	t.Helper()
	a, err := app.New(context.Background(), testConfig(t, "sqlite"), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f := buildFixture(t, a.Services)
	f.Handler = a.Handler
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.ServeListener(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return f, "http://" + ln.Addr().String()
}

// css is the selector of the first element matching a CSS selector.
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// text reads an element's visible text, failing the test on error.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression, failing the test on error.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// An administrator signs in, walks the tree to a branch, adds a member with a mistyped ID
// number, sees the message beside the field, corrects it, and finds the member by search.
func TestBrowserAddMember(t *testing.T) {
	f, base := serveApp(t)
	ctx := newBrowser(t, 40*time.Second)

	good := validID("32058319920815246")
	bad := good[:17] + map[bool]string{true: "1", false: "0"}[good[17] == '0']
	branchNode := fmt.Sprintf(`li[data-org-id="%d"]`, f.BranchA.ID)
	commNode := fmt.Sprintf(`li[data-org-id="%d"]`, f.CommA.ID)

	// Signing in from a deep link comes back to it.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/orgs"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), "admin"),
		chromedp.SendKeys(css(`#f-password`), testPassword),
		chromedp.Submit(css(`#f-password`)),
		chromedp.WaitVisible(css(`#org-tree`)),
	); err != nil {
		t.Fatalf("login: %v", err)
	}

	// The committee starts collapsed: its branch shows once the node is opened.
	if eval[bool](t, ctx, fmt.Sprintf(`document.querySelector('%s > details').open`, commNode)) {
		t.Fatalf("committee node should start closed")
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(commNode+` > details > summary > .badge`)),
		chromedp.WaitVisible(css(branchNode+` a`)),
		chromedp.Click(css(branchNode+` a`)),
		chromedp.WaitVisible(css(`[data-testid="add-member"]`)),
	); err != nil {
		t.Fatalf("tree to org page: %v", err)
	}
	if got := text(t, ctx, `.page-title`); got != f.BranchA.Name {
		t.Fatalf("org page title %q, want %q", got, f.BranchA.Name)
	}

	// The new-member form, submitted with a wrong check character.
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid="add-member"]`)),
		chromedp.WaitVisible(css(`[data-testid="member-form"]`)),
		chromedp.SendKeys(css(`#f-name`), "王小明"),
		chromedp.SendKeys(css(`#f-id_number`), bad),
		chromedp.SendKeys(css(`#f-phone`), "13512345678"),
		chromedp.SetValue(css(`#f-category`), "probationary"),
		chromedp.SetValue(css(`#f-joined_on`), "2024-07-01"),
		chromedp.Click(css(`[data-testid="member-submit"]`)),
		chromedp.WaitVisible(css(`#f-id_number.is-invalid`)),
	); err != nil {
		t.Fatalf("submit bad id: %v", err)
	}
	if msg := text(t, ctx, `[data-error-for="id_number"]`); !strings.Contains(msg, "校验位") {
		t.Fatalf("id_number message %q, want the checksum message", msg)
	}
	// The message sits right after the field it is about, and the typed values are kept.
	if !eval[bool](t, ctx, `document.querySelector('#f-id_number').nextElementSibling.getAttribute('data-error-for') === 'id_number'`) {
		t.Errorf("the id_number message is not beside the field")
	}
	if name := eval[string](t, ctx, `document.querySelector('#f-name').value`); name != "王小明" {
		t.Errorf("name not kept: %q", name)
	}

	// Corrected, it saves and shows the member with the number masked.
	if err := chromedp.Do(ctx,
		chromedp.Clear(css(`#f-id_number`)),
		chromedp.SendKeys(css(`#f-id_number`), good),
		chromedp.Click(css(`[data-testid="member-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="history"]`)),
	); err != nil {
		t.Fatalf("submit good id: %v", err)
	}
	if got, want := text(t, ctx, `[data-testid="id-number"]`), good[:6]+"********"+good[14:]; got != want {
		t.Fatalf("member page shows id %q, want %q", got, want)
	}

	// The member list search swaps the table in place (htmx) and finds the new member.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/members"),
		chromedp.WaitVisible(css(`#f-q`)),
	); err != nil {
		t.Fatalf("member list: %v", err)
	}
	eval[bool](t, ctx, `window.__sameDocument = true`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(css(`#f-q`), "王小明")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector('[data-testid="member-total"]').textContent.includes('共 1 名党员')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("search did not narrow the list: %v", err)
	}
	rows := eval[int](t, ctx, `document.querySelectorAll('#member-table tbody tr[data-member-id]').length`)
	body := text(t, ctx, `#member-table tbody`)
	if rows != 1 || !strings.Contains(body, "王小明") || !strings.Contains(body, "预备党员") {
		t.Fatalf("search result: %d rows, text %q", rows, body)
	}
	if !eval[bool](t, ctx, `window.__sameDocument === true && location.search.includes('q=')`) {
		t.Errorf("search reloaded the page or did not update the address")
	}
}
