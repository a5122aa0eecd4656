package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// Every declared page parses with the shared templates and defines what the layout needs;
// every template file is used; every asset a template names exists.
func TestTemplatesParse(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := parseTemplates(a.url)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range sharedTemplates {
		used[f] = true
	}
	for name, files := range pageTemplates {
		if pages[name] == nil {
			t.Errorf("page %s not parsed", name)
		}
		for _, f := range files {
			used[f] = true
		}
	}
	entries, _ := fs.ReadDir(templateFiles, "templates")
	assetRef := regexp.MustCompile(`asset "([^"]+)"`)
	for _, e := range entries {
		if !used[e.Name()] {
			t.Errorf("templates/%s is not part of any page", e.Name())
		}
		b, _ := fs.ReadFile(templateFiles, "templates/"+e.Name())
		for _, m := range assetRef.FindAllStringSubmatch(string(b), -1) {
			if _, ok := a.hashes[m[1]]; !ok {
				t.Errorf("templates/%s names a missing asset %q", e.Name(), m[1])
			}
		}
	}
}

// A page declared with a missing file, or one that lacks its content, stops start-up.
func TestTemplatesBrokenFailStartup(t *testing.T) {
	a, _ := loadAssets()
	saved := pageTemplates
	defer func() { pageTemplates = saved }()

	pageTemplates = map[string][]string{"ghost": {"no-such-file.html"}}
	if _, err := parseTemplates(a.url); err == nil {
		t.Error("missing template file accepted")
	}
	pageTemplates = map[string][]string{"empty": {}} // layout and partials only: no "content"
	if _, err := parseTemplates(a.url); err == nil || !strings.Contains(err.Error(), "content") {
		t.Errorf("page without content accepted: %v", err)
	}
}

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"":                       "/",
		"/members?q=1":           "/members?q=1",
		"/orgs/3":                "/orgs/3",
		"//evil.example":         "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"javascript:alert(1)":    "/",
		"members":                "/",
		"/login?next=/x":         "/",
		"/ok\r\nSet-Cookie: x=1": "/",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParentPath(t *testing.T) {
	for in, want := range map[string]string{"/1/7/42/": "/1/7/", "/1/": "/", "/": "/"} {
		if got := parentPath(in); got != want {
			t.Errorf("parentPath(%q) = %q, want %q", in, got, want)
		}
	}
}
