package budget

import (
	"errors"
	"time"
)

// slidingWindow counts the usage of one period in fixed slots; the window is the last
// slotsPerWindow slots. It holds usage only: the limit a spend is checked against belongs to
// the Limiter that checks it (a view's own), capped by serverLimit.
type slidingWindow struct {
	period time.Duration
	slot   time.Duration
	// serverLimit is the lowest limit the server reported for this period (Seed); zero means
	// none was reported.
	serverLimit int64
	counts      [slotsPerWindow]int64
	// index holds the absolute slot number each entry of counts belongs to.
	index [slotsPerWindow]int64
}

func newSlidingWindow(period time.Duration) *slidingWindow {
	slot := period / slotsPerWindow
	if slot <= 0 {
		slot = time.Nanosecond
	}
	return &slidingWindow{period: period, slot: slot}
}

func (w *slidingWindow) slotOf(t time.Time) int64 { return t.UnixNano() / int64(w.slot) }

func (w *slidingWindow) live(current, slot int64) bool {
	return slot > current-slotsPerWindow && slot <= current
}

func (w *slidingWindow) add(now time.Time, n int64) {
	current := w.slotOf(now)
	i := current % slotsPerWindow
	if w.index[i] != current {
		w.index[i], w.counts[i] = current, 0
	}
	w.counts[i] += n
}

func (w *slidingWindow) used(now time.Time) int64 {
	current := w.slotOf(now)
	var sum int64
	for i := range w.counts {
		if w.live(current, w.index[i]) {
			sum += w.counts[i]
		}
	}
	return sum
}

// until returns how long until n more units fit under limit; a limit of zero or less never
// makes a spend wait. A spend larger than the whole limit never fits: the answer is the
// whole period, and callers split such spends (Available).
func (w *slidingWindow) until(now time.Time, n, limit int64) time.Duration {
	if limit <= 0 {
		return 0
	}
	if n > limit {
		return w.period
	}
	used := w.used(now)
	if used+n <= limit {
		return 0
	}
	current := w.slotOf(now)
	// Free the oldest slots first until the spend fits.
	for age := int64(slotsPerWindow - 1); age >= 0; age-- {
		slot := current - age
		i := ((slot % slotsPerWindow) + slotsPerWindow) % slotsPerWindow
		if w.index[i] != slot {
			continue
		}
		used -= w.counts[i]
		if used+n <= limit {
			freeAt := time.Unix(0, (slot+slotsPerWindow)*int64(w.slot))
			return freeAt.Sub(now)
		}
	}
	return w.period
}

func asExhausted(err error, target **ExhaustedError) bool { return errors.As(err, target) }
