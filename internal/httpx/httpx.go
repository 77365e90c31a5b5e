// Package httpx holds the HTTP hygiene both SaaS clients share: capped response bodies and
// request counters by endpoint and status, for metrics and benchmarks.
package httpx

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ErrBodyTooLarge is returned when a response body exceeds its cap.
var ErrBodyTooLarge = errors.New("response body exceeds the size cap")

// ReadBody reads at most limit bytes of a response body and closes it. A longer body is an
// error rather than a truncated document, so a hostile or broken server cannot exhaust memory
// or make a client act on half a JSON object.
func ReadBody(resp *http.Response, limit int64) ([]byte, error) {
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		_ = resp.Body.Close()
	}()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w of %d bytes", ErrBodyTooLarge, limit)
	}
	return body, nil
}

// CallKey identifies a class of calls: an operation or endpoint name and its outcome, which is
// the HTTP status code or a word such as "transport" or "timeout". Never a SKU or an id, so
// metrics built from it stay bounded.
type CallKey struct {
	Operation string
	Outcome   string
}

// Observer is told about every call as it completes.
type Observer func(key CallKey, duration time.Duration)

// Counters counts calls by CallKey. It is safe for concurrent use.
type Counters struct {
	mu       sync.Mutex
	counts   map[CallKey]int64
	observer Observer
}

// NewCounters returns empty counters that also report to observer, when not nil.
func NewCounters(observer Observer) *Counters {
	return &Counters{counts: map[CallKey]int64{}, observer: observer}
}

// Record counts one call.
func (c *Counters) Record(operation, outcome string, duration time.Duration) {
	key := CallKey{Operation: operation, Outcome: outcome}
	c.mu.Lock()
	c.counts[key]++
	c.mu.Unlock()
	if c.observer != nil {
		c.observer(key, duration)
	}
}

// RecordStatus counts one call that got an HTTP status.
func (c *Counters) RecordStatus(operation string, status int, duration time.Duration) {
	c.Record(operation, strconv.Itoa(status), duration)
}

// Snapshot returns a copy of the counts.
func (c *Counters) Snapshot() map[CallKey]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.counts)
}

// Total returns the number of calls counted.
func (c *Counters) Total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, v := range c.counts {
		n += v
	}
	return n
}
