package crawler

import "context"

// FetchAll GETs each of urls for a capture, one after another, and returns
// the record ids of the answers received, error statuses included, in the
// order of urls. failed counts the urls that got no answer (the Fetcher's
// error) or an answer of 400 or above; a failed fetch never stops the
// others, and FetchAll itself never fails.
func FetchAll(ctx context.Context, f Fetcher, urls ...string) (recordIDs []string, failed int) {
	for _, u := range urls {
		resp, err := f.Do(ctx, &Request{URL: u})
		if err != nil {
			failed++
			continue
		}
		if resp.Status >= 400 {
			failed++
		}
		recordIDs = append(recordIDs, resp.RecordID)
	}
	return recordIDs, failed
}

// FetchPage GETs u, the public page of an item under recheck, and returns
// records with the answer's record id appended whatever its status (a
// login wall or a "page not found" is evidence too). When u is empty or
// no answer came (the Fetcher's error), records is returned unchanged:
// the page is extra evidence and never decides the observation.
func FetchPage(ctx context.Context, f Fetcher, records []string, u string) []string {
	if u == "" {
		return records
	}
	resp, err := f.Do(ctx, &Request{URL: u})
	if err != nil {
		return records
	}
	return append(records, resp.RecordID)
}
