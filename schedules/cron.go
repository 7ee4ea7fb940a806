package schedules

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// specParser accepts standard 5-field specs and the descriptors (@daily,
// @hourly, @every 10m, ...).
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a cron spec evaluated in the IANA zone tz ("" means
// UTC). Zone prefixes inside the spec are refused: use the timezone key.
func ParseSchedule(spec, tz string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return nil, fmt.Errorf("schedule %q: set the zone with the timezone key, not inside the spec", spec)
	}
	loc := time.UTC
	if tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return nil, fmt.Errorf("unknown timezone %q (want an IANA name such as Asia/Tehran)", tz)
		}
		loc = l
	}
	s, err := specParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid cron schedule %q: %v", spec, err)
	}
	if ss, ok := s.(*cron.SpecSchedule); ok {
		ss.Location = loc
	}
	return s, nil
}
