// Package xfake is an httptest server that answers like the X API v2 and
// x.com for afterimage's tests: recent search (/2/tweets/search/recent with
// since_id and next_token), post and user lookups (/2/tweets?ids=,
// /2/users?ids=) with the API's partial error objects for deleted posts,
// suspended, deleted and protected authors and withheld content, the
// x-rate-limit-* headers, 401, 429 (rate limit and monthly usage cap),
// 5xx and malformed answers; plus public post and profile pages, media
// and profile images, the default one under default_profile_images.
//
// Post text is escaped the way the API does (&amp; &lt; &gt;). The fake can
// answer in the 2026 OpenAPI spelling (post_count, repost_count,
// edit_history_post_ids) with NewSpelling. PostsRead counts the posts
// search answers returned, which is what X bills.
package xfake
