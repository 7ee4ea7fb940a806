package tsa

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// maxReply bounds a TSA reply.
const maxReply = 1 << 20

// Authority is one RFC 3161 time-stamping authority.
type Authority struct {
	URL string
	// Roots are the trusted roots for the authority's certificate; nil
	// means the system roots.
	Roots *x509.CertPool
}

// Client takes timestamps. The zero value uses a 30-second HTTP client
// and the system clock.
type Client struct {
	HTTP *http.Client
	// Now is the clock for Token.Received.
	Now func() time.Time
}

// Token is a timestamp verified on receipt.
type Token struct {
	// DER is the TimeStampResp exactly as the authority sent it; this is
	// what afterimage stores.
	DER      []byte
	TSA      string    // the authority's URL
	GenTime  time.Time // the authority's time, UTC
	Received time.Time // Client.Now when the reply was checked
	Serial   *big.Int
	Policy   asn1.ObjectIdentifier
	Signer   string // subject of the TSA certificate
}

// Stamp asks authority a for a timestamp over data: a SHA-256 imprint, a
// random 128-bit nonce and certReq, posted as application/timestamp-query.
// The reply is verified as by Verify against a.Roots, and its nonce must
// equal the one sent. Errors name the URL and wrap the failed check's
// sentinel (ErrStatus, ErrChain, ...), or the transport error.
func (c *Client) Stamp(ctx context.Context, a Authority, data []byte) (Token, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return Token{}, fmt.Errorf("timestamp from %s: nonce: %w", a.URL, err)
	}
	req, err := timestamp.CreateRequest(bytes.NewReader(data), &timestamp.RequestOptions{
		Hash: crypto.SHA256, Certificates: true, Nonce: nonce})
	if err != nil {
		return Token{}, fmt.Errorf("timestamp from %s: request: %w", a.URL, err)
	}
	der, err := c.post(ctx, a.URL, req)
	if err != nil {
		return Token{}, fmt.Errorf("timestamp from %s: %w", a.URL, err)
	}
	info, err := Verify(der, data, a.Roots)
	if err != nil {
		return Token{}, fmt.Errorf("timestamp from %s: %w", a.URL, err)
	}
	if info.Nonce == nil || info.Nonce.Cmp(nonce) != 0 {
		return Token{}, fmt.Errorf("timestamp from %s: %w: sent %x, got %x", a.URL, ErrNonce, nonce, info.Nonce)
	}
	return Token{DER: der, TSA: a.URL, GenTime: info.GenTime, Received: c.now().UTC(),
		Serial: info.Serial, Policy: info.Policy, Signer: info.Signer.Subject.String()}, nil
}

// post sends a TimeStampReq and returns the reply body.
func (c *Client) post(ctx context.Context, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/timestamp-query")
	req.Header.Set("Accept", "application/timestamp-reply")
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err != nil {
		return nil, fmt.Errorf("read reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	if len(b) > maxReply {
		return nil, fmt.Errorf("%w: reply larger than %d bytes", ErrFormat, maxReply)
	}
	return b, nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
