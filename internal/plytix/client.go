package plytix

import (
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

// Client reads one Plytix account. It is safe for concurrent use; make one per account and
// credential and keep it, so its token and caches are reused.
type Client struct {
	cfg  Config
	http *http.Client
	auth *tokenSource

	// What the client has learned about the server it talks to, where the reference is
	// unverified: the column limit (§5.3), the precision of date filters (§10) and whether
	// an "id" filter is accepted by product and asset search (§12 pitfall 2: not documented
	// for products).
	columnLimit   atomic.Int64
	datePrecision atomic.Int64
	idFilter      atomic.Int32
	assetIDFilter atomic.Int32

	assets *assetCache
}

// idFilter states.
const (
	idFilterUnknown int32 = iota
	idFilterWorks
	idFilterRefused
)

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	// A redirect drops the Authorization header (§1); surface it instead of following it.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &Client{cfg: cfg, http: hc, assets: newAssetCache(cfg.AssetCacheSize, cfg.AssetCacheTTL, cfg.Now)}
	c.auth = &tokenSource{c: c}
	c.columnLimit.Store(int64(cfg.ColumnLimit))
	c.datePrecision.Store(int64(cfg.DatePrecision))
	return c, nil
}

// Counters returns the request counts by operation and status.
func (c *Client) Counters() *httpx.Counters { return c.cfg.Counters }

// Budget returns what the account's request budget has used and has left, for status and
// planning.
func (c *Client) Budget() budget.State { return c.cfg.Limiter.State() }

// ColumnLimit returns the number of columns one search may request, as currently known.
func (c *Client) ColumnLimit() int { return int(c.columnLimit.Load()) }

func (c *Client) precision() time.Duration { return time.Duration(c.datePrecision.Load()) }

// minRedacted is the shortest value redact replaces: shorter ones cannot be told apart from
// ordinary words ("p" would garble every message), and are no secret worth the name.
const minRedacted = 6

// redact removes every credential the client knows from text that came from elsewhere (a
// server message, a transport error), so a server that echoes a request cannot leak one
// into an error or a log.
func (c *Client) redact(s string) string {
	if s == "" {
		return s
	}
	secrets := append([]string{c.cfg.APIKey.Reveal(), c.cfg.APIPassword.Reveal()}, c.auth.known()...)
	for _, v := range secrets {
		if len(v) >= minRedacted {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}
