package api_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/api/apitest"
)

// TestAPISuites runs the acceptance suites (role matrix, bad input,
// OpenAPI conformance) against the in-process server on a local archive;
// cmd/shohyo runs the same suites against `shohyo serve` on MinIO.
func TestAPISuites(t *testing.T) {
	e := fullEnv(t)
	apitest.Run(t, &apitest.Target{URL: e.url, Archive: e.srv.Docs.Bucket(), Index: e.reindex, MaxBytes: e.srv.MaxBytes})
}
