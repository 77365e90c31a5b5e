package centratest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Quota is one bucket's allowance per window; zero means unlimited.
type Quota struct {
	TenSeconds int64 `json:"tenSeconds"`
	OneHour    int64 `json:"oneHour"`
}

// RetryAfterFormat is how a 429's Retry-After is written. Centra documents the header as
// "the timestamp of when you can resume" without a format (§5.1), so the sandbox can send
// any of the usual forms and the client must read them all.
type RetryAfterFormat string

const (
	// RetryAfterUnix sends a Unix timestamp (the default: the documented "timestamp").
	RetryAfterUnix RetryAfterFormat = "unix"
	// RetryAfterSeconds sends delta-seconds.
	RetryAfterSeconds RetryAfterFormat = "seconds"
	// RetryAfterHTTPDate sends an HTTP-date.
	RetryAfterHTTPDate RetryAfterFormat = "http-date"
)

// RateLimits configures the three buckets × two windows of docs/reference/centra-api.md §5.5.
type RateLimits struct {
	Requests   Quota            `json:"requests"`
	Complexity Quota            `json:"complexity"`
	Mutations  Quota            `json:"mutations"`
	RetryAfter RetryAfterFormat `json:"retryAfter,omitempty"`
	// Disabled turns enforcement off; usage is still counted and reported by rateLimits.
	Disabled bool `json:"disabled,omitempty"`
}

// DefaultRateLimits are the values of a fresh instance (§5.5).
func DefaultRateLimits() RateLimits {
	return RateLimits{
		Requests:   Quota{TenSeconds: 20, OneHour: 10_000},
		Complexity: Quota{TenSeconds: 150_000, OneHour: 20_000_000},
		Mutations:  Quota{TenSeconds: 100, OneHour: 1_000},
		RetryAfter: RetryAfterUnix,
	}
}

const (
	bucketRequests = iota
	bucketComplexity
	bucketMutations
)

var bucketNames = [3]string{"REQUEST_COUNT", "QUERY_COMPLEXITY", "MUTATION_COUNT"}
var windowNames = [2]string{"TEN_SECONDS", "ONE_HOUR"}
var windowLengths = [2]time.Duration{10 * time.Second, time.Hour}

// window is a fixed window counter [I]: Centra calls its buckets token buckets but
// documents only quotas per interval; a fixed window is the simplest faithful reading.
type window struct {
	start time.Time
	used  int64
}

type rateLimiter struct {
	mu      sync.Mutex
	cfg     RateLimits
	windows [3][2]window
}

func (r *rateLimiter) quota(bucket, w int) int64 {
	q := [3]Quota{r.cfg.Requests, r.cfg.Complexity, r.cfg.Mutations}[bucket]
	return [2]int64{q.TenSeconds, q.OneHour}[w]
}

func (r *rateLimiter) rollLocked(now time.Time) {
	for b := range r.windows {
		for w := range r.windows[b] {
			start := now.Truncate(windowLengths[w])
			if !r.windows[b][w].start.Equal(start) {
				r.windows[b][w] = window{start: start}
			}
		}
	}
}

// admit charges one request and mutations mutations, or reports when to retry. Complexity
// is only known after execution, so a request is refused when the complexity window is
// already spent and charged afterwards (record).
func (r *rateLimiter) admit(now time.Time, mutations int64) (bool, time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rollLocked(now)
	if !r.cfg.Disabled {
		var retryAt time.Time
		check := func(bucket int, cost int64) {
			for w := range r.windows[bucket] {
				q := r.quota(bucket, w)
				used := r.windows[bucket][w].used
				over := q > 0 && (used+cost > q || bucket == bucketComplexity && used >= q)
				if over {
					if end := r.windows[bucket][w].start.Add(windowLengths[w]); end.After(retryAt) {
						retryAt = end
					}
				}
			}
		}
		check(bucketRequests, 1)
		check(bucketMutations, mutations)
		check(bucketComplexity, 0)
		if !retryAt.IsZero() {
			return false, retryAt
		}
	}
	for w := range 2 {
		r.windows[bucketRequests][w].used++
		r.windows[bucketMutations][w].used += mutations
	}
	return true, time.Time{}
}

func (r *rateLimiter) record(now time.Time, complexity int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rollLocked(now)
	for w := range 2 {
		r.windows[bucketComplexity][w].used += complexity
	}
}

// rateLimitObjects answers the rateLimits query: 6 entries, quota = used + remaining (§5.5).
func (r *rateLimiter) rateLimitObjects(now time.Time) []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rollLocked(now)
	var out []any
	for b := range r.windows {
		for w := range r.windows[b] {
			q := r.quota(b, w)
			used := r.windows[b][w].used
			out = append(out, &staticObject{typ: "RateLimit", fields: map[string]any{
				"type": bucketNames[b], "intervalSeconds": windowNames[w],
				"quota": q, "usedQuota": used, "remainingQuota": max(q-used, 0),
			}})
		}
	}
	return out
}

func (r *rateLimiter) configure(cfg RateLimits) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cfg.RetryAfter == "" {
		cfg.RetryAfter = RetryAfterUnix
	}
	r.cfg = cfg
}

func (r *rateLimiter) config() RateLimits {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cfg
}

func (r *rateLimiter) retryAfterHeader(now, at time.Time) string {
	switch r.config().RetryAfter {
	case RetryAfterSeconds:
		secs := int64(at.Sub(now).Seconds() + 0.999)
		return strconv.FormatInt(max(secs, 0), 10)
	case RetryAfterHTTPDate:
		return at.UTC().Format(http.TimeFormat)
	}
	return strconv.FormatInt(at.Unix(), 10)
}
