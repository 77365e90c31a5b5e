// Package centratest is a faithful local Centra: a GraphQL server for the Integration API
// that parses and validates every request against the vendored schema
// (internal/centra/schema), keeps an in-memory catalogue with Centra's documented
// semantics (docs/reference/centra-api.md §9, all 17 points) and offers test controls: reference data
// seeding, hand edits that create drift, fault injection, counters, rate-limit settings,
// strict uniqueness and a visibility check.
//
// Use it from Go tests with NewTestServer, mount Handler() in another process, or drive
// its controls over HTTP under /_sandbox/ (JSON) in a running demo.
//
// Section references (§) are to docs/reference/centra-api.md.
package centratest

import (
	_ "embed" // the sandbox's schema extensions
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/catalogsync/catalogsync-operator/internal/centra/schema"
)

//go:embed extensions.graphql
var extensionsSDL string

// loadSchema parses the vendored schema plus the sandbox's extensions once per process.
var loadSchema = sync.OnceValues(func() (*ast.Schema, error) {
	return schema.Load(&ast.Source{Name: "centratest/extensions.graphql", Input: extensionsSDL})
})

// Options configures a Sandbox. The zero value is a faithful Centra with DefaultSeed,
// the documented rate limits and one PIM token, DefaultToken.
type Options struct {
	// Now is the clock; nil means time.Now. Rate-limit windows and timestamps use it.
	Now func() time.Time
	// Tokens are the accepted tokens; empty means one DefaultToken with DefaultPermissions.
	Tokens []Token
	// Seed is the reference data to start from; nil means DefaultSeed(). Use
	// &ReferenceData{} for an empty Centra.
	Seed *ReferenceData
	// Latency delays every GraphQL request (benchmarks use 50 ms).
	Latency time.Duration
	// RateLimits overrides DefaultRateLimits().
	RateLimits *RateLimits
	// Strict enforces uniqueness of product numbers, variant numbers per product, SKUs and
	// EANs, which Centra does not (§9.12); tests use it to catch client bugs.
	Strict bool
	// MediaPendingPolls is how many polls of a media batch answer IN_PROGRESS before it
	// completes (§9.16: "moves to COMPLETED on a later poll"). 0 means 1; negative means
	// a batch completes at its first poll.
	MediaPendingPolls int
	// URICollision is what happens to a display URI already used in the store; "" means
	// URICollisionSuffix.
	URICollision URICollision
	// PartialAttributeBatches makes assignAttributesBatch save valid items and warn about
	// the others instead of failing whole (§5.2 documents both behaviours for batches).
	PartialAttributeBatches bool
	// MaxRequestBytes caps a request body; 0 means 4 MiB.
	MaxRequestBytes int64
	// ComplexityPerField and ComplexityPerMutation price a request; 0 means 1 and 100.
	// Centra does not publish its formula; its examples cost 112–232 per call (§5.5).
	ComplexityPerField    int64
	ComplexityPerMutation int64
	// AppVersion is reported in extensions.appVersion.
	AppVersion string
	// Path is the GraphQL endpoint path; "" means "/graphql" (§1.1).
	Path string
}

// Sandbox is an in-memory Centra Integration API. It is safe for concurrent use.
type Sandbox struct {
	opts   Options
	schema *ast.Schema
	cat    *catalog
	scans  scanCache
	limits rateLimiter
	faults faultQueue
	stats  *statsRecorder
	docs   docCache

	tokensMu sync.RWMutex
	tokens   map[string]*tokenState

	latency atomic.Int64
	strict  atomic.Bool
	// mediaPolls is how many polls a media batch stays pending.
	mediaPolls int

	controlOnce sync.Once
	control     *http.ServeMux
}

// New returns a sandbox seeded with opts.Seed (DefaultSeed when nil).
func New(opts Options) (*Sandbox, error) {
	sch, err := loadSchema()
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	mediaPolls := opts.MediaPendingPolls
	switch {
	case mediaPolls == 0:
		mediaPolls = 1
	case mediaPolls < 0:
		mediaPolls = 0
	}
	if opts.URICollision == "" {
		opts.URICollision = URICollisionSuffix
	}
	if opts.MaxRequestBytes <= 0 {
		opts.MaxRequestBytes = 4 << 20
	}
	if opts.ComplexityPerField <= 0 {
		opts.ComplexityPerField = 1
	}
	if opts.ComplexityPerMutation <= 0 {
		opts.ComplexityPerMutation = 100
	}
	if opts.AppVersion == "" {
		opts.AppVersion = "centratest"
	}
	if opts.Path == "" {
		opts.Path = "/graphql"
	}
	s := &Sandbox{opts: opts, schema: sch, cat: newCatalog(), stats: newStats(), tokens: map[string]*tokenState{}, mediaPolls: mediaPolls}
	limits := DefaultRateLimits()
	if opts.RateLimits != nil {
		limits = *opts.RateLimits
	}
	s.limits.configure(limits)
	s.latency.Store(int64(opts.Latency))
	tokens := opts.Tokens
	if len(tokens) == 0 {
		tokens = []Token{{Value: DefaultToken}}
	}
	for _, t := range tokens {
		if err := s.AddToken(t); err != nil {
			return nil, err
		}
	}
	seed := DefaultSeed()
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	if err := s.SeedReference(seed); err != nil {
		return nil, fmt.Errorf("seed reference data: %w", err)
	}
	return s, nil
}

// docCache keeps parsed and validated documents by their text: a client sends the same
// few documents over and over, and validation is the costliest step of a small request.
type docCache struct {
	mu   sync.Mutex
	docs map[string]*ast.QueryDocument
}

const docCacheSize = 512

func (c *docCache) get(query string) (*ast.QueryDocument, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[query]
	return d, ok
}

func (c *docCache) put(query string, doc *ast.QueryDocument) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || len(c.docs) >= docCacheSize {
		c.docs = map[string]*ast.QueryDocument{}
	}
	c.docs[query] = doc
}

func (s *Sandbox) now() time.Time { return s.opts.Now() }

func (s *Sandbox) token(value string) *tokenState {
	s.tokensMu.RLock()
	defer s.tokensMu.RUnlock()
	return s.tokens[value]
}
