// Package crawler turns targets into recorded fetches. A Source (one per
// platform, in crawler/sources/<platform>) asks a Fetcher for requests and
// parses the answers into items and observations; the Fetcher runs every
// request through colly and the recording transport, so each exchange is
// archived in the capture's WARC exactly as it came over the connection.
//
// The crawler never branches on a platform name: sources are listed in a
// Registry built in cmd.
package crawler
