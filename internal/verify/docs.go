package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// listDocs groups the keys under docs/ by document in one listing, and
// adds documents only the audit trail knows (all of whose objects are
// gone), so a vanished document is reported too.
func (c *checker) listDocs(ctx context.Context) (map[string][]storage.Info, error) {
	docs := map[string][]storage.Info{}
	err := c.b.List(ctx, "docs/", func(i storage.Info) error {
		id, _, ok := strings.Cut(strings.TrimPrefix(i.Key, "docs/"), "/")
		if ok {
			docs[id] = append(docs[id], i)
		}
		return nil
	})
	for id := range c.byDoc {
		if _, ok := docs[id]; !ok {
			docs[id] = nil
		}
	}
	return docs, err
}

func (c *checker) checkDocs(ctx context.Context, docs map[string][]storage.Info) error {
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	work := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range c.opts.Concurrency {
		wg.Go(func() {
			for id := range work {
				if err := c.checkDoc(ctx, id, docs[id]); err != nil {
					mu.Lock()
					firstErr = errors.Join(firstErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		work <- id
	}
	close(work)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// object is one stored object as read back.
type object struct {
	info storage.Info
	data []byte
	sha  string
}

// read fetches and hashes an object. JSON objects of a document are small;
// originals are streamed (readOriginal).
func (c *checker) read(ctx context.Context, info storage.Info) (*object, error) {
	rc, err := c.b.Open(ctx, info.Key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("verify: read %s: %w", info.Key, err)
	}
	h := sha256.Sum256(data)
	return &object{info: info, data: data, sha: hex.EncodeToString(h[:])}, nil
}

// checkDoc verifies one document; it returns only storage errors.
func (c *checker) checkDoc(ctx context.Context, id string, infos []storage.Info) error {
	prefix := docstore.DocPrefix(id)
	objs := map[string]*object{}
	var receipts []docstore.Receipt
	// Receipts first: they date the document for the range filter.
	for _, info := range infos {
		if !strings.HasPrefix(info.Key, prefix+"receipts/") {
			continue
		}
		o, err := c.read(ctx, info)
		if err != nil {
			return err
		}
		objs[info.Key] = o
		var r docstore.Receipt
		if err := json.Unmarshal(o.data, &r); err != nil {
			c.problem(info.Key, audit.CodeUnreadable, "receipt: %v", err)
			continue
		}
		receipts = append(receipts, r)
	}
	if !c.inRange(id, receipts) {
		return nil
	}
	c.mu.Lock()
	c.checked[prefix] = true
	for _, r := range receipts {
		c.checked[storage.OriginalKey(r.SHA256)] = true
	}
	c.mu.Unlock()
	for _, info := range infos {
		if objs[info.Key] == nil {
			o, err := c.read(ctx, info)
			if err != nil {
				return err
			}
			objs[info.Key] = o
		}
	}

	var versions, deleted int
	var originals, nobj int
	var bytes int64
	for _, o := range objs {
		nobj++
		bytes += int64(len(o.data))
		c.checkRecorded(o.info, o.sha)
	}
	for _, key := range c.byDoc[id] {
		if _, ok := objs[key]; !ok && strings.HasPrefix(key, prefix) {
			c.problem(key, audit.CodeMissing, "the audit trail records this object (hash %s), but it is not in the bucket", c.recorded[key])
		}
	}
	shas := map[string]bool{}
	for _, r := range receipts {
		if r.DocID != id || record.DocID(r.SHA256) != id {
			c.problem(docstore.DocPrefix(id)+"receipts/", audit.CodeAltered, "a receipt names document %s and original %s", r.DocID, r.SHA256)
		}
		shas[r.SHA256] = true
	}
	for sha := range shas {
		n, err := c.checkOriginal(ctx, sha)
		if err != nil {
			return err
		}
		originals++
		nobj++
		bytes += n
	}
	latest, nv := c.checkVersions(id, objs)
	versions += nv
	if o := objs[docstore.DeletionKey(id)]; o != nil {
		deleted++
		c.checkDeletion(id, o, objs)
	}
	if c.opts.Retention && latest != nil && latest.Archival != nil {
		if err := c.checkRetention(ctx, latest.Archival.RetainUntil, shas, objs); err != nil {
			return err
		}
	}
	c.mu.Lock()
	c.r.Documents++
	c.r.Deleted += deleted
	c.r.Originals += originals
	c.r.Versions += versions
	c.r.Objects += nobj
	c.r.Bytes += bytes
	c.mu.Unlock()
	return nil
}

// inRange decides by the first time the file was stored; a document
// whose receipts are all gone is dated by its earliest event instead and
// is always checked, since its loss is exactly what must be reported.
func (c *checker) inRange(id string, receipts []docstore.Receipt) bool {
	if c.opts.From.IsZero() && c.opts.To.IsZero() {
		return true
	}
	if len(receipts) == 0 {
		return true
	}
	first := receipts[0].ReceivedAt
	for _, r := range receipts[1:] {
		if r.ReceivedAt.Before(first) {
			first = r.ReceivedAt
		}
	}
	if !c.opts.From.IsZero() && first.Before(c.opts.From) {
		return false
	}
	return c.opts.To.IsZero() || first.Before(c.opts.To)
}

// checkRecorded compares an object with the hash its event recorded. An
// object no event names is a problem once it is older than the grace
// period (quarantine notes are operational and not audited).
func (c *checker) checkRecorded(info storage.Info, sha string) {
	want, ok := c.recorded[info.Key]
	switch {
	case ok && want != sha:
		c.problem(info.Key, audit.CodeAltered, "content hashes to %s, the audit trail recorded %s when it was stored", sha, want)
	case !ok && !strings.HasSuffix(info.Key, "/quarantine.json") && c.opts.Now().Sub(info.ModTime) > c.opts.Grace:
		c.problem(info.Key, audit.CodeNoAudit, "no audit event records this object (hash %s)", sha)
	}
}

// checkOriginal re-hashes an original; its key is its hash. It returns the
// bytes read.
func (c *checker) checkOriginal(ctx context.Context, sha string) (int64, error) {
	key := storage.OriginalKey(sha)
	rc, err := c.b.Open(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		c.problem(key, audit.CodeMissing, "the original of document %s is not in the bucket", record.DocID(sha))
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return n, fmt.Errorf("verify: read %s: %w", key, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		c.problem(key, audit.CodeAltered, "content hashes to %s, not to its name", got)
	}
	if want, ok := c.recorded[key]; ok && want != sha {
		c.problem(key, audit.CodeAltered, "the audit trail recorded hash %s for this original", want)
	}
	return n, nil
}

// checkVersions checks numbering from 1 without gaps and the hash chain;
// it returns the latest readable version and how many there are.
func (c *checker) checkVersions(id string, objs map[string]*object) (*record.Version, int) {
	byNum := map[int]*object{}
	var nums []int
	for key, o := range objs {
		if !strings.HasPrefix(key, docstore.DocPrefix(id)+"versions/") {
			continue
		}
		n := docstore.VersionNumber(key)
		if n == 0 || key != docstore.VersionKey(id, n) {
			c.problem(key, audit.CodeUnreadable, "not a version key")
			continue
		}
		byNum[n] = o
		nums = append(nums, n)
	}
	slices.Sort(nums)
	var latest *record.Version
	prevSHA, prevKey, expected := "", "", 1
	for _, n := range nums {
		o := byNum[n]
		key := o.info.Key
		for m := expected; m < n; m++ {
			c.problem(docstore.VersionKey(id, m), audit.CodeMissing, "version %d is missing (versions go up to %d)", m, nums[len(nums)-1])
			prevSHA = "" // the link over the gap is reported already
		}
		expected = n + 1
		var v record.Version
		if err := json.Unmarshal(o.data, &v); err != nil {
			c.problem(key, audit.CodeUnreadable, "version: %v", err)
			prevSHA, prevKey = o.sha, key
			continue
		}
		switch {
		case v.DocID != id || v.Version != n:
			c.problem(key, audit.CodeAltered, "names document %s version %d", v.DocID, v.Version)
		case n == 1 && v.Previous != "":
			c.problem(key, audit.CodeAltered, "version 1 names a previous version")
		case n > 1 && prevSHA != "" && v.Previous != prevSHA:
			c.problem(prevKey, audit.CodeAltered, "hashes to %s, but version %d records %s as its previous version", prevSHA, n, v.Previous)
		}
		prevSHA, prevKey = o.sha, key
		latest = &v
	}
	return latest, len(nums)
}

// checkDeletion ties the marker to the version that was current.
func (c *checker) checkDeletion(id string, o *object, objs map[string]*object) {
	var d docstore.Deletion
	if err := json.Unmarshal(o.data, &d); err != nil {
		c.problem(o.info.Key, audit.CodeUnreadable, "deletion marker: %v", err)
		return
	}
	if d.DocID != id || d.Reason == "" {
		c.problem(o.info.Key, audit.CodeAltered, "marker names document %q with reason %q", d.DocID, d.Reason)
	}
	if d.Version == 0 {
		return
	}
	v := objs[docstore.VersionKey(id, d.Version)]
	if v != nil && v.sha != d.VersionSHA256 {
		c.problem(v.info.Key, audit.CodeAltered, "hashes to %s, the deletion marker recorded %s", v.sha, d.VersionSHA256)
	}
}

// checkRetention checks each object is locked at least until retain_until.
func (c *checker) checkRetention(ctx context.Context, until time.Time, shas map[string]bool, objs map[string]*object) error {
	keys := make([]string, 0, len(objs)+len(shas))
	for sha := range shas {
		keys = append(keys, storage.OriginalKey(sha))
	}
	for k := range objs {
		keys = append(keys, k)
	}
	for _, k := range keys {
		r, err := c.b.Retention(ctx, k)
		if errors.Is(err, storage.ErrUnsupported) {
			return nil
		}
		if errors.Is(err, storage.ErrNotFound) {
			continue // reported as missing
		}
		if err != nil {
			return err
		}
		if r.Until.Before(until.Truncate(time.Second)) && !r.LegalHold {
			c.problem(k, CodeUnlocked, "locked until %s, the record requires %s", r.Until.Format(time.RFC3339), until.UTC().Format(time.RFC3339))
		}
	}
	return nil
}
