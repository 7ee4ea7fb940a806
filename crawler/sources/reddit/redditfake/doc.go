// Package redditfake is an httptest server that answers like Reddit for
// afterimage's tests: the app-only token endpoint (/api/v1/access_token,
// basic auth, client_credentials), the OAuth API (/search and
// /r/<sub>/search with sort=new and after paging, /api/info?id=,
// /user/<name>/about), the public post and profile pages, media, previews
// and avatars (the default ones contain "avatar_default").
//
// It plays Reddit's answers for deleted posts ("[deleted]", removed_by_
// category "deleted"), removed posts ("[removed]" and a category),
// suspended users (about with is_suspended true and nothing else), deleted
// users (404 {"message": "Not Found", "error": 404}), the 2026 HTML
// "Blocked" page for API calls without a token, 401 for unknown tokens,
// 429 with X-Ratelimit-Used/Remaining/Reset, 5xx and malformed JSON.
// Without raw_json=1 text fields are HTML-escaped, as on Reddit.
package redditfake
