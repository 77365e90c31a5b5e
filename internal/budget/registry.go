package budget

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Registry keeps one usage per key for the whole process, so every CatalogSync that targets
// the same Centra environment or Plytix account spends from one budget. The limits are not
// the registry's: callers take a View of the limiter Get returns with their own limits.
type Registry struct {
	mu       sync.Mutex
	limiters map[string]*Limiter
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{limiters: map[string]*Limiter{}} }

// Get returns the limiter of key's usage, making it with create on first use. Later callers
// get the first limiter whatever create they pass: the usage is a property of the account. A
// caller with limits of its own spends through Get(key, create).View(limits); the limiter Get
// returns enforces the limits of the newest view (the creation limits before any).
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

// All returns the limiter of every usage, for status and metrics: its State is the shared
// usage (every view's spend, blocks and total) against the limits of the newest view, that is
// the CatalogSync run that connected last, each lowered to what the server reported.
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
