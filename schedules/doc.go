// Package schedules reads afterimage's configuration (storage, network
// policy, platforms, targets with their cron schedules, recheck plan),
// validates it with errors that name the file, line and key, and runs
// targets on their schedules.
package schedules
