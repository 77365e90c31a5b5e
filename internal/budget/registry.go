package budget

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Registry hands out one Limiter per key for the whole process, so every CatalogSync that
// targets the same Centra environment or Plytix account spends from one budget.
type Registry struct {
	mu       sync.Mutex
	limiters map[string]*Limiter
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{limiters: map[string]*Limiter{}} }

// Get returns the limiter for key, making it with create on first use. Later callers get the
// first limiter whatever create they pass: the quota is a property of the account.
func (r *Registry) Get(key string, create func() *Limiter) *Limiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	if l, ok := r.limiters[key]; ok {
		return l
	}
	l := create()
	r.limiters[key] = l
	return l
}

// All returns every limiter, for metrics.
func (r *Registry) All() []*Limiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Limiter, 0, len(r.limiters))
	for _, l := range r.limiters {
		out = append(out, l)
	}
	return out
}

// Key identifies one quota: an endpoint, the credential it is spent with, and the kind of
// spend. The credential is hashed so the raw value never sits in a map key or a dump.
func Key(endpoint string, credential secret.Value, kind string) string {
	sum := sha256.Sum256([]byte(credential.Reveal()))
	return endpoint + "|" + hex.EncodeToString(sum[:8]) + "|" + kind
}
