package wacz

import (
	"crypto/ecdsa"
	"math/big"
)

// ecdsaVerifyRaw verifies a raw r||s signature with the r, s form of
// crypto/ecdsa, independently of Verify's ASN.1 route.
func ecdsaVerifyRaw(pub *ecdsa.PublicKey, digest, raw []byte) bool {
	n := len(raw) / 2
	return ecdsa.Verify(pub, digest, new(big.Int).SetBytes(raw[:n]), new(big.Int).SetBytes(raw[n:]))
}
