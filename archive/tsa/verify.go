package tsa

import (
	"bytes"
	"crypto"
	_ "crypto/sha1" // ESS signing-certificate v1 hashes
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

// Errors naming the check a timestamp failed. Verify and Stamp wrap them
// with details; test with errors.Is.
var (
	// ErrFormat means the bytes are not a TimeStampResp or TimeStampToken.
	ErrFormat = errors.New("not an RFC 3161 timestamp")
	// ErrStatus means the authority did not grant the request.
	ErrStatus = errors.New("timestamp not granted")
	// ErrSignature means the CMS signature, or its binding to the TSA
	// certificate, does not verify.
	ErrSignature = errors.New("timestamp signature does not verify")
	// ErrChain means the TSA certificate does not chain to a trusted root
	// at the token's genTime.
	ErrChain = errors.New("TSA certificate is not trusted")
	// ErrEKU means the TSA certificate lacks the critical
	// id-kp-timeStamping extended key usage, or allows other uses.
	ErrEKU = errors.New("TSA certificate is not a timestamping certificate")
	// ErrImprint means the token dates other data.
	ErrImprint = errors.New("timestamp imprint does not match the data")
	// ErrNonce means the reply does not answer this request.
	ErrNonce = errors.New("timestamp nonce does not match the request")
)

// Object identifiers used by the checks.
var (
	oidExtKeyUsage   = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidSigningCertV1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

// Info describes a verified timestamp.
type Info struct {
	GenTime  time.Time // the authority's time, UTC
	Accuracy time.Duration
	Serial   *big.Int
	Policy   asn1.ObjectIdentifier
	Nonce    *big.Int // nil when the request carried none
	Hash     crypto.Hash
	// Signer is the TSA certificate; Chain runs from it to a trusted root.
	Signer *x509.Certificate
	Chain  []*x509.Certificate
}

// Verify checks a stored timestamp over data offline: status, CMS
// signature, ESS signing-certificate binding, chain to roots (nil: the
// system roots) at genTime, critical timeStamping-only EKU, and imprint.
// It does not check a nonce (see Stamp). Errors wrap the sentinel of the
// failed check.
func Verify(der, data []byte, roots *x509.CertPool) (Info, error) {
	token, err := tokenBytes(der)
	if err != nil {
		return Info{}, err
	}
	ts, err := timestamp.Parse(token)
	if err != nil {
		return Info{}, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	p7, err := pkcs7.Parse(token)
	if err != nil {
		return Info{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	signer := p7.GetOnlySigner()
	if !ts.AddTSACertificate || signer == nil {
		return Info{}, fmt.Errorf("%w: the token does not carry its TSA certificate", ErrSignature)
	}
	if err := checkESS(p7, signer); err != nil {
		return Info{}, err
	}
	info := Info{GenTime: ts.Time.UTC(), Accuracy: ts.Accuracy, Serial: ts.SerialNumber,
		Policy: ts.Policy, Nonce: ts.Nonce, Hash: ts.HashAlgorithm, Signer: signer}
	if info.Chain, err = checkChain(signer, p7.Certificates, roots, info.GenTime); err != nil {
		return Info{}, err
	}
	if err := checkEKU(signer); err != nil {
		return Info{}, err
	}
	if err := checkImprint(ts, data); err != nil {
		return Info{}, err
	}
	return info, nil
}

// statusInfo and response mirror PKIStatusInfo and TimeStampResp.
type statusInfo struct {
	Status       int
	StatusString []string       `asn1:"optional,utf8"`
	FailInfo     asn1.BitString `asn1:"optional"`
}

type response struct {
	Status         statusInfo
	TimeStampToken asn1.RawValue `asn1:"optional"`
}

// tokenBytes returns the TimeStampToken inside a TimeStampResp, checking
// its status, or der itself when it is a bare token.
func tokenBytes(der []byte) ([]byte, error) {
	var resp response
	rest, err := asn1.Unmarshal(der, &resp)
	if err != nil {
		// Not a response: a bare token is a ContentInfo.
		if _, perr := pkcs7.Parse(der); perr != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, perr)
		}
		return der, nil
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%w: trailing bytes after the response", ErrFormat)
	}
	if s := resp.Status.Status; s != 0 && s != 1 {
		return nil, fmt.Errorf("%w: status %s %s (failure bits %x)", ErrStatus, timestamp.Status(s),
			strings.Join(resp.Status.StatusString, "; "), resp.Status.FailInfo.Bytes)
	}
	if len(resp.TimeStampToken.FullBytes) == 0 {
		return nil, fmt.Errorf("%w: granted response without a token", ErrFormat)
	}
	return resp.TimeStampToken.FullBytes, nil
}

// checkChain verifies the TSA certificate's chain at genTime.
func checkChain(signer *x509.Certificate, certs []*x509.Certificate, roots *x509.CertPool, genTime time.Time) ([]*x509.Certificate, error) {
	if roots == nil {
		var err error
		if roots, err = x509.SystemCertPool(); err != nil {
			return nil, fmt.Errorf("%w: no system roots: %v", ErrChain, err)
		}
	}
	inter := x509.NewCertPool()
	for _, c := range certs {
		inter.AddCert(c)
	}
	chains, err := signer.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: genTime,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
	if err != nil {
		return nil, fmt.Errorf("%w: %q at %s: %v", ErrChain, signer.Subject.String(), genTime.Format(time.RFC3339), err)
	}
	return chains[0], nil
}

// checkEKU enforces RFC 3161 §2.3: one critical extended key usage
// extension holding id-kp-timeStamping only.
func checkEKU(cert *x509.Certificate) error {
	n := 0
	for _, ext := range cert.Extensions {
		if !ext.Id.Equal(oidExtKeyUsage) {
			continue
		}
		n++
		if !ext.Critical {
			return fmt.Errorf("%w: %q: extended key usage is not critical", ErrEKU, cert.Subject.String())
		}
	}
	if n != 1 || len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != x509.ExtKeyUsageTimeStamping || len(cert.UnknownExtKeyUsage) != 0 {
		return fmt.Errorf("%w: %q: extended key usage is not exactly id-kp-timeStamping", ErrEKU, cert.Subject.String())
	}
	return nil
}

// checkImprint compares the token's message imprint with the data's hash.
func checkImprint(ts *timestamp.Timestamp, data []byte) error {
	switch ts.HashAlgorithm {
	case crypto.SHA256, crypto.SHA384, crypto.SHA512:
	default:
		return fmt.Errorf("%w: unsupported imprint hash %v", ErrImprint, ts.HashAlgorithm)
	}
	h := ts.HashAlgorithm.New()
	h.Write(data)
	if !bytes.Equal(h.Sum(nil), ts.HashedMessage) {
		return fmt.Errorf("%w: token dates %v %x", ErrImprint, ts.HashAlgorithm, ts.HashedMessage)
	}
	return nil
}

// essCertID is ESSCertIDv2 (RFC 5035); hashAlgorithm defaults to SHA-256.
// Version 1 (RFC 2634) has no algorithm and uses SHA-1.
type essCertID struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
	CertHash      []byte
	IssuerSerial  asn1.RawValue `asn1:"optional"`
}

type signingCertificate struct {
	Certs    []essCertID
	Policies asn1.RawValue `asn1:"optional"`
}

// checkESS checks that the signed attributes name the TSA certificate
// (RFC 3161 §2.4.2, RFC 5816), so it cannot be swapped for another.
func checkESS(p7 *pkcs7.PKCS7, signer *x509.Certificate) error {
	var sc signingCertificate
	hash := crypto.SHA256
	if err := p7.UnmarshalSignedAttribute(oidSigningCertV2, &sc); err != nil {
		if err := p7.UnmarshalSignedAttribute(oidSigningCertV1, &sc); err != nil {
			return fmt.Errorf("%w: no ESS signing-certificate attribute", ErrSignature)
		}
		hash = crypto.SHA1
	}
	if len(sc.Certs) == 0 {
		return fmt.Errorf("%w: empty ESS signing-certificate attribute", ErrSignature)
	}
	id := sc.Certs[0]
	switch alg := id.HashAlgorithm.Algorithm; {
	case len(alg) == 0, alg.Equal(oidSHA256):
	case alg.Equal(oidSHA384):
		hash = crypto.SHA384
	case alg.Equal(oidSHA512):
		hash = crypto.SHA512
	default:
		return fmt.Errorf("%w: ESS certificate hash %v unsupported", ErrSignature, alg)
	}
	h := hash.New()
	h.Write(signer.Raw)
	if !bytes.Equal(h.Sum(nil), id.CertHash) {
		return fmt.Errorf("%w: ESS signing-certificate does not name the TSA certificate", ErrSignature)
	}
	return nil
}
