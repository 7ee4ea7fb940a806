// Package state derives where an archived item stands from its
// observations. It is a pure function (Derive) with no I/O: the index
// calls it with the observations recorded in manifests, so a rebuilt
// index reaches the same states.
//
// # States and rules
//
// An item is alive, missing (unconfirmed), deleted, suspended, withheld,
// restored or changed. Observations are applied in time order:
//
//   - seen: the item is alive. After deleted, suspended or withheld it is
//     restored. After an unconfirmed missing it is alive again (a single
//     missing answer was never a removal). When its content hash differs
//     from the last seen one it is changed (both versions stay in the
//     archive: every observation keeps its hash and its records).
//     Restored and changed persist while later checks see the same
//     content: they are alive with a note of what happened last.
//   - changed: as seen, but the source says the content changed, so the
//     item is changed (or restored, after a removal). A first observation
//     cannot be a change and makes the item alive.
//   - missing: the first missing answer after the item was last seen makes
//     it missing, unconfirmed, and starts the removal interval
//     (FirstMissing). A later missing answer at least confirmAfter after
//     that first one confirms it: the item is deleted, confirmed at that
//     answer. A missing answer sooner than confirmAfter changes nothing. A
//     missing answer does not change a deleted, suspended or withheld item.
//   - suspended and withheld: the platform states it explicitly (an
//     AccountTakedown error, a suspended flag, a 451 page), so unlike an
//     absence it needs no second look: the item is suspended or withheld
//     from that answer on, which is also its confirmation.
//   - unavailable (rate limits, 5xx, timeouts, login walls, blocks):
//     changes nothing, not even the time of the last check.
//
// A removal is known as an interval: after LastSeenAlive and at or before
// FirstMissing, confirmed at ConfirmedAt.
package state
