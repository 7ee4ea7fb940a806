package x

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// post is a tweet object; both API spellings are declared.
type post struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	AuthorID  string `json:"author_id"`
	CreatedAt string `json:"created_at"`
	Lang      string `json:"lang"`
	Entities  struct {
		Hashtags []struct {
			Tag string `json:"tag"`
		} `json:"hashtags"`
	} `json:"entities"`
	Attachments struct {
		MediaKeys []string `json:"media_keys"`
	} `json:"attachments"`
	PublicMetrics struct {
		RetweetCount *int64 `json:"retweet_count"`
		RepostCount  *int64 `json:"repost_count"`
		LikeCount    int64  `json:"like_count"`
	} `json:"public_metrics"`
	EditHistoryTweetIDs []string  `json:"edit_history_tweet_ids"`
	EditHistoryPostIDs  []string  `json:"edit_history_post_ids"`
	ReferencedTweets    []refPost `json:"referenced_tweets"`
	ReferencedPosts     []refPost `json:"referenced_posts"`
	Withheld            *withheld `json:"withheld"`
}

type refPost struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// withheld is the withheld object of a post or user.
type withheld struct {
	Copyright    bool     `json:"copyright"`
	CountryCodes []string `json:"country_codes"`
	Scope        string   `json:"scope"`
}

// user is a user object; both count spellings are declared.
type user struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Username        string `json:"username"`
	CreatedAt       string `json:"created_at"`
	Description     string `json:"description"`
	ProfileImageURL string `json:"profile_image_url"`
	Protected       bool   `json:"protected"`
	PublicMetrics   struct {
		Followers  int64  `json:"followers_count"`
		Following  int64  `json:"following_count"`
		TweetCount *int64 `json:"tweet_count"`
		PostCount  *int64 `json:"post_count"`
	} `json:"public_metrics"`
	Withheld *withheld `json:"withheld"`
}

// media is a media object.
type media struct {
	MediaKey        string `json:"media_key"`
	Type            string `json:"type"`
	URL             string `json:"url"`
	PreviewImageURL string `json:"preview_image_url"`
}

// problem is an API error object, partial (errors[]) or top level.
type problem struct {
	Value        string `json:"value"`
	Detail       string `json:"detail"`
	Title        string `json:"title"`
	ResourceType string `json:"resource_type"`
	Parameter    string `json:"parameter"`
	ResourceID   string `json:"resource_id"`
	Type         string `json:"type"`
	Message      string `json:"message"`
	Code         int    `json:"code"`
}

// answer is a search or lookup answer.
type answer[T any] struct {
	Data     []T `json:"data"`
	Includes struct {
		Users  []user  `json:"users"`
		Media  []media `json:"media"`
		Tweets []post  `json:"tweets"`
		Posts  []post  `json:"posts"`
	} `json:"includes"`
	Meta struct {
		NewestID    string `json:"newest_id"`
		OldestID    string `json:"oldest_id"`
		ResultCount int    `json:"result_count"`
		NextToken   string `json:"next_token"`
	} `json:"meta"`
	Errors []problem `json:"errors"`
	problem
}

// parseAnswer decodes a search or /2/tweets answer and checks its ids.
func parseAnswer(body []byte) (*answer[post], error) {
	var a answer[post]
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, err
	}
	for _, p := range append(a.Data, a.included()...) {
		if !validID(p.ID) {
			return nil, fmt.Errorf("post id %q is not a number", p.ID)
		}
	}
	for _, u := range a.Includes.Users {
		if !validID(u.ID) {
			return nil, fmt.Errorf("user id %q is not a number", u.ID)
		}
	}
	return &a, nil
}

// parseUsers decodes a /2/users answer and checks its ids.
func parseUsers(body []byte) (*answer[user], error) {
	var a answer[user]
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, err
	}
	for _, u := range a.Data {
		if !validID(u.ID) {
			return nil, fmt.Errorf("user id %q is not a number", u.ID)
		}
	}
	return &a, nil
}

// included returns includes.tweets or includes.posts.
func (a *answer[T]) included() []post { return append(a.Includes.Tweets, a.Includes.Posts...) }

// postCount returns tweet_count or post_count.
func (u *user) postCount() int64 {
	switch {
	case u.PublicMetrics.TweetCount != nil:
		return *u.PublicMetrics.TweetCount
	case u.PublicMetrics.PostCount != nil:
		return *u.PublicMetrics.PostCount
	}
	return 0
}

var hashtagRe = regexp.MustCompile(`[#＃]([\p{L}\p{M}\p{N}_\x{200c}]+)`)

// tags returns the normalised hashtags of a post, from its entities and
// its text, sorted.
func (p *post) tags() []string {
	set := map[string]bool{}
	for _, h := range p.Entities.Hashtags {
		set[crawler.NormalizeTag(h.Tag)] = true
	}
	for _, m := range hashtagRe.FindAllStringSubmatch(p.Text, -1) {
		set[crawler.NormalizeTag(strings.TrimRight(m[1], "\u200c"))] = true
	}
	delete(set, "")
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// mediaURLs resolves a post's media keys to URLs, in attachment order.
func mediaURLs(p *post, byKey map[string]media) []string {
	out := []string{}
	for _, k := range p.Attachments.MediaKeys {
		m := byKey[k]
		if u := m.URL; u != "" {
			out = append(out, u)
		} else if m.PreviewImageURL != "" {
			out = append(out, m.PreviewImageURL)
		}
	}
	return out
}

// withheldDetail describes a withheld object.
func withheldDetail(w *withheld) string {
	d := "withheld"
	if w.Copyright {
		d += " (copyright)"
	}
	if len(w.CountryCodes) > 0 {
		d += " in " + strings.Join(w.CountryCodes, ", ")
	}
	return d
}
