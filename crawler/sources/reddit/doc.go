// Package reddit collects posts naming a hashtag from Reddit's search
// through app-only OAuth and rechecks them.
//
// Each Collect and Recheck first gets an app-only token: POST
// Config.AuthURL with HTTP basic auth (client id and secret) and
// grant_type=client_credentials; the request is marked SecretBody and the
// recorder redacts its Authorization header. API calls then go to
// Config.BaseURL (https://oauth.reddit.com) with the bearer token, the
// configured User-Agent and raw_json=1.
//
// Reddit has no hashtags and its search ignores '#', so the source
// searches the tag as a keyword (/search, or /r/<sub>/search with
// restrict_sr when Config.Subreddits is set; sort=new, type=link,
// limit=100, after=<fullname> paging) and keeps only posts whose title or
// selftext contains the tag as a word, with or without '#', compared with
// crawler.NormalizeTag (so ایران and ايران match; the Arabic-letter
// spelling is searched as well). Item.Tags holds the searched tag and
// every #hashtag of the text.
//
// Items:
//   - a post per link, id "reddit:<fullname>" (t3_...), URL
//     <web><permalink>; its public page, its image (url of image posts),
//     preview images and video fallback are fetched;
//   - an account per author, id "reddit:u/<name>", from
//     /user/<name>/about: created_utc, followers (the profile's subscriber
//     count), avatar icon_img (DefaultAvatar when it contains
//     "avatar_default"). Reddit exposes no following or post count; they
//     stay 0. An author whose about page answers 404 or is_suspended is
//     still an account item, observed missing or suspended.
//
// Incremental state: the cursor "reddit|<base>|<scope>|<tag>" (scope
// "all" or "r/<sub>") holds the newest post id (base 36) collected; a
// later run stops paging at it.
//
// Content hash: hex SHA-256 of "<title>\n<selftext>\n<url>". Preview URLs
// are signed and left out. For an account: "<name>\n<profile
// title>\n<icon_img without query>".
//
// Recheck looks posts up with /api/info?id= (100 fullnames per call) and
// maps them so:
//   - selftext "[deleted]" or removed_by_category "deleted": missing
//     (deleted by its author), Detail "[deleted]";
//   - removed_by_category copyright_takedown, legal_operations or
//     content_takedown: withheld (taken down on legal grounds, the post
//     is still listed), Detail "[removed] removed_by_category=<cat>";
//   - any other removed_by_category (moderator, automod_filtered,
//     anti_evil_ops, community_ops, reddit, author, user), or selftext
//     "[removed]": missing (removed from public view), Detail
//     "[removed] removed_by_category=<cat>";
//   - a fullname absent from the answer: missing, Detail "absent from
//     /api/info";
//   - otherwise seen, or changed when the hash differs; a post whose
//     author deleted the account (author "[deleted]", content kept) is
//     seen with Detail "author [deleted]".
//
// Accounts are rechecked with /user/<name>/about: is_suspended true is
// suspended, 404 is missing ("Not Found"). 429, 5xx, 401, 403 (including
// the HTML "Blocked" page) and fetch errors are unavailable.
package reddit
