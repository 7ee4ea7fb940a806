// Package bluesky collects hashtag posts from Bluesky (the AT Protocol
// AppView) and rechecks them.
//
// Collection logs in with an app password (com.atproto.server.createSession
// on Config.Service, sent with SecretBody so the password never enters a
// WARC; the accessJwt travels in the Authorization header, which the
// recorder redacts) and searches with app.bsky.feed.searchPosts on the same
// host, authenticated: logged-out search is disabled on the public AppView
// (platforms.md §2.1). The query is q="#tag" with tag=tag and sort=latest,
// paged with the opaque cursor; a cursor that repeats is a pagination loop.
// An expired or refused token (400 ExpiredToken or InvalidToken, 401) makes
// the source create the session again, once per request. Every Arabic and
// Persian letter variant of a job tag is searched, and posts are matched
// with crawler.HasTag against their facet tags and record tags.
//
// Author metadata comes from the public app.bsky.actor.getProfiles (25
// actors a call) on Config.AppView: createdAt, followersCount,
// followsCount, postsCount and avatar (absent means the default avatar).
// An author the AppView leaves out of getProfiles is described from the
// search result's author view (no counts). For every post the public page
// (Config.WebURL + /profile/<handle>/post/<rkey>), its images (fullsize)
// and its author's avatar are fetched for the capture.
//
// Incremental collection keeps, per tag spelling under
// "bluesky|<service>|<tag>", the newest sortAt seen (min of record
// createdAt and indexedAt, RFC 3339) followed by the uris of the posts at
// exactly that time, space separated. The next run passes since= and stops
// at older posts. A post whose declared createdAt is backdated before that
// mark sorts below it and is not collected: the AppView orders search by
// that time.
//
// Identities and hashes. A post's item id is "bluesky:" + its at:// URI; an
// account's is "bluesky:" + its DID. A post's ContentSHA256 is the hex
// SHA-256 of its record text and the fullsize URLs of its images, joined by
// NUL bytes; an account's covers its handle, display name, description and
// avatar URL (not the counts).
//
// Rechecks read app.bsky.feed.getPosts (public, 25 uris a call): a post
// present is seen (or changed); a post left out is looked into with the
// author's app.bsky.actor.getProfile: 400 AccountTakedown makes it
// suspended; 400 AccountDeactivated makes it missing with that detail (the
// owner deactivated the account, which they can undo; a later check that
// sees it again restores it); 400 "Profile not found" makes it missing;
// otherwise app.bsky.feed.getPostThread answers 400 NotFound "Post not
// found: at://…" and it is missing. Accounts are read with getProfiles and,
// when left out, getProfile, with the same mapping. 429, 5xx, malformed
// answers and failed fetches are unavailable. The public page of every
// rechecked item is fetched too.
package bluesky
