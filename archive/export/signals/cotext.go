package signals

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// Patterns removed from texts before they are compared.
var (
	urlPattern     = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	mentionPattern = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.\-]+(?:@[\p{L}\p{N}_.\-]+)?`)
)

// NormalizeText returns the form in which posts are compared: lower-cased,
// URLs and @mentions removed (Mastodon's @user@instance included), white
// space collapsed to single spaces and trimmed.
func NormalizeText(s string) string {
	s = strings.ToLower(s)
	s = urlPattern.ReplaceAllString(s, " ")
	s = mentionPattern.ReplaceAllStringFunc(s, func(m string) string {
		// Keep the character before the @ that the pattern consumed.
		if i := strings.IndexByte(m, '@'); i > 0 {
			return m[:i] + " "
		}
		return " "
	})
	return strings.Join(strings.Fields(s), " ")
}

// Cluster is a run of posts with the same normalised text, each posted
// at most CoPostWindow after the one before it, by at least
// MinClusterAccounts distinct accounts.
type Cluster struct {
	Text     string   // the normalised text
	Sample   string   // the original text of the first post
	Posts    []string // post ids, in posting order
	Accounts []string // distinct author ids, sorted
	First    time.Time
	Last     time.Time
}

// CoText is the identical-text signal.
type CoText struct {
	Clusters []Cluster
	// Compared counts the posts with an author, a posting time and a
	// non-empty normalised text; Skipped counts the others.
	Compared, Skipped int
	// PostsInClusters counts posts that belong to a cluster, out of
	// Compared; Accounts lists the distinct accounts in any cluster.
	PostsInClusters Share
	Accounts        []string
}

// IdenticalText finds clusters of identical normalised text posted by two
// or more accounts within CoPostWindow of each other. Posts are joined
// when consecutive posts of the same text are at most CoPostWindow apart
// (the connected components of the "same text within a minute" graph).
// Clusters are ordered by their first post.
func IdenticalText(posts []Post) CoText {
	var out CoText
	groups := map[string][]Post{}
	for _, p := range posts {
		if p.Kind != "post" && p.Kind != "" {
			continue
		}
		norm := NormalizeText(p.Text)
		if norm == "" || p.Author == "" || p.CreatedAt.IsZero() {
			out.Skipped++
			continue
		}
		out.Compared++
		groups[norm] = append(groups[norm], p)
	}
	accounts := map[string]bool{}
	for norm, g := range groups {
		sort.SliceStable(g, func(i, j int) bool { return g[i].CreatedAt.Before(g[j].CreatedAt) })
		start := 0
		for i := 1; i <= len(g); i++ {
			if i < len(g) && g[i].CreatedAt.Sub(g[i-1].CreatedAt) <= CoPostWindow {
				continue
			}
			if c, ok := cluster(norm, g[start:i]); ok {
				out.Clusters = append(out.Clusters, c)
				out.PostsInClusters.Count += len(c.Posts)
				for _, a := range c.Accounts {
					accounts[a] = true
				}
			}
			start = i
		}
	}
	sort.Slice(out.Clusters, func(i, j int) bool {
		a, b := out.Clusters[i], out.Clusters[j]
		if !a.First.Equal(b.First) {
			return a.First.Before(b.First)
		}
		return a.Text < b.Text
	})
	out.PostsInClusters.Total = out.Compared
	out.Accounts = sortedKeys(accounts)
	return out
}

// cluster makes a Cluster of a run of posts if enough accounts posted it.
func cluster(norm string, run []Post) (Cluster, bool) {
	authors := map[string]bool{}
	for _, p := range run {
		authors[p.Author] = true
	}
	if len(authors) < MinClusterAccounts {
		return Cluster{}, false
	}
	c := Cluster{Text: norm, Sample: run[0].Text, First: run[0].CreatedAt.UTC(), Last: run[len(run)-1].CreatedAt.UTC()}
	for _, p := range run {
		c.Posts = append(c.Posts, p.ID)
	}
	c.Accounts = sortedKeys(authors)
	return c, true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
