// Package recorder is the HTTP transport afterimage gives colly
// (c.WithTransport): it fetches over HTTP/1.1 itself and writes every
// exchange into a WARC file as it went over the connection.
//
// The request record holds the request bytes as written to the connection,
// except credentials: the values of Authorization, Proxy-Authorization and
// Cookie are replaced by "[redacted]", and so is a body marked secret
// (WithSecretBody, or the Afterimage-Secret-Body request header, which is
// never sent). The response record holds the bytes exactly as they came off
// the connection (status line, headers, body with transfer and content
// codings as sent), cut at the body cap with WARC-Truncated: length; only
// the answer to a secret request (a login answer carries session cookies
// and tokens) has its Set-Cookie values and body replaced too. The two
// are linked by WARC-Concurrent-To, dated by the fetch start and carry the
// peer's address. Bodies are spooled to temporary files beyond a small
// in-memory size.
//
// The *http.Response the caller gets has the entity body with the transfer
// coding removed and the content coding kept (colly inflates gzip itself),
// and two headers that never enter the WARC: Afterimage-Record-Id (the
// response record's id) and Afterimage-Truncated. Redirects are not
// followed: each hop is its own exchange. Every exchange and every failure
// is reported to Config.OnExchange. Addresses are dialled through
// crawler/netguard.
package recorder
