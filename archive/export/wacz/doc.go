// Package wacz writes and checks the WACZ 1.1.1 files of afterimage's
// export bundles.
//
// A WACZ is a ZIP file holding:
//
//	archive/<name>.warc.gz     WARC files, stored (no ZIP compression)
//	indexes/index.cdx          CDXJ lines sorted by SURT key and timestamp, with
//	                           url, digest, mime, filename, offset, length,
//	                           status and recordDigest (SHA-256 of the record's
//	                           stored gzip member)
//	pages/pages.jsonl          a json-pages-1.0 header line, then one page per line
//	datapackage.json           profile "data-package", wacz_version "1.1.1", and
//	                           every other file with its SHA-256 and size
//	datapackage-digest.json    the SHA-256 of datapackage.json and signedData
//
// signedData is an anonymous signature (wacz-auth 0.1.0): a fresh ECDSA
// P-384 key per WACZ signs the ASCII string "sha256:<hex>" of
// datapackage.json. The signature is ECDSA over the SHA-256 of that string
// in the raw IEEE P1363 form r‖s (48 bytes each, 96 in all), base64, and
// the public key is base64 of its SPKI DER: the form ReplayWeb.page checks
// with WebCrypto, which shows the archive as signed. The private key is
// discarded after signing. An anonymous key proves only that the files
// were not changed after signing; the bundle's SHA256SUMS and the
// evidence log's export event tie the WACZ to the archive.
//
// Check verifies a WACZ the way py-wacz and ReplayWeb.page do, and more:
// every resource's hash and size, that every file is listed, the digest
// of datapackage.json, the exact shape of signedData, created equal to
// datapackage.created, the signature, and each index line's recordDigest
// against the bytes it points to.
package wacz
