package plytixtest

import (
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
)

// DateFilters says which values date filters (modified, created) accept. Whether the API
// takes full datetimes is not documented (docs/reference/plytix-api.md §10, §14 q3).
type DateFilters string

const (
	// DateTimeFilters accepts dates, naive datetimes and datetimes with an offset, and
	// compares exactly.
	DateTimeFilters DateFilters = "datetime"
	// DateOnlyFilters accepts only YYYY-MM-DD, the documented form, and answers anything
	// else with a 422 naming the field.
	DateOnlyFilters DateFilters = "date"
)

// AuthErrorShape is the body of a refused token request (§2.3, CONFLICT).
type AuthErrorShape string

const (
	// AuthErrorLive is what the live service returned in 2026:
	// {"error":{"msg":"Bad api_key or api_password: Credentials not valid","errors":[{"field":"http_status_code","msg":401}]}}
	AuthErrorLive AuthErrorShape = "live"
	// AuthErrorDocumented is the documented {"msg": "Bad api_key or api_password"}.
	AuthErrorDocumented AuthErrorShape = "documented"
)

// PaginationQuirk reproduces the inconsistent pagination objects of the documented
// examples (§5.4).
type PaginationQuirk string

const (
	// PaginationExact reports count and total_count truthfully.
	PaginationExact PaginationQuirk = ""
	// PaginationZeroCount reports count 0 whatever the page holds.
	PaginationZeroCount PaginationQuirk = "zero-count"
	// PaginationNoTotals omits count and total_count.
	PaginationNoTotals PaginationQuirk = "no-totals"
)

// Options configure a sandbox. The zero value is a usable sandbox over an empty catalogue
// with the documented defaults.
type Options struct {
	// Catalog is generated at start; see CatalogOptions.
	Catalog CatalogOptions

	// APIKey and APIPassword are the only credentials accepted (defaults below).
	APIKey      string
	APIPassword string

	// Clock is the sandbox's time, for token expiry, rate windows and modified stamps; nil
	// means time.Now. AdvanceClock shifts it.
	Clock func() time.Time
	// TokenTTL is the life of an access token (default 15 min, §2.2).
	TokenTTL time.Duration

	// RateLimits are the account's windows (default 20 per 10 s and 5,000 per hour, §4,
	// §13). Use Unlimited to count without enforcing.
	RateLimits []budget.Window
	// AuthRateLimit is the auth service's requests per second (default 8, §2.3); negative
	// disables it.
	AuthRateLimit int
	// OmitRetryAfter drops Retry-After from rate-limit 429s: the PIM API documents no
	// rate-limit headers (§4).
	OmitRetryAfter bool

	// ColumnLimit is the search column limit (default 50; the reference also says 20, §5.3).
	ColumnLimit int
	// IDFilter makes product and asset search accept an "id" filter (eq, in, !in). It is not
	// documented (§12), so the default refuses it with a 422.
	IDFilter bool
	// DateFilters is what date filters accept (default DateTimeFilters).
	DateFilters DateFilters
	// AuthErrors is the shape of a 401 from the auth service (default AuthErrorLive).
	AuthErrors AuthErrorShape
	// Pagination reproduces a pagination quirk (default none).
	Pagination PaginationQuirk
}

// Default credentials.
const (
	DefaultAPIKey      = "sandbox-api-key"
	DefaultAPIPassword = "sandbox-api-password"
)

// Unlimited is a rate window set that counts requests but never refuses one.
func Unlimited() []budget.Window {
	return []budget.Window{{Period: 10 * time.Second}, {Period: time.Hour}}
}

// DefaultRateLimits are the documented default windows (§4, §13).
func DefaultRateLimits() []budget.Window {
	return []budget.Window{{Period: 10 * time.Second, Limit: 20}, {Period: time.Hour, Limit: 5000}}
}

func (o Options) withDefaults() Options {
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.APIPassword == "" {
		o.APIPassword = DefaultAPIPassword
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = 15 * time.Minute
	}
	if o.RateLimits == nil {
		o.RateLimits = DefaultRateLimits()
	}
	if o.AuthRateLimit == 0 {
		o.AuthRateLimit = 8
	}
	if o.ColumnLimit <= 0 {
		o.ColumnLimit = 50
	}
	if o.DateFilters == "" {
		o.DateFilters = DateTimeFilters
	}
	if o.AuthErrors == "" {
		o.AuthErrors = AuthErrorLive
	}
	return o
}
