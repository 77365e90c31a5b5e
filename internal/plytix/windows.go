package plytix

import (
	"strings"
	"time"
)

// Window is a range of a date field (modified or created) that a sorted read is cut into,
// so that no sorted search matches more than SortLimit products (docs/reference/plytix-api.md §5.4: the
// API answers 428 otherwise). From is inclusive, To exclusive; a zero bound is open.
type Window struct {
	Field string
	From  time.Time
	To    time.Time
}

// windowFloor is where an open lower bound starts when a window has to be split: Plytix
// holds nothing older.
var windowFloor = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)

// windowTarget is how many products a split aims to put in each window: below SortLimit,
// so uneven activity over time rarely forces a second split.
const windowTarget = SortLimit * 8 / 10

// windowField is the date field to window a sort on: the order field when it is a date,
// created otherwise, because created never changes while a read runs.
func windowField(order string) string {
	field := strings.TrimPrefix(order, "-")
	if field == "modified" || field == "created" {
		return field
	}
	return "created"
}

// filters renders the window as conditions, widened to the precision the API accepts: the
// lower bound floored and the upper bound ceiled. contains narrows the result again.
func (w Window) filters(precision time.Duration) []Filter {
	var out []Filter
	if !w.From.IsZero() {
		out = append(out, Filter{Field: w.Field, Operator: OpGte, Value: formatFilterTime(floorTo(w.From, precision), precision)})
	}
	if !w.To.IsZero() {
		out = append(out, Filter{Field: w.Field, Operator: OpLt, Value: formatFilterTime(ceilTo(w.To, precision), precision)})
	}
	return out
}

// bounded reports whether the window filters anything.
func (w Window) bounded() bool { return w.Field != "" && (!w.From.IsZero() || !w.To.IsZero()) }

// contains reports whether p belongs to the window by its own timestamp. A product whose
// timestamp is missing or unreadable is kept: dropping it would lose data silently.
func (w Window) contains(p Product) bool {
	if !w.bounded() {
		return true
	}
	t := p.Modified
	if w.Field == "created" {
		t = p.Created
	}
	if t.IsZero() {
		return true
	}
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// split cuts w into windows of about windowTarget products each, assuming count products
// spread evenly over time; a window still too dense is split again when it 428s. It returns
// nil when w is already as narrow as the filter precision allows.
func (w Window) split(count int, precision time.Duration, now time.Time) []Window {
	lo, hi := w.From, w.To
	if lo.IsZero() {
		lo = windowFloor
	}
	if hi.IsZero() {
		hi = now
	}
	lo, hi = floorTo(lo, precision), ceilTo(hi, precision)
	steps := int64(hi.Sub(lo) / precision)
	if steps < 2 {
		return nil
	}
	n := int64(max((count+windowTarget-1)/windowTarget, 2))
	n = min(n, steps)
	out := make([]Window, 0, n)
	from := w.From
	for i := int64(1); i < n; i++ {
		cut := lo.Add(time.Duration(steps*i/n) * precision)
		if !from.IsZero() && !cut.After(from) {
			continue
		}
		out = append(out, Window{Field: w.Field, From: from, To: cut})
		from = cut
	}
	out = append(out, Window{Field: w.Field, From: from, To: w.To})
	if len(out) < 2 {
		return nil
	}
	return out
}
