package centratest

import (
	"maps"
	"sync"
)

// Stats are the sandbox's counters, for tests, benchmarks and the demo.
type Stats struct {
	// Requests counts every POST to the GraphQL endpoint.
	Requests int64 `json:"requests"`
	// ByOperation counts requests by operationName ("" for anonymous ones).
	ByOperation map[string]int64 `json:"byOperation"`
	// ByStatus counts responses by HTTP status.
	ByStatus map[int]int64 `json:"byStatus"`
	// Complexity is the query complexity charged in total.
	Complexity int64 `json:"complexity"`
	// Mutations counts executed top-level mutation fields by mutation name: each is one
	// MUTATION_COUNT token (§5.5).
	Mutations map[string]int64 `json:"mutations"`
	// MutationUserErrors counts mutation fields that returned user errors, by name.
	MutationUserErrors map[string]int64 `json:"mutationUserErrors"`
	// DeniedMutations counts mutation fields refused for a missing permission, by name.
	DeniedMutations map[string]int64 `json:"deniedMutations"`
	// StockMutationAttempts counts changeStock/setStock fields received, denied or not.
	StockMutationAttempts int64 `json:"stockMutationAttempts"`
	// PriceMutationAttempts counts setPrices fields received, denied or not.
	PriceMutationAttempts int64 `json:"priceMutationAttempts"`
	// RateLimited counts 429 answers from the rate limiter (not injected ones).
	RateLimited int64 `json:"rateLimited"`
}

// TotalMutations sums Mutations.
func (s Stats) TotalMutations() int64 {
	var n int64
	for _, v := range s.Mutations {
		n += v
	}
	return n
}

type statsRecorder struct {
	mu sync.Mutex
	s  Stats
}

func newStats() *statsRecorder {
	r := &statsRecorder{}
	r.reset()
	return r
}

func (r *statsRecorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s = Stats{ByOperation: map[string]int64{}, ByStatus: map[int]int64{}, Mutations: map[string]int64{},
		MutationUserErrors: map[string]int64{}, DeniedMutations: map[string]int64{}}
}

func (r *statsRecorder) snapshot() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.s
	s.ByOperation = maps.Clone(r.s.ByOperation)
	s.ByStatus = maps.Clone(r.s.ByStatus)
	s.Mutations = maps.Clone(r.s.Mutations)
	s.MutationUserErrors = maps.Clone(r.s.MutationUserErrors)
	s.DeniedMutations = maps.Clone(r.s.DeniedMutations)
	return s
}

func (r *statsRecorder) with(f func(s *Stats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.s)
}

func (r *statsRecorder) request(operation string) {
	r.with(func(s *Stats) { s.Requests++; s.ByOperation[operation]++ })
}

func (r *statsRecorder) status(code int) { r.with(func(s *Stats) { s.ByStatus[code]++ }) }

func (r *statsRecorder) attempted(name string) {
	r.with(func(s *Stats) {
		s.Mutations[name]++
		switch name {
		case "changeStock", "setStock":
			s.StockMutationAttempts++
		case "setPrices":
			s.PriceMutationAttempts++
		}
	})
}

func (r *statsRecorder) denied(name string) { r.with(func(s *Stats) { s.DeniedMutations[name]++ }) }

func (r *statsRecorder) userErrored(name string) {
	r.with(func(s *Stats) { s.MutationUserErrors[name]++ })
}
