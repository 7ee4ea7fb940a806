// Package telegramfake is an httptest server that answers like t.me's
// public channel web preview: /s/<channel> pages with ?q= search and
// before/after paging, the channel landing page, the post page
// /<channel>/<n> and its embed ?embed=1 (with "Post not found" once a
// message is deleted), media files and channel photos.
//
// It also plays Telegram's failure modes: a channel whose preview is
// disabled, a name that is no channel, a private channel, a channel that
// "can't be displayed", 429 answers, 5xx answers, pages that are not
// Telegram's, and a "more" link that never moves back. Everything it
// serves is derived from what tests seed, so answers are deterministic.
//
// Telegram documents no rate limit; the fake's 429 carries Retry-After
// and the plain-text body "Too Many Requests".
package telegramfake
