package audit

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

// TSA is a client of an RFC 3161 time-stamping authority. For the
// Electronic Bookkeeping Act the TSA must be one accredited by the
// Ministry of Internal Affairs (総務大臣認定時刻認証業務); any RFC 3161
// server works technically.
type TSA struct {
	URL    string
	Client *http.Client // nil means a client with a 30 s timeout
	// Roots are the trust anchors a token's signing certificate must
	// chain to; nil means the system's roots.
	Roots *x509.CertPool
}

// Stamp is a timestamp token as stored in an anchor.
type Stamp struct {
	TSA    string    `json:"tsa"`
	Token  []byte    `json:"token"` // DER TimeStampToken (CMS SignedData), base64 in JSON
	Time   time.Time `json:"time"`  // genTime from the token, for people
	Serial string    `json:"serial"`
}

// maxTSAResponse bounds a response: a token with a certificate chain is a
// few kilobytes.
const maxTSAResponse = 1 << 20

// Stamp asks the TSA for a token over digest (a SHA-256) and verifies the
// answer before returning it: imprint, nonce, signature and chain.
func (t *TSA) Stamp(ctx context.Context, digest []byte) (*Stamp, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, fmt.Errorf("audit: tsa nonce: %w", err)
	}
	req := &timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest, Certificates: true, Nonce: nonce}
	body, err := req.Marshal()
	if err != nil {
		return nil, fmt.Errorf("audit: tsa request: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("audit: tsa %s: %w", t.URL, err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	client := t.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("audit: tsa %s: %w", t.URL, err)
	}
	defer resp.Body.Close()
	der, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse))
	if err != nil {
		return nil, fmt.Errorf("audit: tsa %s: read answer: %w", t.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("audit: tsa %s: %s", t.URL, resp.Status)
	}
	ts, err := timestamp.ParseResponse(der)
	if err != nil {
		return nil, fmt.Errorf("audit: tsa %s: %w", t.URL, err)
	}
	if ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("audit: tsa %s: the answer does not carry our nonce (a replayed token?)", t.URL)
	}
	s := &Stamp{TSA: t.URL, Token: ts.RawToken, Time: ts.Time.UTC(), Serial: ts.SerialNumber.String()}
	if _, err := VerifyStamp(s, digest, t.Roots); err != nil {
		return nil, err
	}
	return s, nil
}

// VerifyStamp checks a stored token: it is signed by a certificate for
// time stamping that chains to roots (nil: system roots) as of the
// token's time, it covers digest, and its time is the recorded one. The
// timestamp library checks the CMS signature against the embedded
// certificates only; the chain is checked here.
func VerifyStamp(s *Stamp, digest []byte, roots *x509.CertPool) (*timestamp.Timestamp, error) {
	ts, err := timestamp.Parse(s.Token)
	if err != nil {
		return nil, fmt.Errorf("audit: timestamp token: %w", err)
	}
	if ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest) {
		return nil, errors.New("audit: timestamp token covers other data than this anchor")
	}
	if !ts.Time.Equal(s.Time) {
		return nil, fmt.Errorf("audit: timestamp token says %s, the anchor records %s", ts.Time.UTC().Format(time.RFC3339Nano), s.Time.Format(time.RFC3339Nano))
	}
	if roots == nil {
		if roots, err = x509.SystemCertPool(); err != nil {
			return nil, fmt.Errorf("audit: system roots: %w", err)
		}
	}
	p7, err := pkcs7.Parse(s.Token)
	if err != nil {
		return nil, fmt.Errorf("audit: timestamp token: %w", err)
	}
	inter := x509.NewCertPool()
	for _, c := range p7.Certificates {
		inter.AddCert(c)
	}
	// Judged at the token's time: a TSA certificate that expired later
	// does not invalidate the tokens it signed while valid.
	err = p7.VerifyWithOpts(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: ts.Time,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	})
	if err != nil {
		return nil, fmt.Errorf("audit: timestamp token signer: %w", err)
	}
	return ts, nil
}
