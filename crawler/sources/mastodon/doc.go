// Package mastodon collects hashtag posts from Mastodon (and servers that
// implement the Mastodon API) and rechecks them.
//
// Collection reads the tag timeline (GET /api/v1/timelines/tag/:tag,
// limit 40) on every configured instance, newest first, following the
// rel="next" Link header (max_id) back to the newest status id seen in the
// previous run. That id is kept per instance and tag spelling in the job's
// Cursors under "mastodon|<instance URL>|<tag>", compared as a big integer
// (length, then lexical order). Mastodon keeps Arabic and Persian letter
// variants apart (#ايران and #ایران are two tags), so every variant spelling
// of a job tag is read; posts are matched with crawler.HasTag.
//
// Identities. A post's item id is "mastodon:" + its status uri (the
// ActivityPub id, the same on every instance), so a status seen on several
// instances is one item. An account's item id is "mastodon:" + its account
// url (the profile page its origin server publishes; it is the same on
// every instance), or its uri when url is empty.
//
// Content hashes. A post's ContentSHA256 is the hex SHA-256 of its spoiler
// text, its plain text (HTML stripped, entities decoded) and its origin
// media URLs (remote_url, else url), joined by NUL bytes; the origin URLs
// keep the hash equal on every instance. An account's hash covers its full
// handle, display name, plain-text note and whether its avatar is the
// default one (not the avatar URL, which differs per instance, nor the
// counts, which change all the time).
//
// Rechecks ask the status's origin server (host and id parsed from the
// status uri, else its url) GET /api/v1/statuses/:id: 200 is seen (or
// changed), 404 is missing unless the author's account (looked up with
// /api/v1/accounts/lookup and /api/v1/accounts/:id) is suspended ("suspended":
// true, or 410 Gone on 2.4 to 3.2 servers), which makes it suspended; 401 and
// 403 (login walls), 429, 5xx, malformed answers and failed fetches are
// unavailable. Accounts are rechecked the same way. The public page of every
// rechecked item is fetched too, so the capture shows what a visitor saw.
package mastodon
