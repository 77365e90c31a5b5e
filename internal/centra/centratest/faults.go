package centratest

import (
	"context"
	"sync"
	"time"
)

// FaultKind names a fault the sandbox can inject.
type FaultKind string

const (
	// FaultStatus answers with Status (429 with Retry-After, 499, 500, 502, 503, 403 ...).
	FaultStatus FaultKind = "status"
	// FaultHang holds the request until the client gives up or Duration passes.
	FaultHang FaultKind = "hang"
	// FaultLatency adds Duration before the request is served normally.
	FaultLatency FaultKind = "latency"
	// FaultMalformed answers 200 with a body that is not JSON.
	FaultMalformed FaultKind = "malformed"
	// FaultUserError makes the mutation field whose alias or name is Field return a user
	// error and persist nothing, while the other fields of the request succeed.
	FaultUserError FaultKind = "userError"
)

// Fault is one injected fault. It fires Times times (0 means once) for requests whose
// operationName is Operation ("" matches every request).
type Fault struct {
	Kind      FaultKind `json:"kind"`
	Operation string    `json:"operation,omitempty"`
	// Field selects the mutation field of a FaultUserError by alias or field name; ""
	// matches the first mutation field.
	Field string `json:"field,omitempty"`
	Times int    `json:"times,omitempty"`
	// Status is the HTTP status of a FaultStatus.
	Status int `json:"status,omitempty"`
	// RetryAfter is the raw Retry-After header of a FaultStatus; empty sends none.
	RetryAfter string `json:"retryAfter,omitempty"`
	// Duration is the added latency, or the longest hang (0 hangs until the client leaves).
	Duration time.Duration `json:"duration,omitempty"`
	// AfterExecute applies the fault after the request ran: the catalogue has changed but
	// the client never sees the response, as when a connection drops (the crash between
	// lookup and create).
	AfterExecute bool `json:"afterExecute,omitempty"`
	// Message is the user error's message.
	Message string `json:"message,omitempty"`
}

type faultQueue struct {
	mu   sync.Mutex
	list []*queuedFault
	// hits counts the requests (mutation fields, for user errors) faults hit, by kind.
	// changed, made by a waiter, is closed at the next hit to wake every waiter.
	hits    map[FaultKind]int64
	changed chan struct{}
}

type queuedFault struct {
	Fault
	left int
}

func (q *faultQueue) add(f Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	left := f.Times
	if left <= 0 {
		left = 1
	}
	q.list = append(q.list, &queuedFault{Fault: f, left: left})
}

func (q *faultQueue) clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.list = nil
}

// take consumes the first request-level fault that matches the operation and stage.
func (q *faultQueue) take(operation string, afterExecute bool) *Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.list {
		if f.Kind == FaultUserError || f.AfterExecute != afterExecute {
			continue
		}
		if f.Operation != "" && f.Operation != operation {
			continue
		}
		f.left--
		if f.left == 0 {
			q.list = append(q.list[:i], q.list[i+1:]...)
		}
		q.hitLocked(f.Kind)
		out := f.Fault
		return &out
	}
	return nil
}

// takeUserError consumes a user-error fault for the mutation field alias/name.
func (q *faultQueue) takeUserError(alias, field string) (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.list {
		if f.Kind != FaultUserError {
			continue
		}
		if f.Field != "" && f.Field != alias && f.Field != field {
			continue
		}
		f.left--
		if f.left == 0 {
			q.list = append(q.list[:i], q.list[i+1:]...)
		}
		q.hitLocked(f.Kind)
		msg := f.Message
		if msg == "" {
			msg = "Injected user error"
		}
		return msg, true
	}
	return "", false
}

func (q *faultQueue) pending() []Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Fault, len(q.list))
	for i, f := range q.list {
		out[i] = f.Fault
		out[i].Times = f.left
	}
	return out
}

// hitLocked counts a hit of a fault of kind and wakes every waiter; q.mu is held.
func (q *faultQueue) hitLocked(kind FaultKind) {
	if q.hits == nil {
		q.hits = map[FaultKind]int64{}
	}
	q.hits[kind]++
	if q.changed != nil {
		close(q.changed)
		q.changed = nil
	}
}

func (q *faultQueue) hitCount(kind FaultKind) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.hits[kind]
}

// await blocks until faults of kind have hit n times in all, or ctx ends.
func (q *faultQueue) await(ctx context.Context, kind FaultKind, n int64) error {
	for {
		q.mu.Lock()
		if q.hits[kind] >= n {
			q.mu.Unlock()
			return nil
		}
		if q.changed == nil {
			q.changed = make(chan struct{})
		}
		changed := q.changed
		q.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
