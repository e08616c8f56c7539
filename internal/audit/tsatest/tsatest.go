// Package tsatest runs a real RFC 3161 time-stamping authority on
// loopback for tests: its own root CA, a TSA certificate for time
// stamping signed by it, and responses built and signed with the
// github.com/digitorus/timestamp library, answering the same protocol
// over HTTP as an accredited TSA does.
package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
)

// Server is a running TSA.
type Server struct {
	URL   string
	Roots *x509.CertPool // holds the TSA's root CA, to verify its tokens

	root  *x509.Certificate
	mu    sync.Mutex
	now   func() time.Time
	count int
	fail  bool
}

// policy is the TSA policy OID the tokens carry (an arbitrary private one).
var policy = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 59999, 1, 1}

// Start runs a TSA until the test ends. now is its clock (nil: time.Now).
func Start(t testing.TB, now func() time.Time) *Server {
	t.Helper()
	if now == nil {
		now = time.Now
	}
	caKey, caCert := newCert(t, now(), nil, nil, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "shohyo test root CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	})
	tsaKey, tsaCert := newCert(t, now(), caKey, caCert, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "shohyo test TSA"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	})
	s := &Server{Roots: x509.NewCertPool(), now: now, root: caCert}
	s.Roots.AddCert(caCert)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.count++
		fail, at := s.fail, s.now()
		s.mu.Unlock()
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
			http.Error(w, "want POST application/timestamp-query", http.StatusBadRequest)
			return
		}
		if fail {
			http.Error(w, "TSA unavailable", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ts := timestamp.Timestamp{
			HashAlgorithm:     req.HashAlgorithm,
			HashedMessage:     req.HashedMessage,
			Time:              at.UTC().Truncate(time.Second),
			Nonce:             req.Nonce,
			Policy:            policy,
			Accuracy:          time.Second,
			AddTSACertificate: req.Certificates,
		}
		resp, err := ts.CreateResponseWithOpts(tsaCert, tsaKey, crypto.SHA256)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(resp)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// RootDER returns the root CA certificate (DER), for a process that
// verifies tokens from a PEM file.
func (s *Server) RootDER() []byte { return s.root.Raw }

// Requests returns how many requests the TSA has answered.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// SetFailing makes the TSA answer 503, as during an outage.
func (s *Server) SetFailing(fail bool) {
	s.mu.Lock()
	s.fail = fail
	s.mu.Unlock()
}

// newCert issues a certificate valid from a year before now to 20 years
// after, judged by the TSA's own clock so tokens dated by an injected
// clock verify.
func newCert(t testing.TB, now time.Time, parentKey crypto.Signer, parent, tmpl *x509.Certificate) (crypto.Signer, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = now.AddDate(-1, 0, 0)
	tmpl.NotAfter = now.AddDate(20, 0, 0)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}
