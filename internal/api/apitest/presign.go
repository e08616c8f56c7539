package apitest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
)

// PresignedOriginal asks for an original with ?redirect=presigned. On an
// archive that presigns (Target.Presigns: S3) the answer is a 307 whose
// URL, fetched with no token, gives the byte-identical original, and
// after its expiry gives nothing; on a local archive the original is
// streamed as without the parameter.
func PresignedOriginal(t *testing.T, tg *Target) {
	sp := loadSpec(t)
	content := []byte("%PDF-1.7 presign test " + runID())
	id := tg.SeedFile(t, content, "請求書 2024-05.pdf", "application/pdf")
	name := "presign-" + runID()
	viewer := tg.Token(t, name, auth.Viewer)
	path := "/api/v1/documents/" + id + "/original?redirect=presigned&expires=2"
	req, err := http.NewRequest("GET", tg.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+viewer)
	// Not following the redirect: the test looks at it.
	resp, err := client.Transport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	sp.check(t, "GET", path, response{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: body})
	sum := sha256.Sum256(content)
	if !tg.Presigns {
		if resp.StatusCode != 200 || string(body) != string(content) {
			t.Errorf("local archive, ?redirect=presigned: %d, %d bytes; want the original streamed", resp.StatusCode, len(body))
		}
		return
	}
	var p api.PresignedOriginal
	if err := json.Unmarshal(body, &p); resp.StatusCode != http.StatusTemporaryRedirect || err != nil || resp.Header.Get("Location") != p.URL {
		t.Fatalf("presigned: %d %v %s", resp.StatusCode, err, body)
	}
	if p.SHA256 != hex.EncodeToString(sum[:]) || resp.Header.Get("X-Content-SHA256") != p.SHA256 {
		t.Errorf("presigned answer names hash %s (header %s), want %x", p.SHA256, resp.Header.Get("X-Content-SHA256"), sum)
	}
	fetch := func() (int, []byte, http.Header) {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Get(p.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, resp.Header
	}
	status, got, h := fetch()
	if status != 200 || string(got) != string(content) {
		t.Fatalf("presigned URL: %d, %d bytes, want the %d bytes of the original", status, len(got), len(content))
	}
	if cd := h.Get("Content-Disposition"); cd == "" {
		t.Errorf("presigned URL answers without the file name")
	}
	// Handing out the URL is the audited access.
	tr, err := audit.ReadTrail(t.Context(), tg.Archive)
	if err != nil {
		t.Fatal(err)
	}
	var via []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if ev.Type == audit.OriginalViewed && ev.DocID == id {
			via = append(via, ev.Actor.Name+" "+ev.Detail["via"])
		}
	})
	if want := []string{name + " presigned url"}; !slices.Equal(via, want) {
		t.Errorf("original_viewed events %q, want %q", via, want)
	}
	time.Sleep(time.Until(p.ExpiresAt) + 1500*time.Millisecond)
	if status, got, _ := fetch(); status != http.StatusForbidden {
		t.Errorf("presigned URL after its expiry: %d, %d bytes; want 403", status, len(got))
	}
}
