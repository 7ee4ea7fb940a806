package state

import (
	"fmt"
	"time"
)

// Status is what one observation found, as written in manifests.
type Status string

// Observation statuses.
const (
	StatusSeen        Status = "seen"
	StatusChanged     Status = "changed"
	StatusMissing     Status = "missing"
	StatusSuspended   Status = "suspended"
	StatusWithheld    Status = "withheld"
	StatusUnavailable Status = "unavailable"
)

// State is where an item stands.
type State string

// Item states. Unknown is the state of an item with no observation that
// could change it (none at all, or only unavailable answers).
const (
	Unknown   State = ""
	Alive     State = "alive"
	Missing   State = "missing" // one missing answer, not yet confirmed
	Deleted   State = "deleted"
	Suspended State = "suspended"
	Withheld  State = "withheld"
	Restored  State = "restored"
	Changed   State = "changed"
)

// removed reports whether s is a confirmed removal.
func (s State) removed() bool { return s == Deleted || s == Suspended || s == Withheld }

// Observation is one look at an item, as recorded in a manifest.
type Observation struct {
	Status        Status
	At            time.Time
	Capture       string // id of the capture that holds the evidence
	HTTPStatus    int
	Detail        string // e.g. "Record not found", "AccountTakedown"
	ContentSHA256 string // hex, of the normalised content when seen
}

// Transition is one change of state, with the observation behind it.
// From equals To only for a further change of content of a changed item.
type Transition struct {
	From    State
	To      State
	At      time.Time
	Capture string
	Detail  string
}

// Result is an item's derived state. Times are zero when unknown.
type Result struct {
	State State
	// Since is the time of the last transition.
	Since     time.Time
	FirstSeen time.Time
	// LastSeenAlive is the last seen or changed observation.
	LastSeenAlive time.Time
	// FirstMissing is the first missing, suspended or withheld answer after
	// LastSeenAlive; zero while the item is seen.
	FirstMissing time.Time
	// ConfirmedAt is the observation that confirmed the current removal
	// (deleted, suspended, withheld); zero otherwise.
	ConfirmedAt time.Time
	// LastChecked is the last observation that was not unavailable.
	LastChecked time.Time
	// ContentSHA256 is the last content hash seen.
	ContentSHA256 string
	Transitions   []Transition
	// After holds the state after each observation, in input order.
	After []State
}

// Derive applies obs, in time order, and returns the item's state. A
// missing answer is confirmed as a deletion by another missing answer at
// least confirmAfter later. It returns an error for an unknown status or
// an observation earlier than the one before it.
func Derive(obs []Observation, confirmAfter time.Duration) (Result, error) {
	m := machine{confirmAfter: confirmAfter}
	m.r.After = make([]State, 0, len(obs))
	for i, o := range obs {
		if i > 0 && o.At.Before(obs[i-1].At) {
			return Result{}, fmt.Errorf("derive state: observation %d (%s) is earlier than the one before it (%s)",
				i, o.At.Format(time.RFC3339Nano), obs[i-1].At.Format(time.RFC3339Nano))
		}
		if err := m.apply(o); err != nil {
			return Result{}, fmt.Errorf("derive state: observation %d: %w", i, err)
		}
		m.r.After = append(m.r.After, m.r.State)
	}
	return m.r, nil
}

type machine struct {
	confirmAfter time.Duration
	r            Result
}

func (m *machine) apply(o Observation) error {
	switch o.Status {
	case StatusSeen, StatusChanged:
		m.seen(o)
	case StatusMissing:
		m.missing(o)
	case StatusSuspended:
		m.explicit(o, Suspended)
	case StatusWithheld:
		m.explicit(o, Withheld)
	case StatusUnavailable:
		return nil
	default:
		return fmt.Errorf("unknown status %q", o.Status)
	}
	m.r.LastChecked = o.At
	return nil
}

func (m *machine) seen(o Observation) {
	r := &m.r
	hashChanged := o.ContentSHA256 != "" && r.ContentSHA256 != "" && o.ContentSHA256 != r.ContentSHA256
	to, detail := r.State, o.Detail
	switch {
	case r.State.removed():
		to = Restored
	case r.State == Unknown:
		to = Alive
	case o.Status == StatusChanged || hashChanged:
		to = Changed
		if detail == "" {
			detail = "content changed"
		}
	case r.State == Missing:
		to = Alive
	}
	if to != r.State || to == Changed && (o.Status == StatusChanged || hashChanged) {
		m.move(to, o, detail)
	}
	if r.FirstSeen.IsZero() {
		r.FirstSeen = o.At
	}
	r.LastSeenAlive = o.At
	r.FirstMissing, r.ConfirmedAt = time.Time{}, time.Time{}
	if o.ContentSHA256 != "" {
		r.ContentSHA256 = o.ContentSHA256
	}
}

func (m *machine) missing(o Observation) {
	r := &m.r
	switch {
	case r.State.removed():
		// The explicit statement or the confirmed deletion stands.
	case r.State == Missing:
		if o.At.Sub(r.FirstMissing) >= m.confirmAfter {
			r.ConfirmedAt = o.At
			m.move(Deleted, o, o.Detail)
		}
	default:
		r.FirstMissing = o.At
		m.move(Missing, o, o.Detail)
	}
}

// explicit applies a suspension or withholding: the platform's own
// statement, which takes effect on the first answer.
func (m *machine) explicit(o Observation, to State) {
	r := &m.r
	if r.State == to {
		return
	}
	if r.FirstMissing.IsZero() {
		r.FirstMissing = o.At
	}
	r.ConfirmedAt = o.At
	m.move(to, o, o.Detail)
}

func (m *machine) move(to State, o Observation, detail string) {
	m.r.Transitions = append(m.r.Transitions, Transition{
		From: m.r.State, To: to, At: o.At, Capture: o.Capture, Detail: detail,
	})
	m.r.State, m.r.Since = to, o.At
}
