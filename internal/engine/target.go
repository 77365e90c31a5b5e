package engine

import (
	"context"
	"errors"
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
	Displayed(ctx context.Context) ([]DisplayedProduct, error)
	// Apply writes planned products with as few mutations as it can. The results are in the
	// order of writes; when the budget or the context stops it, the error says why and the
	// writes it did not reach carry ErrNotApplied.
	Apply(ctx context.Context, writes []Write) ([]WriteResult, error)
	// Requests and Mutations count what was spent so far.
	Requests() int64
	Mutations() int64
	// Budgets are the quotas' states; MutationsPerHour is the hourly mutation quota (0:
	// unlimited).
	Budgets() []report.BudgetState
	MutationsPerHour() int64
}

// DisplayedProduct is a product displayed in the store: its identity and brand, enough to leave
// out the products of other brands before reading any in full.
type DisplayedProduct struct {
	catalog.ProductSummary
	// Brand is the brand's name; empty for a product without one.
	Brand string
}

// Write is one product's planned change.
type Write struct {
	Action   plan.Action
	Desired  *catalog.Product
	Observed *catalog.Product
	Changes  []plan.Change
}

// WriteResult is what happened to one write.
type WriteResult struct {
	// Err fails the whole product: a create rejected, or (with ErrNotApplied) not reached.
	Err error
	// Failed are the changes Centra rejected while others went through.
	Failed []ChangeFailure
	// Created is set when the product did not exist and now does.
	Created bool
}

// ChangeFailure is a change that could not be made: Centra rejected it, or no Centra input can
// express it.
type ChangeFailure struct {
	Change plan.Change
	// Reason is the report's failure reason; empty means Centra rejected the change.
	Reason  string
	Message string
}

// ErrNotApplied marks a write the run did not reach: it is pending, and is applied by a later run.
var ErrNotApplied = errors.New("not applied in this run")
