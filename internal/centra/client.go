package centra

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// AuthMode is how the token travels (§1.2).
type AuthMode string

const (
	// AuthHeader sends "Authorization: Bearer <token>" (the default).
	AuthHeader AuthMode = "header"
	// AuthCookie sends "Cookie: graphql-access=<token>".
	AuthCookie AuthMode = "cookie"
)

// Config configures a Client. Endpoint and Token are required; the rest has defaults.
type Config struct {
	// Endpoint is the full GraphQL URL, e.g. https://<tenant>.centra.com/graphql (§1.1).
	Endpoint string
	// Token is the Integration API token; it never appears in errors or logs.
	Token    secret.Value
	AuthMode AuthMode
	// StoreID is the store whose displays observed products carry; 0 reads every store's.
	StoreID int
	// HTTPClient sends the requests; nil means a client without its own timeout (each
	// attempt is bounded by RequestTimeout instead).
	HTTPClient *http.Client
	// RequestTimeout bounds one attempt; 0 means 60 s.
	RequestTimeout time.Duration
	// MaxResponseBytes caps a response body; 0 means 64 MiB.
	MaxResponseBytes int64
	// MaxRequestBytes caps a request body, refused before sending; 0 means 4 MiB.
	MaxRequestBytes int64
	// Retry bounds the retries after 429, 5xx and timeouts; nil means retry.Default().
	Retry *retry.Policy
	// Budgets are the rate budgets; nil means NewBudgets(DefaultLimits()). Pass
	// SharedBudgets so that every client of one environment spends from one quota.
	Budgets *Budgets
	// Counters count requests by operation name and outcome (HTTP status, "timeout",
	// "transport", "budget", "malformed"); nil means counters of the client's own.
	Counters *httpx.Counters
	// MutationCounters count mutation fields by mutation name and outcome ("ok",
	// "userErrors", "error", "unknown"); nil means counters of the client's own.
	MutationCounters *httpx.Counters
	// MaxProductsPerRequest caps a product lookup; 0 means 100.
	MaxProductsPerRequest int
	// MaxComplexityPerRequest is the complexity a read aims to stay under; batches are
	// sized from the complexity the server reported for earlier ones. 0 means 50,000, a
	// third of the 10-second quota (§5.5).
	MaxComplexityPerRequest int64
	// MaxMutationsPerRequest caps the aliased mutations of one request; 0 means 25.
	MaxMutationsPerRequest int
	// PageSize is the page of list reads; 0 means 200, the documented maximum (§3.3).
	PageSize int
	// MediaPollInterval and MediaPollTimeout bound the polling of media batches (§3.10);
	// 0 means 2 s and 2 min.
	MediaPollInterval time.Duration
	MediaPollTimeout  time.Duration
	// InFlightMedia remembers the media batches Centra had not finished within
	// MediaPollTimeout, so a later EnsureMedia polls them instead of queueing their images
	// again; share one per Centra environment across the process (a run's client is new each
	// time). nil remembers nothing: a later call queues such an image again.
	InFlightMedia *InFlightMedia
	// Now and Sleep are the clock and the wait of Retry-After and media polling (and the
	// clock of the default budgets); nil means the real ones.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client talks to one Centra environment. It is safe for concurrent use.
type Client struct {
	cfg       Config
	http      *http.Client
	retry     retry.Policy
	budgets   *Budgets
	counters  *httpx.Counters
	mutations *httpx.Counters
	// withTimeout bounds one request by cfg.RequestTimeout: context.WithTimeout, which
	// tests replace to time a request out on an event instead of a timer.
	withTimeout func(context.Context, time.Duration) (context.Context, context.CancelFunc)

	estMu sync.Mutex
	// perUnit is the complexity per unit (product, page entry) each operation cost last.
	perUnit map[string]float64

	permMu sync.Mutex
	perms  map[string]struct{}
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("centra endpoint %q must be an absolute http(s) URL", cfg.Endpoint)
	}
	if cfg.Token.Empty() {
		return nil, errors.New("centra token is empty")
	}
	switch cfg.AuthMode {
	case "":
		cfg.AuthMode = AuthHeader
	case AuthHeader, AuthCookie:
	default:
		return nil, fmt.Errorf("centra auth mode %q is neither %q nor %q", cfg.AuthMode, AuthHeader, AuthCookie)
	}
	setDefault(&cfg.RequestTimeout, 60*time.Second)
	setDefault(&cfg.MaxResponseBytes, 64<<20)
	setDefault(&cfg.MaxRequestBytes, 4<<20)
	setDefault(&cfg.MaxProductsPerRequest, 100)
	setDefault(&cfg.MaxComplexityPerRequest, 50_000)
	setDefault(&cfg.MaxMutationsPerRequest, 25)
	setDefault(&cfg.PageSize, 200)
	setDefault(&cfg.MediaPollInterval, 2*time.Second)
	setDefault(&cfg.MediaPollTimeout, 2*time.Minute)
	cfg.PageSize = min(cfg.PageSize, 200)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = retry.SleepContext
	}
	c := &Client{cfg: cfg, http: cfg.HTTPClient, budgets: cfg.Budgets, counters: cfg.Counters,
		mutations: cfg.MutationCounters, withTimeout: context.WithTimeout, perUnit: map[string]float64{}, perms: map[string]struct{}{}}
	// A copy that follows no redirect: it would carry the token to wherever the server points
	// (docs/reference/centra-api.md §1.1 names one endpoint, and nothing redirects from it).
	hc := http.Client{}
	if c.http != nil {
		hc = *c.http
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	if cfg.Retry != nil {
		c.retry = *cfg.Retry
	} else {
		c.retry = retry.Default()
	}
	if c.budgets == nil {
		c.budgets = NewBudgets(DefaultLimits(), budget.WithClock(cfg.Now))
	}
	if c.counters == nil {
		c.counters = httpx.NewCounters(nil)
	}
	if c.mutations == nil {
		c.mutations = httpx.NewCounters(nil)
	}
	return c, nil
}

func setDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Budgets returns the budgets the client spends from.
func (c *Client) Budgets() *Budgets { return c.budgets }

// Counters returns the request counters (by operation name and outcome).
func (c *Client) Counters() *httpx.Counters { return c.counters }

// MutationCounters returns the mutation counters (by mutation name and outcome).
func (c *Client) MutationCounters() *httpx.Counters { return c.mutations }
