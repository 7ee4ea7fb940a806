package wacz

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
)

// SignedData is the anonymous signature block of datapackage-digest.json
// (wacz-auth 0.1.0). It has exactly these fields.
type SignedData struct {
	Hash      string `json:"hash"`    // "sha256:<hex>" of datapackage.json
	Created   string `json:"created"` // equal to datapackage.json's created
	Software  string `json:"software"`
	Version   string `json:"version"`
	Signature string `json:"signature"` // base64 of r‖s, 96 bytes
	PublicKey string `json:"publicKey"` // base64 of the SPKI DER of a P-384 key
}

// ecdsaSig is the ASN.1 form of an ECDSA signature.
type ecdsaSig struct{ R, S *big.Int }

// coordLen is the byte length of r and s on P-384.
const coordLen = 48

// Sign makes a fresh P-384 key from rnd, signs hash (the ASCII
// "sha256:<hex>" string) as ReplayWeb.page verifies it, and returns the
// base64 signature (raw r‖s) and public key (SPKI DER). The private key
// is not kept.
func Sign(rnd io.Reader, hash string) (signature, publicKey string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P384(), rnd)
	if err != nil {
		return "", "", fmt.Errorf("wacz sign: generate key: %w", err)
	}
	digest := sha256.Sum256([]byte(hash))
	der, err := ecdsa.SignASN1(rnd, key, digest[:])
	if err != nil {
		return "", "", fmt.Errorf("wacz sign: %w", err)
	}
	var sig ecdsaSig
	if _, err := asn1.Unmarshal(der, &sig); err != nil {
		return "", "", fmt.Errorf("wacz sign: %w", err)
	}
	raw := make([]byte, 2*coordLen)
	sig.R.FillBytes(raw[:coordLen])
	sig.S.FillBytes(raw[coordLen:])
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return "", "", fmt.Errorf("wacz sign: %w", err)
	}
	return base64.StdEncoding.EncodeToString(raw), base64.StdEncoding.EncodeToString(spki), nil
}

// Verify checks an anonymous signature as ReplayWeb.page does: publicKey
// must be base64 SPKI DER of an ECDSA P-384 key, signature base64 of the
// raw r‖s form (96 bytes), over the SHA-256 of the ASCII hash string. A
// DER-encoded signature is refused: WebCrypto would not accept it.
func Verify(hash, signature, publicKey string) error {
	spki, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil {
		return fmt.Errorf("publicKey is not base64: %w", err)
	}
	pub, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		return fmt.Errorf("publicKey is not an SPKI public key: %w", err)
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P384() {
		return errors.New("publicKey is not an ECDSA P-384 key")
	}
	raw, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("signature is not base64: %w", err)
	}
	if len(raw) != 2*coordLen {
		return fmt.Errorf("signature is %d bytes, not the 96-byte r‖s form of P-384", len(raw))
	}
	der, err := asn1.Marshal(ecdsaSig{R: new(big.Int).SetBytes(raw[:coordLen]), S: new(big.Int).SetBytes(raw[coordLen:])})
	if err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	digest := sha256.Sum256([]byte(hash))
	if !ecdsa.VerifyASN1(ec, digest[:], der) {
		return errors.New("signature does not verify with publicKey")
	}
	return nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
