package centra

import (
	"errors"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Quota is an allowance per 10 s and per hour; zero means unlimited but counted.
type Quota struct {
	TenSeconds int64
	OneHour    int64
}

// Limits are the three buckets of Centra's rate limits (§5.5).
type Limits struct {
	Requests   Quota
	Complexity Quota
	Mutations  Quota
}

// DefaultLimits are the values of a fresh instance (§5.5): 20/10 s and 10,000/h requests,
// 150,000/10 s and 20,000,000/h complexity, 100/10 s and 1,000/h mutations.
func DefaultLimits() Limits {
	return Limits{
		Requests:   Quota{TenSeconds: 20, OneHour: 10_000},
		Complexity: Quota{TenSeconds: 150_000, OneHour: 20_000_000},
		Mutations:  Quota{TenSeconds: 100, OneHour: 1_000},
	}
}

// Budget kinds, used in limiter names and registry keys.
const (
	KindRequests   = "centra-requests"
	KindComplexity = "centra-complexity"
	KindMutations  = "centra-mutations"
)

// Budgets are the three limiters a client spends from. Every client of one endpoint and
// token in the process must share their usage (SharedBudgets), because the quota belongs to
// the Centra environment, not to a CatalogSync; the limits are each client's own.
type Budgets struct {
	Requests   *budget.Limiter
	Complexity *budget.Limiter
	Mutations  *budget.Limiter
}

func windows(q Quota) []budget.Window {
	return []budget.Window{{Period: 10 * time.Second, Limit: q.TenSeconds}, {Period: time.Hour, Limit: q.OneHour}}
}

// NewBudgets returns budgets of their own, for a single client or a test.
func NewBudgets(l Limits, opts ...budget.Option) *Budgets {
	return &Budgets{
		Requests:   budget.NewLimiter(KindRequests, windows(l.Requests), opts...),
		Complexity: budget.NewLimiter(KindComplexity, windows(l.Complexity), opts...),
		Mutations:  budget.NewLimiter(KindMutations, windows(l.Mutations), opts...),
	}
}

// SharedBudgets returns budgets of endpoint and token with l as their limits. What is spent is
// counted once per endpoint and token for the process, in reg, whoever spends it; the limits
// are the caller's own, so each run stays within its own configured limits over the shared
// usage, and an edited limit applies from the next call without a restart. A limit the server
// reports lower (Seed) binds the budgets of every caller. opts apply when the usage is first
// made.
func SharedBudgets(reg *budget.Registry, endpoint string, token secret.Value, l Limits, opts ...budget.Option) *Budgets {
	get := func(kind string, q Quota) *budget.Limiter {
		return reg.Get(budget.Key(endpoint, token, kind), func() *budget.Limiter {
			return budget.NewLimiter(kind, windows(q), opts...)
		}).View(windows(q))
	}
	return &Budgets{
		Requests:   get(KindRequests, l.Requests),
		Complexity: get(KindComplexity, l.Complexity),
		Mutations:  get(KindMutations, l.Mutations),
	}
}

// RateLimit is one entry of the rateLimits query (§5.5).
type RateLimit struct {
	Type           string `json:"type"`
	Interval       string `json:"intervalSeconds"`
	Quota          int64  `json:"quota"`
	UsedQuota      int64  `json:"usedQuota"`
	RemainingQuota int64  `json:"remainingQuota"`
}

// Seed aligns the budgets with what the server reports, so a process that starts while
// other integrations already spent quota does not overspend. The usage and a lower server
// limit it learns apply to every caller of the same endpoint and token (budget.Limiter.Seed).
func (b *Budgets) Seed(limits []RateLimit) {
	for _, rl := range limits {
		var l *budget.Limiter
		switch rl.Type {
		case "REQUEST_COUNT":
			l = b.Requests
		case "QUERY_COMPLEXITY":
			l = b.Complexity
		case "MUTATION_COUNT":
			l = b.Mutations
		default:
			continue
		}
		period := map[string]time.Duration{"TEN_SECONDS": 10 * time.Second, "ONE_HOUR": time.Hour}[rl.Interval]
		if period == 0 {
			continue
		}
		l.Seed(period, rl.Quota, rl.UsedQuota)
	}
}

// BudgetState is what every budget has left.
type BudgetState struct {
	Requests   budget.State
	Complexity budget.State
	Mutations  budget.State
}

// State returns what every budget has used and has left.
func (b *Budgets) State() BudgetState {
	return BudgetState{Requests: b.Requests.State(), Complexity: b.Complexity.State(), Mutations: b.Mutations.State()}
}

// MutationsLeft is how many mutations fit now: the smallest remainder over the windows, or
// -1 when no window limits them.
func (b *Budgets) MutationsLeft() int64 {
	left := int64(-1)
	for _, w := range b.Mutations.State().Windows {
		if w.Remaining >= 0 && (left < 0 || w.Remaining < left) {
			left = w.Remaining
		}
	}
	return left
}

// UntilMutations is how long until n mutations fit, so a planner can say when a long
// initial load will have spent its hourly quota (docs/design.md §6: "done / remaining / ETA").
func (b *Budgets) UntilMutations(n int64) time.Duration { return b.Mutations.Until(n) }

// blockUntil stops all spending until t, after a 429 with Retry-After.
func (b *Budgets) blockUntil(t time.Time) {
	b.Requests.BlockUntil(t)
	b.Complexity.BlockUntil(t)
	b.Mutations.BlockUntil(t)
}

func isExhausted(err error) bool {
	var e *budget.ExhaustedError
	return errors.As(err, &e)
}
