package budget

import (
	"errors"
	"time"
)

// slidingWindow counts usage in fixed slots; the window is the last slotsPerWindow slots.
type slidingWindow struct {
	Window
	slot   time.Duration
	counts [slotsPerWindow]int64
	// index holds the absolute slot number each entry of counts belongs to.
	index [slotsPerWindow]int64
}

func newSlidingWindow(w Window) *slidingWindow {
	slot := w.Period / slotsPerWindow
	if slot <= 0 {
		slot = time.Nanosecond
	}
	return &slidingWindow{Window: w, slot: slot}
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

// until returns how long until n more units fit. A spend larger than the whole limit never
// fits: the answer is the whole period, and callers split such spends (Available).
func (w *slidingWindow) until(now time.Time, n int64) time.Duration {
	if w.Limit <= 0 {
		return 0
	}
	if n > w.Limit {
		return w.Period
	}
	used := w.used(now)
	if used+n <= w.Limit {
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
		if used+n <= w.Limit {
			freeAt := time.Unix(0, (slot+slotsPerWindow)*int64(w.slot))
			return freeAt.Sub(now)
		}
	}
	return w.Period
}

func asExhausted(err error, target **ExhaustedError) bool { return errors.As(err, target) }
