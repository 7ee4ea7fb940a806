// Package signals computes the coordination signals afterimage's case
// report shows: account creation dates by calendar month and the share
// created inside the densest window of four consecutive months; the
// shares of low-follower and default-avatar accounts; identical text
// posted by several accounts within a minute; the suspension rate of
// flagged accounts against the rest; counts per platform and state; time
// to removal; and a daily timeline of posts seen and removed.
//
// Every function is pure: it reads the accounts and posts it is given and
// nothing else, so a report can be recomputed from an export's tables.
// Each signal is evidence to corroborate, never a verdict: new accounts
// also appear organically after real events, and single indicators have
// high false-positive rates. The report words them that way.
//
// All calendar arithmetic is in UTC.
package signals
