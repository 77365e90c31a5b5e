package plytix

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Production hosts (docs/reference/plytix-api.md §1).
const (
	DefaultAPIURL  = "https://pim.plytix.com"
	DefaultAuthURL = "https://auth.plytix.com"
)

// Documented limits.
const (
	// MaxPageSize is the largest page_size product and category search accept (§5.4).
	MaxPageSize = 100
	// SortLimit is the largest result set a sorted search may match before the API answers
	// 428 (§5.4).
	SortLimit = 10000
	// TokenLifetime is the documented life of an access token, used when the JWT carries no
	// usable exp claim (§2.2).
	TokenLifetime = 15 * time.Minute
	// AuthRequestsPerSecond is the auth service's own limit (§2.3).
	AuthRequestsPerSecond = 8
)

// DefaultWindows are the account's request budget when none is configured: 20 requests
// per 10 s and 5,000 per hour (§4). Limits are per plan and unpublished; these are the
// lowest figures any source reports for a paying account in each window (the live JWT claim
// and esign's enum both say 20 per 10 s, Plytix's internal brief 50; the brief and esign's
// PAID plan both say 5,000 per hour, the live claim 15,000). esign's FREE plan figure of
// 2,000 per hour came from an enum since removed upstream; accounts on such a plan must
// configure it.
func DefaultWindows() []budget.Window {
	return []budget.Window{{Period: 10 * time.Second, Limit: 20}, {Period: time.Hour, Limit: 5000}}
}

