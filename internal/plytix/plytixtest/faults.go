package plytixtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what an injected fault does to a request.
type FaultKind string

// Fault kinds.
const (
	// FaultStatus answers with Status, Body (a v1 error body by default) and RetryAfter.
	FaultStatus FaultKind = "status"
	// FaultHang never answers; the request ends when the client gives up or the sandbox
	// closes.
	FaultHang FaultKind = "hang"
	// FaultMalformed answers 200 with truncated JSON.
	FaultMalformed FaultKind = "malformed"
	// FaultOversized answers 200 with a JSON body of Size bytes.
	FaultOversized FaultKind = "oversized"
	// FaultEcho answers 500 with a message that repeats the request's Authorization header
	// and body, as a careless server might: clients must not pass it on.
	FaultEcho FaultKind = "echo"
	// FaultLatency delays the request by Delay, or until Until is closed when it is set,
	// then serves it.
	FaultLatency FaultKind = "latency"
)

// Fault is an injected misbehaviour. It applies to requests whose path starts with Path
// (every API and auth request when empty) and whose method is Method (any when empty),
// after letting Skip of them through, Times times (until cleared when 0).
type Fault struct {
	Kind       FaultKind
	Path       string
	Method     string
	Skip       int
	Times      int
	Status     int
	RetryAfter string
	Body       string
	Size       int
	Delay      time.Duration
	// Until, when set, holds a FaultLatency request until it is closed instead of for Delay,
	// so a test decides when the request goes on. It cannot be set over HTTP.
	Until <-chan struct{}
}

type faultState struct {
	Fault
	seen, hits int
}

// InjectFault adds a fault; faults are tried in the order injected.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{Fault: f})
	s.wakeLocked()
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.wakeLocked()
}

// FaultHits returns how many requests each fault hit, in injection order.
func (s *Server) FaultHits() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int, len(s.faults))
	for i, f := range s.faults {
		out[i] = f.hits
	}
	return out
}

// AwaitFaultHits blocks until the fault at index (in injection order, as FaultHits counts)
// has hit at least n requests, or ctx ends. A fault hits a request before it acts on it, so a
// test can act on a request while a hang fault holds it (cancel it, time it out) instead of
// guessing with a timer.
func (s *Server) AwaitFaultHits(ctx context.Context, index, n int) error {
	for {
		s.mu.Lock()
		if index < len(s.faults) && s.faults[index].hits >= n {
			s.mu.Unlock()
			return nil
		}
		changed := s.faultsChanged
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// wakeLocked wakes every AwaitFaultHits to look again; s.mu is held.
func (s *Server) wakeLocked() {
	close(s.faultsChanged)
	s.faultsChanged = make(chan struct{})
}

// nextFault returns the fault that applies to r, counting it.
func (s *Server) nextFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if !strings.HasPrefix(r.URL.Path, f.Path) || (f.Method != "" && !strings.EqualFold(f.Method, r.Method)) {
			continue
		}
		f.seen++
		if f.seen <= f.Skip || (f.Times > 0 && f.hits >= f.Times) {
			continue
		}
		f.hits++
		s.wakeLocked()
		copied := f.Fault
		return &copied
	}
	return nil
}

// applyFault acts out the fault for r, if any; true means the request is answered.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request) bool {
	f := s.nextFault(r)
	if f == nil {
		return false
	}
	switch f.Kind {
	case FaultLatency:
		if f.Until != nil {
			return !s.hold(r, f.Until)
		}
		return !s.delay(r, f.Delay)
	case FaultHang:
		// Read the body first: the server notices a client that gave up only once the body
		// is consumed, and the hang must end when the client does.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return true
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data":[{"id":"5c4ed8002f0985001e233275","sku":`))
		return true
	case FaultOversized:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		const head, tail = `{"data":[{"id":"x","label":"`, `"}]}`
		_, _ = w.Write([]byte(head + strings.Repeat("x", max(f.Size-len(head)-len(tail), 0)) + tail))
		return true
	case FaultEcho:
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		msg := "internal error handling Authorization " + r.Header.Get("Authorization") + " with body " + string(bytes.TrimSpace(body))
		writeError(w, &apiError{status: http.StatusInternalServerError, msg: msg})
		return true
	default:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		if f.Body != "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(f.Body))
			return true
		}
		writeError(w, &apiError{status: status, msg: defaultFaultMessage(status)})
		return true
	}
}

func defaultFaultMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Too Many Requests"
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "An invalid response was received from the upstream server"
	}
	if text := http.StatusText(status); text != "" {
		return text
	}
	return "sandbox fault " + strconv.Itoa(status)
}
