package secret_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"dangjian/internal/secret"
)

func newBox(t *testing.T) (*secret.Box, []byte) {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	b, err := secret.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return b, key
}

func TestSealOpen(t *testing.T) {
	box, key := newBox(t)
	const clear = "11010519491231002X"
	a, b := box.Seal(clear), box.Seal(clear)
	if bytes.Equal(a, b) {
		t.Fatal("sealing twice gave the same bytes: the nonce is not random")
	}
	if bytes.Contains(a, []byte(clear)) || bytes.Contains(a, []byte("19491231")) {
		t.Fatal("sealed value contains the clear text")
	}
	for _, s := range [][]byte{a, b} {
		if got, err := box.Open(s); err != nil || got != clear {
			t.Fatalf("open: %q %v", got, err)
		}
	}
	if box.Seal("") != nil {
		t.Fatal("empty string must seal to nil")
	}
	if got, err := box.Open(nil); err != nil || got != "" {
		t.Fatalf("open nil: %q %v", got, err)
	}
	// Same key, new Box (another instance): opens.
	again, _ := secret.New(key)
	if got, err := again.Open(a); err != nil || got != clear {
		t.Fatalf("other instance with the same key: %q %v", got, err)
	}
	// Wrong key, tampering, truncation: refused.
	other, _ := newBox(t)
	if _, err := other.Open(a); err == nil {
		t.Fatal("opened with the wrong key")
	}
	tampered := bytes.Clone(a)
	tampered[len(tampered)-1] ^= 1
	if _, err := box.Open(tampered); err == nil {
		t.Fatal("opened a tampered value")
	}
	if _, err := box.Open(a[:5]); err == nil {
		t.Fatal("opened a truncated value")
	}
	if _, err := secret.New(key[:16]); err == nil {
		t.Fatal("accepted a 16-byte key")
	}
}

func TestHash(t *testing.T) {
	box, key := newBox(t)
	h := box.Hash("13812345678")
	if len(h) != 64 || h != box.Hash("13812345678") {
		t.Fatalf("hash not stable: %q", h)
	}
	same, _ := secret.New(key)
	if same.Hash("13812345678") != h {
		t.Fatal("same key, different hash")
	}
	other, _ := newBox(t)
	if other.Hash("13812345678") == h {
		t.Fatal("hash is not keyed")
	}
	if box.Hash("13812345679") == h {
		t.Fatal("different values, same hash")
	}
	if box.Hash("") != "" {
		t.Fatal("empty hashes to empty")
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sub", "secret.key")
	k1, err := secret.LoadKey("", file)
	if err != nil || len(k1) != 32 {
		t.Fatalf("create: %v", err)
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", st.Mode(), err)
	}
	k2, err := secret.LoadKey("", file)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("reuse: %v", err)
	}
	// An explicit key wins over the file.
	explicit := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	k3, err := secret.LoadKey(explicit, file)
	if err != nil || !bytes.Equal(k3, bytes.Repeat([]byte{7}, 32)) {
		t.Fatalf("explicit key: %v", err)
	}
	for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("short"))} {
		if _, err := secret.LoadKey(bad, file); err == nil {
			t.Errorf("accepted key %q", bad)
		}
	}
	// A broken key file is an error, not a silently new key.
	broken := filepath.Join(dir, "broken.key")
	os.WriteFile(broken, []byte("garbage\n"), 0o600)
	if _, err := secret.LoadKey("", broken); err == nil {
		t.Fatal("accepted a broken key file")
	}
}

// Instances starting together on a fresh data folder race to create the key file: exactly
// one key must come out, and every instance must get it (never a half-written file).
func TestLoadKeyRace(t *testing.T) {
	for round := range 20 {
		file := filepath.Join(t.TempDir(), "secret.key")
		const n = 16
		keys := make([][]byte, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				keys[i], errs[i] = secret.LoadKey("", file)
			}()
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d, instance %d: %v", round, i, errs[i])
			}
			if !bytes.Equal(keys[i], keys[0]) {
				t.Fatalf("round %d: instances got different keys", round)
			}
		}
		onDisk, err := secret.LoadKey("", file)
		if err != nil || !bytes.Equal(onDisk, keys[0]) {
			t.Fatalf("round %d: the file holds another key", round)
		}
	}
}
