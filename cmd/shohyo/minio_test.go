package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/notification"

	"github.com/shohyo/shohyo/internal/testutil"
)

// TestMinIOEndToEnd: serve on MinIO and Redis; 20 receipts put into the
// inbox bucket with a plain S3 client become searchable; serve is killed
// with SIGKILL half-way and restarted, and there are still exactly 20
// documents: none lost, none twice.
func TestMinIOEndToEnd(t *testing.T) {
	imgs := sroie2018(t, 20)
	addr := fmt.Sprintf("127.0.0.1:%d", testutil.FreePort(t))
	const token = "webhook-secret"
	m := testutil.StartMinIO(t, testutil.MinIOOptions{Env: []string{
		"MINIO_NOTIFY_WEBHOOK_ENABLE_SHOHYO=on",
		"MINIO_NOTIFY_WEBHOOK_ENDPOINT_SHOHYO=http://" + addr + "/api/v1/intake/s3-events",
		"MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SHOHYO=" + token,
		"MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_SHOHYO=" + t.TempDir(),
	}})
	redisURL := testutil.StartRedis(t)
	env := []string{
		"SHOHYO_ADDR=" + addr,
		"SHOHYO_DATA=" + t.TempDir(),
		"SHOHYO_S3_ENDPOINT=" + m.Endpoint,
		"SHOHYO_S3_ACCESS_KEY=" + m.AccessKey,
		"SHOHYO_S3_SECRET_KEY=" + m.SecretKey,
		"SHOHYO_REDIS_URL=" + redisURL,
		"SHOHYO_WEBHOOK_TOKEN=" + token,
		"SHOHYO_WORKERS=2",
	}
	s := startServe(t, env)

	ctx := context.Background()
	mc, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	nc := notification.Configuration{}
	qc := notification.NewConfig(notification.NewArn("minio", "sqs", "", "SHOHYO", "webhook"))
	qc.AddEvents(notification.ObjectCreatedAll)
	nc.AddQueue(qc)
	if err := mc.SetBucketNotification(ctx, "shohyo-inbox", nc); err != nil {
		t.Fatalf("set bucket notification: %v\n%s", err, m.Log())
	}

	start := time.Now()
	for i, p := range imgs {
		if _, err := mc.FPutObject(ctx, "shohyo-inbox", "scanner-1/"+filepath.Base(p), p, minio.PutObjectOptions{ContentType: "image/jpeg"}); err != nil {
			t.Fatal(err)
		}
		if i == len(imgs)/2 {
			waitDone(t, s, 3, 2*time.Minute)
			s.kill()
			t.Logf("serve killed with SIGKILL after %d uploads", i+1)
		}
	}
	s = startServe(t, env)
	r := waitDone(t, s, len(imgs), 5*time.Minute)
	elapsed := time.Since(start)
	t.Logf("drop to searchable for %d receipts (with a SIGKILL and restart): %.1fs", len(imgs), elapsed.Seconds())

	if r.Total != uint64(len(imgs)) {
		t.Fatalf("want exactly %d documents, got %d", len(imgs), r.Total)
	}
	ids := map[string]bool{}
	for _, h := range r.Hits {
		ids[h.DocID] = true
		if h.Arrivals != 1 {
			t.Errorf("%s (%s) arrived %d times", h.DocID, h.FileName, h.Arrivals)
		}
	}
	if len(ids) != len(imgs) {
		t.Errorf("%d distinct documents, want %d", len(ids), len(imgs))
	}
	// The inbox bucket is empty: every object was taken.
	for o := range mc.ListObjects(ctx, "shohyo-inbox", minio.ListObjectsOptions{Recursive: true}) {
		t.Errorf("left in the inbox: %s %v", o.Key, o.Err)
	}

	out, err := cli(t, []string{"SHOHYO_SERVER=" + s.url}, "search", "--from", "2018-01-01", "--to", "2018-12-31", "--limit", "100")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("shohyo search --from 2018-01-01 --to 2018-12-31\n%s", out)
	jsonOut, err := cli(t, []string{"SHOHYO_SERVER=" + s.url}, "search", "--from", "2018-01-01", "--to", "2018-12-31", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			DocID     string `json:"doc_id"`
			TotalText string `json:"total_text"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &res); err != nil {
		t.Fatal(err)
	}
	// The range search must list exactly the documents whose record says
	// 2018: that is the search's job. How many dates the extractor reads
	// is measured by `make eval` (docs/benchmarks.md), not asserted here;
	// the floor only catches a broken extractor.
	in2018 := map[string]bool{}
	for id := range ids {
		if d := issueDate(t, s.url, id); strings.HasPrefix(d, "2018-") {
			in2018[id] = true
		}
	}
	if res.Total != len(in2018) {
		t.Errorf("date-range search found %d documents, records dated 2018: %d", res.Total, len(in2018))
	}
	for _, h := range res.Hits {
		if !in2018[h.DocID] {
			t.Errorf("%s is listed for 2018 but its record says otherwise", h.DocID)
		}
	}
	if len(in2018) < len(imgs)/2 {
		t.Errorf("only %d of %d receipt dates read", len(in2018), len(imgs))
	}
	t.Logf("dates read as 2018: %d of %d", len(in2018), len(imgs))
}

// issueDate reads a document's current issue date through the API.
func issueDate(t *testing.T, url, id string) string {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/documents/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Record struct {
			Fields struct {
				IssueDate struct {
					Value string `json:"value"`
				} `json:"issue_date"`
			} `json:"fields"`
		} `json:"record"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Record.Fields.IssueDate.Value
}

// sroie2018 picks n SROIE receipts whose labelled date is in 2018.
func sroie2018(t *testing.T, n int) []string {
	t.Helper()
	keys, _ := filepath.Glob(filepath.Join(sroieDir(), "key", "*.json"))
	if len(keys) == 0 {
		testutil.Require(t, "the SROIE dataset at "+sroieDir()+" (set SHOHYO_SROIE)")
	}
	var out []string
	for _, k := range keys {
		var key struct {
			Date string `json:"date"`
		}
		b, err := os.ReadFile(k)
		if err != nil || json.Unmarshal(b, &key) != nil || !strings.Contains(key.Date, "2018") {
			continue
		}
		img := filepath.Join(sroieDir(), "img", strings.TrimSuffix(filepath.Base(k), ".json")+".jpg")
		if _, err := os.Stat(img); err == nil {
			out = append(out, img)
		}
		if len(out) == n {
			return out
		}
	}
	t.Fatalf("only %d receipts dated 2018 in %s", len(out), sroieDir())
	return nil
}
