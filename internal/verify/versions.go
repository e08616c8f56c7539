package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/storage"
)

// CodeUnlocked is a problem code of this package: an object is not
// locked as long as its record requires.
const CodeUnlocked = "unlocked"

// versionedPrefixes are the parts of the archive where every key must
// have exactly one version: everything shohyo writes is create-only.
var versionedPrefixes = []string{"originals/", "docs/", "audit/"}

// checkBucketVersions looks, on a versioned (object-lock) bucket, for
// keys with more than one version or with a delete marker. S3 lets
// anyone with write access add those even to locked objects: a PUT adds a
// version on top, a DELETE without a version id adds a marker that hides
// the object. The locked first version stays intact, but the key no
// longer reads as stored, so each is an alarm naming the key.
func (c *checker) checkBucketVersions(ctx context.Context) error {
	for _, prefix := range versionedPrefixes {
		cur, versions, markers := "", 0, 0
		flush := func() {
			if cur == "" || (versions <= 1 && markers == 0) || !c.inPeriod(cur) {
				return
			}
			msg := fmt.Sprintf("%d versions and %d delete markers in the bucket; shohyo writes each key once", versions, markers)
			switch {
			case markers > 0 && versions > 0:
				msg += ": someone with bucket access deleted it (the data is still in the locked version)"
			case markers > 0:
				msg += ": only delete markers remain"
			default:
				msg += ": someone with bucket access wrote over it (the first version is still there)"
			}
			c.problem(cur, audit.CodeVersions, "%s", msg)
		}
		err := c.b.ListVersions(ctx, prefix, func(v storage.ObjectVersion) error {
			if v.Key != cur {
				flush()
				cur, versions, markers = v.Key, 0, 0
			}
			if v.DeleteMarker {
				markers++
			} else {
				versions++
			}
			return nil
		})
		if errors.Is(err, storage.ErrUnsupported) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("verify: list versions: %w", err)
		}
		flush()
	}
	c.r.BucketVersions = true
	return nil
}

// inPeriod reports whether key belongs to the audit trail (always checked)
// or to a document of the period.
func (c *checker) inPeriod(key string) bool {
	if strings.HasPrefix(key, "audit/") || c.checked[key] {
		return true
	}
	if id, _, ok := strings.Cut(strings.TrimPrefix(key, "docs/"), "/"); ok && strings.HasPrefix(key, "docs/") {
		return c.checked[docstore.DocPrefix(id)]
	}
	return false
}
