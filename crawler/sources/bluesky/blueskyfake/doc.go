// Package blueskyfake is an in-process Bluesky for tests: one Server on
// 127.0.0.1 plays the PDS (createSession), the AppView (searchPosts,
// getPosts, getPostThread, getProfile, getProfiles), the web app (post and
// profile pages) and the image CDN, answering as they do, errors included
// (platforms.md §2 and §8).
//
// Seed it with SetLogin, AddProfile and AddPost; change it with DeletePost,
// TakedownAccount, DeactivateAccount, DeleteAccount and ExpireSessions; make
// it misbehave with RateLimit, FailNext, MalformNext, SetLoopPagination and
// SetSearchForbiddenHTML. searchPosts needs a session (401 AuthMissing
// without one) unless SetPublicSearch(true). DIDs, record keys and CIDs are
// derived from the seed, so answers are deterministic.
package blueskyfake
