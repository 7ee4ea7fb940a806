// Package tsatest runs an RFC 3161 time-stamping authority on 127.0.0.1
// for tests: its own CA, a TSA certificate with a critical
// id-kp-timeStamping extended key usage, and options that make it
// misbehave in each way afterimage must refuse.
package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
)

// config is what the options set.
type config struct {
	now          func() time.Time
	wrongNonce   bool
	wrongImprint bool
	nonCritical  bool
	extraEKU     bool
	untrusted    bool
	status       timestamp.Status
	validFor     time.Duration
	requests     *atomic.Int64
	omitCert     bool
}

// Option changes how the test TSA behaves.
type Option func(*config)

// WrongNonce answers with the request's nonce plus one.
func WrongNonce() Option { return func(c *config) { c.wrongNonce = true } }

// WrongImprint answers with a message imprint other than the request's.
func WrongImprint() Option { return func(c *config) { c.wrongImprint = true } }

// NonCriticalEKU issues the TSA certificate with a non-critical
// extended key usage extension.
func NonCriticalEKU() Option { return func(c *config) { c.nonCritical = true } }

// ExtraEKU issues the TSA certificate with serverAuth beside timeStamping.
func ExtraEKU() Option { return func(c *config) { c.extraEKU = true } }

// UntrustedCA signs the TSA certificate with a CA other than the one
// Start returns.
func UntrustedCA() Option { return func(c *config) { c.untrusted = true } }

// Status answers every request with this PKIStatus and no token (for
// example timestamp.Rejection).
func Status(s timestamp.Status) Option { return func(c *config) { c.status = s } }

// Clock sets the TSA's clock (genTime); the certificates are valid from
// an hour before its time at Start.
func Clock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// ValidFor sets how long the certificates stay valid after Start's time
// (default 24 hours).
func ValidFor(d time.Duration) Option { return func(c *config) { c.validFor = d } }

// OmitCertificate leaves the TSA certificate out of the token even when
// the request asks for it.
func OmitCertificate() Option { return func(c *config) { c.omitCert = true } }

// Count makes the TSA add one to n for every request it receives.
func Count(n *atomic.Int64) Option { return func(c *config) { c.requests = n } }

// Start runs a test TSA until the test ends. It returns the URL to post
// TimeStampReqs to, a pool holding its root, and that root in PEM.
func Start(t testing.TB, opts ...Option) (url string, roots *x509.CertPool, rootPEM []byte) {
	t.Helper()
	c := &config{now: time.Now, validFor: 24 * time.Hour}
	for _, o := range opts {
		o(c)
	}
	start := c.now()
	ca, caKey := newCA(t, "afterimage test TSA root", start, c.validFor)
	signer, signerKey := ca, caKey
	if c.untrusted {
		signer, signerKey = newCA(t, "afterimage untrusted root", start, c.validFor)
	}
	leaf, leafKey := newLeaf(t, c, signer, signerKey, start)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.requests != nil {
			c.requests.Add(1)
		}
		serve(w, r, c, leaf, leafKey)
	}))
	t.Cleanup(srv.Close)
	roots = x509.NewCertPool()
	roots.AddCert(ca)
	return srv.URL, roots, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})
}

// serve answers one TimeStampReq.
func serve(w http.ResponseWriter, r *http.Request, c *config, leaf *x509.Certificate, key crypto.Signer) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	req, perr := timestamp.ParseRequest(body)
	if err != nil || perr != nil || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "bad timestamp request", http.StatusBadRequest)
		return
	}
	var der []byte
	if c.status != timestamp.Granted {
		der, err = timestamp.CreateErrorResponse(c.status, timestamp.BadRequest)
	} else {
		der, err = grant(c, req, leaf, key)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(der)
}

// grant builds a granted TimeStampResp, spoiled as configured.
func grant(c *config, req *timestamp.Request, leaf *x509.Certificate, key crypto.Signer) ([]byte, error) {
	imprint := append([]byte(nil), req.HashedMessage...)
	if c.wrongImprint {
		imprint[0] ^= 0xff
	}
	nonce := req.Nonce
	if c.wrongNonce && nonce != nil {
		nonce = new(big.Int).Add(nonce, big.NewInt(1))
	}
	ts := timestamp.Timestamp{
		HashAlgorithm: req.HashAlgorithm, HashedMessage: imprint, Time: c.now().UTC(),
		Nonce: nonce, Policy: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1},
		Accuracy: time.Second, AddTSACertificate: req.Certificates && !c.omitCert,
	}
	return ts.CreateResponseWithOpts(leaf, key, crypto.SHA256)
}

// newCA makes a self-signed CA certificate.
func newCA(t testing.TB, name string, now time.Time, validFor time.Duration) (*x509.Certificate, crypto.Signer) {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(validFor),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	return sign(t, tmpl, tmpl, key.Public(), key), key
}

// newLeaf makes the TSA certificate with its extended key usage as
// configured.
func newLeaf(t testing.TB, c *config, ca *x509.Certificate, caKey crypto.Signer, now time.Time) (*x509.Certificate, crypto.Signer) {
	t.Helper()
	ekus := []asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}}
	if c.extraEKU {
		ekus = append(ekus, asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1})
	}
	eku, err := asn1.Marshal(ekus)
	if err != nil {
		t.Fatal(err)
	}
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "afterimage test TSA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(c.validFor),
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: !c.nonCritical, Value: eku}},
	}
	return sign(t, tmpl, ca, key.Public(), caKey), key
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func sign(t testing.TB, tmpl, parent *x509.Certificate, pub crypto.PublicKey, key crypto.Signer) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}
