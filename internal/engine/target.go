package engine

import (
	"context"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// Target is what a run reads from and writes to the storefront.
type Target interface {
	// Reference reads the configured store and the data products refer to.
	Reference(ctx context.Context) (*catalog.Reference, error)
	// Observe reads the products with the given numbers; a number maps to several products
	// when Centra holds duplicates.
	Observe(ctx context.Context, numbers []string) (map[string][]*catalog.Product, error)
	// UpdatedSince reads the products of the named brands (every brand when brands is nil)
	// changed in Centra since a time: hand edits, and the run's own writes.
	UpdatedSince(ctx context.Context, since time.Time, brands []string) ([]*catalog.Product, error)
	// Displayed lists the products that have a display in the store, with their brands: the
	// candidates a full pass compares with Plytix to find orphans.
	Displayed(ctx context.Context) ([]catalog.DisplayedProduct, error)
	// Apply writes planned products with as few mutations as it can. The results are in the
	// order of writes; when the budget or the context stops it, the error says why and the
	// writes it did not reach carry plan.ErrNotApplied.
	Apply(ctx context.Context, writes []plan.Write) ([]plan.WriteResult, error)
	// Requests and Mutations count what was spent so far.
	Requests() int64
	Mutations() int64
	// Budgets are the quotas' states; MutationsPerHour is the hourly mutation quota (0:
	// unlimited).
	Budgets() []report.BudgetState
	MutationsPerHour() int64
	// UntilMutations is how long until n mutations fit in the quota.
	UntilMutations(n int64) time.Duration
}
