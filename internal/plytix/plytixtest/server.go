package plytixtest

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

// Server is a Plytix sandbox. Its zero value is not usable; make one with New.
type Server struct {
	store    *store
	report   Report
	counters *httpx.Counters
	mux      *http.ServeMux
	secret   []byte
	clock    func() time.Time
	key      string
	password string

	offset    atomic.Int64 // AdvanceClock, in nanoseconds
	tokenGen  atomic.Int64 // bumped by ExpireTokens
	tokenSeq  atomic.Int64
	closing   chan struct{}
	closeOnce sync.Once

	mu          sync.Mutex // guards the settings below
	settings    settings
	limiter     *budget.Limiter
	authLimiter *budget.Limiter
	faults      []*faultState
	// faultsChanged is closed and replaced whenever a fault hits or the faults change.
	faultsChanged chan struct{}

	cache *searchCache

	// URL is set by NewTestServer.
	URL string
}

// settings are the behaviours a test may change at run time.
type settings struct {
	tokenTTL       time.Duration
	columnLimit    int
	idFilter       bool
	dateFilters    DateFilters
	authErrors     AuthErrorShape
	pagination     PaginationQuirk
	omitRetryAfter bool
	latency        time.Duration
	authRateLimit  int
}

// New makes a sandbox over the catalogue opts.Catalog describes.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	st := newStore(opts.Catalog.Seed)
	report, err := generate(st, opts.Catalog)
	if err != nil {
		return nil, fmt.Errorf("plytixtest: generating the catalogue: %w", err)
	}
	secret := sha256.Sum256([]byte(fmt.Sprintf("plytix-sandbox-%d", opts.Catalog.Seed)))
	s := &Server{
		store: st, report: report, counters: httpx.NewCounters(nil), secret: secret[:], clock: opts.Clock,
		key: opts.APIKey, password: opts.APIPassword, closing: make(chan struct{}), cache: newSearchCache(),
		faultsChanged: make(chan struct{}),
		settings: settings{
			tokenTTL: opts.TokenTTL, columnLimit: opts.ColumnLimit, idFilter: opts.IDFilter, dateFilters: opts.DateFilters,
			authErrors: opts.AuthErrors, pagination: opts.Pagination, omitRetryAfter: opts.OmitRetryAfter,
			authRateLimit: opts.AuthRateLimit,
		},
	}
	s.limiter = s.newLimiter(opts.RateLimits)
	s.authLimiter = s.newAuthLimiter(opts.AuthRateLimit)
	s.routes()
	return s, nil
}

// NewTestServer starts a sandbox on an httptest server, closed when the test ends.
func NewTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("starting the Plytix sandbox: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	s.URL = ts.URL
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s
}

// Handler serves the API, the auth service (under /auth/) and the controls (under
// /_sandbox/) from one origin.
func (s *Server) Handler() http.Handler { return s.mux }

// Close releases requests held by hang faults.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.closing) }) }

// now is the sandbox clock, shifted by AdvanceClock.
func (s *Server) now() time.Time { return s.clock().Add(time.Duration(s.offset.Load())) }

func (s *Server) current() settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

func (s *Server) newLimiter(windows []budget.Window) *budget.Limiter {
	return budget.NewLimiter("plytix-sandbox", windows, budget.WithClock(s.now))
}

func (s *Server) newAuthLimiter(perSecond int) *budget.Limiter {
	limit := int64(perSecond)
	if perSecond < 0 {
		limit = 0
	}
	return budget.NewLimiter("plytix-sandbox-auth", []budget.Window{{Period: time.Second, Limit: limit}}, budget.WithClock(s.now))
}

// routeKind says which checks a route passes through.
type routeKind int

const (
	routeAPI  routeKind = iota // rate limit and bearer token
	routeAuth                  // the auth service's own rate limit
	routeOpen                  // nothing: 404/405 answers
)

