// Package x collects hashtag posts from the X API v2 recent search and
// rechecks them through the lookup endpoints.
//
// Collect sends GET <base>/2/tweets/search/recent?query=%23<tag> with the
// author and media expansions and the tweet, user and media fields, pages
// with next_token and, from the second run on, starts from since_id (the
// cursor "x|<base>|<tag>" holds the newest post id seen). Reads are paid
// per post returned, so Config.MaxPostsPerRun caps the posts read in one
// Collect; when it is reached paging stops and Collect returns an error
// wrapping ErrPostCap that names what was not read.
//
// Items:
//   - a post per tweet, id "x:<post id>", URL <web>/<username>/status/<id>
//     (the public page is fetched as well, with every photo or video
//     preview);
//   - an account per author, id "x:user/<user id>", with created_at,
//     followers, following, post count and avatar; the avatar is fetched.
//     DefaultAvatar is set when profile_image_url contains
//     "default_profile_images".
//
// Both field spellings of the API are read: tweet_count or post_count,
// retweet_count or repost_count, edit_history_tweet_ids or
// edit_history_post_ids, referenced_tweets or referenced_posts, and
// includes.tweets or includes.posts.
//
// Content hash: hex SHA-256 of the post text followed by "\n<media url>"
// for each attached medium (url, or preview_image_url for videos), in
// attachment order. For an account: "<username>\n<name>\n<avatar url>".
//
// Recheck looks up posts with /2/tweets?ids= and accounts with
// /2/users?ids=, 100 ids per call. A post in data is seen (changed when
// the hash differs) or withheld when it carries a withheld object; an
// error object "Not Found Error" is missing; "Authorization Error" is
// suspended, unless a lookup of the author (ItemRef.Author) finds the
// account alive and protected (unavailable) or gone (missing). A user
// error titled "Forbidden" or reading "User has been suspended" is
// suspended, "Not Found Error" is missing; a user with a withheld object
// is withheld. 429, 5xx, 401, 403 and answers that say nothing about an
// id are unavailable.
package x
