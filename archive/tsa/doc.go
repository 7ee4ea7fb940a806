// Package tsa takes and checks RFC 3161 trusted timestamps, which date
// afterimage's evidence-log checkpoints independently of the machine that
// signs them.
//
// Client.Stamp sends a SHA-256 TimeStampReq with a random nonce and
// certReq set, and accepts the reply only after every check passes:
// granted status, CMS signature, the TSA certificate's chain to the
// authority's roots at the token's genTime, its critical
// id-kp-timeStamping extended key usage (and no other), the ESS
// signing-certificate binding, the message imprint (SHA-256 of the data)
// and the nonce. Verify repeats the offline part of these checks on a
// stored token, for verify and export bundles. Every check has its own
// error, so a message says which one failed.
//
// The stored form of a token is the TimeStampResp DER exactly as the
// authority sent it; Verify also accepts a bare TimeStampToken.
package tsa