func (s *Server) routes() {
	m := http.NewServeMux()
	s.mux = m
	api := func(pattern string, h http.HandlerFunc) { m.Handle(pattern, s.pipeline(pattern, routeAPI, h)) }
	m.Handle("POST /auth/api/get-token", s.pipeline("POST /auth/api/get-token", routeAuth, s.getToken))

	api("POST /api/v1/products/search", s.searchProducts)
	api("POST /api/v1/products", s.createProduct)
	api("GET /api/v1/products/{id}", s.getProduct)
	api("PATCH /api/v1/products/{id}", s.patchProduct)
	api("DELETE /api/v1/products/{id}", s.deleteProduct)
	api("GET /api/v1/products/{id}/variants", s.getVariants)
	api("GET /api/v1/products/{id}/assets", s.getProductAssets)
	api("GET /api/v1/products/{id}/categories", s.getProductCategories)
	api("POST /api/v1/attributes/product/search", s.searchAttributes)
	api("GET /api/v1/attributes/product/{id}", s.getAttribute)
	api("GET /api/v1/filters/product", s.getProductFilters)
	api("POST /api/v1/categories/product/search", s.searchCategories)
	api("POST /api/v1/product_families/search", s.searchFamilies)
	api("GET /api/v1/product_families/{id}/attributes", s.getFamilyAttributes)
	api("POST /api/v1/assets/search", s.searchAssets)
	api("GET /api/v1/assets/{id}", s.getAsset)

	// There is no product list endpoint: GET /api/v1/products is a 405 (§1). Other methods
	// on known paths get the same JSON 405 rather than the mux's plain-text one.
	m.Handle("/api/v1/products", s.pipeline("* /api/v1/products", routeOpen, methodNotAllowed("POST")))
	m.Handle("/api/v1/products/{id}", s.pipeline("* /api/v1/products/{id}", routeOpen, methodNotAllowed("GET, PATCH, DELETE")))
	m.Handle("/auth/api/get-token", s.pipeline("* /auth/api/get-token", routeOpen, methodNotAllowed("POST")))
	m.Handle("/", s.pipeline("* unknown", routeOpen, s.unknownRoute))
	s.controlRoutes(m)
}

// pipeline wraps a route with what every request goes through: counting, injected latency
// and faults, then the rate limit and the bearer check.
func (s *Server) pipeline(op string, kind routeKind, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		defer func() {
			if rec.status == 0 {
				s.counters.Record(op, "no-response", time.Since(start))
				return
			}
			s.counters.RecordStatus(op, rec.status, time.Since(start))
		}()
		if !s.delay(r, s.current().latency) {
			return
		}
		if s.applyFault(rec, r) {
			return
		}
		switch kind {
		case routeAPI:
			if !s.allow(rec) || !s.authorize(rec, r) {
				return
			}
		case routeAuth:
			if !s.allowAuth(rec) {
				return
			}
		}
		h(rec, r)
	})
}

// delay waits d, or until the client gives up; false means it gave up.
func (s *Server) delay(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

// hold waits until release is closed, or until the client gives up; false means it gave up.
func (s *Server) hold(r *http.Request, release <-chan struct{}) bool {
	select {
	case <-release:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

// unknownRoute answers unknown paths with a JSON 404, and a path with a trailing slash
// with the redirect that drops the Authorization header in the real API (§1).
func (s *Server) unknownRoute(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Path) > 1 && strings.HasSuffix(r.URL.Path, "/") {
		http.Redirect(w, r, strings.TrimRight(r.URL.Path, "/"), http.StatusMovedPermanently)
		return
	}
	writeError(w, &apiError{status: http.StatusNotFound, msg: "The requested URL was not found on the server."})
}

func methodNotAllowed(allowed string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", allowed)
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, msg: "The method is not allowed for the requested URL."})
	}
}

// statusRecorder remembers the status written, for the counters.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets a hang fault push headers.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
