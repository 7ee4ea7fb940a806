// Package telegram collects hashtag posts from the public web preview of
// Telegram channels (https://t.me/s/<channel>) and rechecks them.
//
// Telegram has no cross-channel hashtag search on the web, so the source
// reads each configured channel's preview searched for the hashtag
// (<base>/s/<channel>?q=%23<tag>), pages back with before=<id>, and keeps
// only messages whose text carries the tag (compared with
// crawler.NormalizeTag, so #ایران and #ايران match).
//
// Items:
//   - a post per message, id "telegram:<channel>/<number>" (the message's
//     data-post attribute), URL <base>/<channel>/<number>; its public page
//     and its embed page (<base>/<channel>/<number>?embed=1&mode=tme), its
//     photos and videos are fetched and listed in Records;
//   - an account per channel, id "telegram:<channel>", with the channel
//     title and subscriber count from the preview header (Telegram shows no
//     creation date, following or post count); a channel without a photo
//     has DefaultAvatar set.
//
// Content hash (Observation.ContentSHA256): hex SHA-256 of the message's
// plain text followed by one line "\n<kind>" per attached medium (photo,
// video). Media URLs are left out because Telegram's CDN links are signed
// and change between fetches. For a channel: "<channel>\n<title>".
//
// Incremental state: the cursor "telegram|<base>|<channel>|<tag>" holds the
// highest message number collected; a later run stops paging at it.
//
// Recheck outcomes: a post's embed page showing the message is seen (or
// changed when the hash differs); "Post not found" or "Channel is private"
// is missing; a channel whose preview is gone and whose landing page shows
// no channel ("Telegram: Contact @name") is missing; "can't be displayed
// because it violated local laws" (or mentions copyright) is withheld; any
// other "can't be displayed" notice (terms of service, pornography) is
// suspended; 429, 5xx, fetch errors and unrecognised pages are unavailable.
package telegram
