package plytix

import (
	"fmt"
	"strings"
	"time"
)

// timestampLayouts are the forms Plytix timestamps arrive in (docs/reference/plytix-api.md §6.4): v1 with
// microseconds and an offset (2018-11-26T16:08:47.488000+00:00), v2 naive
// (2024-11-13T11:20:30.578000), naive without fraction (2019-12-01T00:00:00) and date only
// (2018-12-31). A Z suffix and a space separator are accepted too.
var timestampLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// ParseTime reads any timestamp form Plytix returns. Naive times and dates are UTC: every
// documented example is (§6.4, §14 q3).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a Plytix timestamp", truncate(s, 40))
}

// formatFilterTime renders t for a date filter at the given precision: a naive UTC datetime,
// the form of the reference's delta example (§10), or a date, the documented form.
func formatFilterTime(t time.Time, precision time.Duration) string {
	if precision >= 24*time.Hour {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// floorTo and ceilTo align t to a precision boundary in UTC. Filters sent at a coarse
// precision are widened (floor the lower bound, ceil the upper) and the client narrows the
// result on its side.
func floorTo(t time.Time, precision time.Duration) time.Time {
	return t.UTC().Truncate(precision)
}

func ceilTo(t time.Time, precision time.Duration) time.Time {
	f := floorTo(t, precision)
	if f.Equal(t) {
		return f
	}
	return f.Add(precision)
}
