// Package mastodonfake is an in-process Mastodon server for tests: one
// Server is one instance on 127.0.0.1, answering the REST API calls
// afterimage makes (tag timelines with Link pagination, statuses, accounts,
// account lookup), public status and profile pages, media and avatars, as
// Mastodon does, errors included (platforms.md §1 and §8).
//
// Seed it with AddAccount and AddStatus; copy a status to another fake with
// Federate, so that it shows on both instances under one uri, as federation
// does. Then change it: DeleteStatus, EditStatus, SuspendAccount; and make
// it misbehave: RateLimit, FailNext, MalformNext, RequireAuth,
// SetUnknownTag404, SetLoopPagination. Ids are snowflake-like (milliseconds
// of the creation time shifted left 16 bits, plus a sequence), so answers
// are deterministic for the same seed.
package mastodonfake
