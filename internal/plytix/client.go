package plytix

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Client reads one Plytix account. It is safe for concurrent use; make one per account and
// credential and keep it, so its token and caches are reused.
type Client struct {
	cfg  Config
	http *http.Client
	auth *tokenSource
	// withTimeout bounds one request by cfg.RequestTimeout: context.WithTimeout, which
	// tests replace to time a request out on an event instead of a timer.
	withTimeout func(context.Context, time.Duration) (context.Context, context.CancelFunc)

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
	c := &Client{cfg: cfg, http: hc, withTimeout: context.WithTimeout, assets: newAssetCache(cfg.AssetCacheSize, cfg.AssetCacheTTL, cfg.Now)}
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

// redact removes every credential the client knows (its API key and password, and the tokens
// issued for them) from text that came from elsewhere (a server message, a transport error), in
// every encoding secret.Scrub knows, so a server that echoes a request cannot leak one into an
// error or a log.
func (c *Client) redact(s string) string {
	if s == "" {
		return s
	}
	values := []secret.Value{c.cfg.APIKey, c.cfg.APIPassword}
	for _, token := range c.auth.known() {
		values = append(values, secret.New(token))
	}
	return secret.Scrub(s, values...)
}

// serverText is a message from the server as an error may quote it: scrubbed, cleaned of
// control characters and cut to httpx.MaxServerText.
func (c *Client) serverText(s string) string { return httpx.ServerText(c.redact(s)) }
