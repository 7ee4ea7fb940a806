package signals

// Signals is every signal of one report.
type Signals struct {
	Counts     Counts
	Timeline   []Day
	Removal    TimeToRemoval
	Creation   Creation
	Reach      Reach
	CoText     CoText
	Suspension Suspension
}

// Compute computes every signal over the items (posts, accounts and
// pages, for counts, timeline and removal times) and the accounts behind
// them (for the account signals). Each account should appear once.
func Compute(items []Post, accounts []Account) Signals {
	s := Signals{
		Counts:   CountItems(items),
		Timeline: Timeline(items),
		Removal:  RemovalTimes(items),
		Creation: CreationDates(accounts),
		Reach:    AccountReach(accounts),
		CoText:   IdenticalText(items),
	}
	s.Suspension = SuspensionRates(accounts, s.Creation, s.CoText)
	return s
}
