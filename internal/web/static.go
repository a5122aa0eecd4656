package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var staticFiles embed.FS

// assets serves the embedded static folder. Each file's URL carries a hash of its content
// (?v=…), so browsers may cache it for a year and still see a new release at once. Text
// files are gzipped once, on first request, and kept: ECharts alone is a megabyte, which
// matters on a phone.
type assets struct {
	fsys   fs.FS
	hashes map[string]string // path below static/ → short content hash
	gz     sync.Map          // path → *gzipped
}

type gzipped struct {
	once sync.Once
	data []byte
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{fsys: sub, hashes: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return a, err
}

// url is the versioned address of a static file; templates call it as {{asset "app.css"}}.
// An unknown name still gets an address (it will 404), and the template test catches it.
func (a *assets) url(name string) string {
	if v, ok := a.hashes[name]; ok {
		return "/static/" + name + "?v=" + v
	}
	return "/static/" + name
}

var compressible = map[string]bool{".js": true, ".css": true, ".svg": true, ".json": true, ".md": true}

func (h *handler) staticFiles() http.Handler {
	a := h.assets
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		hash, ok := a.hashes[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		hdr := w.Header()
		if r.URL.Query().Get("v") == hash {
			hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			hdr.Set("Cache-Control", "no-cache")
		}
		hdr.Set("X-Content-Type-Options", "nosniff")
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			hdr.Set("Content-Type", ct)
		}
		body, err := fs.ReadFile(a.fsys, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if compressible[path.Ext(name)] {
			hdr.Add("Vary", "Accept-Encoding")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				hdr.Set("Content-Encoding", "gzip")
				body = a.gzip(name, body)
				hash += "-gz"
			}
		}
		hdr.Set("ETag", `"`+hash+`"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

func (a *assets) gzip(name string, body []byte) []byte {
	v, _ := a.gz.LoadOrStore(name, &gzipped{})
	g := v.(*gzipped)
	g.once.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		g.data = buf.Bytes()
	})
	return g.data
}
