package plytixtest

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// allow spends one request from the account's windows. Over either window the API answers
// 429 until the window frees (docs/reference/plytix-api.md §4). Retry-After is not documented for the PIM
// API; the sandbox sends it (§13 item 3) unless told not to. A refused request is not
// counted, so a client that waits as told gets through.
func (s *Server) allow(w http.ResponseWriter) bool {
	s.mu.Lock()
	limiter, omit := s.limiter, s.settings.omitRetryAfter
	s.mu.Unlock()
	ok, wait := limiter.TryTake(1)
	if ok {
		return true
	}
	if !omit {
		w.Header().Set("Retry-After", retryAfterSeconds(wait))
	}
	writeError(w, &apiError{status: http.StatusTooManyRequests, msg: "Too Many Requests"})
	return false
}

// allowAuth applies the auth service's own limit, with the headers it was seen sending
// (§2.3): ratelimit-limit and x-ratelimit-limit-second, on every response.
func (s *Server) allowAuth(w http.ResponseWriter) bool {
	s.mu.Lock()
	limiter, perSecond := s.authLimiter, s.settings.authRateLimit
	s.mu.Unlock()
	if perSecond > 0 {
		w.Header().Set("ratelimit-limit", strconv.Itoa(perSecond))
		w.Header().Set("x-ratelimit-limit-second", strconv.Itoa(perSecond))
	}
	ok, wait := limiter.TryTake(1)
	if ok {
		return true
	}
	w.Header().Set("Retry-After", retryAfterSeconds(wait))
	writeError(w, &apiError{status: http.StatusTooManyRequests, msg: "API rate limit exceeded"})
	return false
}

func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