// Config configures a Client. Only the credentials are required.
type Config struct {
	// APIURL and AuthURL default to the production hosts. A trailing slash is removed: it
	// makes Plytix redirect, and the redirect drops the Authorization header (§1).
	APIURL  string
	AuthURL string

	APIKey      secret.Value
	APIPassword secret.Value

	// HTTPClient is copied, never modified; redirects are refused on the copy (§1).
	HTTPClient *http.Client
	// Limiter is the account's request budget. Take it from SharedLimiter so that every client
	// of one account spends from one usage; nil makes a private one with DefaultWindows.
	Limiter *budget.Limiter
	// AuthLimiter guards the auth service's 8 requests per second (§2.3); nil makes one.
	AuthLimiter *budget.Limiter
	// Counters receives one count per HTTP request by operation and status; nil makes one.
	Counters *httpx.Counters
	// Retry bounds retries of 429, 5xx and timeouts; zero fields take retry.Default()'s.
	Retry retry.Policy

	// RequestTimeout bounds every single HTTP request, body included (default 30 s).
	RequestTimeout time.Duration
	// MaxBodyBytes caps a response body (default 32 MiB: a page of 100 products with 50
	// columns of rich text stays far below it).
	MaxBodyBytes int64
	// TokenLeeway is how long before expiry a token is replaced (default 60 s).
	TokenLeeway time.Duration

	// ColumnLimit is how many columns one search may request besides id and sku. Plytix
	// documents both 50 and 20 (§5.3, CONFLICT); the default is 50 and the client lowers it
	// by itself when the API answers "columns limit exceeded, current limit is N".
	ColumnLimit int
	// PageSize is the search page size, at most MaxPageSize (default 100).
	PageSize int
	// MaxFilterGroups caps the OR groups of one lookup search (default 50). The API documents
	// OR of AND groups but no maximum (§5.1); lookups are chunked to stay modest.
	MaxFilterGroups int
	// DeltaOverlap is subtracted from a watermark before a delta read (default 5 min), so
	// writes committed around the previous read are not missed.
	DeltaOverlap time.Duration
	// DatePrecision is the precision of date values this client sends in filters: time.Second
	// (full datetimes, the default) or 24h (date only, the only documented form, §10). Whether
	// full datetimes are accepted is unverified; the client switches to dates by itself when
	// the API refuses a datetime, and always re-filters results on its side.
	DatePrecision time.Duration
	// AssetCacheSize bounds the asset cache (default 10,000 entries); AssetCacheTTL is how
	// long an entry is trusted (default 1 h, since asset files can be replaced without any
	// signal, §10).
	AssetCacheSize int
	AssetCacheTTL  time.Duration

	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// SharedLimiter returns a request budget of the account that apiURL and apiKey name, with
// windows as its limits (nil means DefaultWindows). What is spent is counted once per account
// for the process, in reg, whoever spends it (§4); the limits are the caller's own, so each
// run stays within its own configured limits over the account's shared usage, and an edited
// limit applies from the next call without a restart. opts apply when the account's usage is
// first made.
func SharedLimiter(reg *budget.Registry, apiURL string, apiKey secret.Value, windows []budget.Window, opts ...budget.Option) *budget.Limiter {
	if windows == nil {
		windows = DefaultWindows()
	}
	apiURL = strings.TrimRight(orDefault(apiURL, DefaultAPIURL), "/")
	return reg.Get(budget.Key(apiURL, apiKey, "requests"), func() *budget.Limiter {
		return budget.NewLimiter("plytix", windows, opts...)
	}).View(windows)
}

// SharedAuthLimiter returns the process-wide limiter of one auth service (8 requests per
// second, §2.3), which every credential spends from.
func SharedAuthLimiter(reg *budget.Registry, authURL string, opts ...budget.Option) *budget.Limiter {
	authURL = strings.TrimRight(orDefault(authURL, DefaultAuthURL), "/")
	return reg.Get(budget.Key(authURL, secret.Value{}, "auth"), func() *budget.Limiter {
		return newAuthLimiter(opts...)
	})
}

func newAuthLimiter(opts ...budget.Option) *budget.Limiter {
	return budget.NewLimiter("plytix-auth", []budget.Window{{Period: time.Second, Limit: AuthRequestsPerSecond}}, opts...)
}

// withDefaults validates cfg and fills in every default.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.APIKey.Empty() || cfg.APIPassword.Empty() {
		return cfg, errors.New("plytix: API key and password are required")
	}
	var err error
	if cfg.APIURL, err = baseURL(orDefault(cfg.APIURL, DefaultAPIURL)); err != nil {
		return cfg, fmt.Errorf("plytix: API URL: %w", err)
	}
	if cfg.AuthURL, err = baseURL(orDefault(cfg.AuthURL, DefaultAuthURL)); err != nil {
		return cfg, fmt.Errorf("plytix: auth URL: %w", err)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Limiter == nil {
		cfg.Limiter = budget.NewLimiter("plytix", DefaultWindows(), budget.WithClock(cfg.Now))
	}
	if cfg.AuthLimiter == nil {
		cfg.AuthLimiter = newAuthLimiter(budget.WithClock(cfg.Now))
	}
	if cfg.Counters == nil {
		cfg.Counters = httpx.NewCounters(nil)
	}
	def := retry.Default()
	cfg.Retry.MaxAttempts = intOr(cfg.Retry.MaxAttempts, def.MaxAttempts)
	cfg.Retry.BaseDelay = durationOr(cfg.Retry.BaseDelay, def.BaseDelay)
	cfg.Retry.MaxDelay = durationOr(cfg.Retry.MaxDelay, def.MaxDelay)
	cfg.Retry.MaxElapsed = durationOr(cfg.Retry.MaxElapsed, def.MaxElapsed)
	cfg.RequestTimeout = durationOr(cfg.RequestTimeout, 30*time.Second)
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 32 << 20
	}
	cfg.TokenLeeway = durationOr(cfg.TokenLeeway, time.Minute)
	cfg.ColumnLimit = intOr(cfg.ColumnLimit, 50)
	cfg.PageSize = min(intOr(cfg.PageSize, MaxPageSize), MaxPageSize)
	cfg.MaxFilterGroups = intOr(cfg.MaxFilterGroups, 50)
	cfg.DeltaOverlap = durationOr(cfg.DeltaOverlap, 5*time.Minute)
	cfg.DatePrecision = durationOr(cfg.DatePrecision, time.Second)
	if cfg.DatePrecision != time.Second && cfg.DatePrecision != 24*time.Hour {
		return cfg, fmt.Errorf("plytix: date precision must be 1s or 24h, not %s", cfg.DatePrecision)
	}
	cfg.AssetCacheSize = intOr(cfg.AssetCacheSize, 10000)
	cfg.AssetCacheTTL = durationOr(cfg.AssetCacheTTL, time.Hour)
	return cfg, nil
}

// baseURL checks an endpoint and strips trailing slashes (§1).
func baseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the input; keep it out of the error in case it carries userinfo.
		return "", errors.New("not a valid URL")
	}
	if u.User != nil {
		return "", errors.New("must not carry credentials; use APIKey and APIPassword")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("scheme %q is not http(s)", u.Scheme)
	}
	if u.Host == "" {
		return "", errors.New("no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("must not carry a query or fragment")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func durationOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func intOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
