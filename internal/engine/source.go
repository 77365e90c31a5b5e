package engine

import (
	"context"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Source is what a run reads from the PIM.
type Source interface {
	// Definitions returns the attribute definitions by label.
	Definitions(ctx context.Context) (map[string]catalog.AttributeDefinition, error)
	// AllFamilies reads every product in scope, with the given attribute labels, grouped into
	// families (a full pass).
	AllFamilies(ctx context.Context, labels []string) ([]catalog.Family, error)
	// ChangedFamilies reads the whole families of the products modified since a time (a delta).
	ChangedFamilies(ctx context.Context, since time.Time, labels []string) ([]catalog.Family, error)
	// FamiliesBySKU reads the whole families of the products with the given SKUs (parents' or
	// variants') that the scope includes: a family is in scope when one of its products
	// matches the filters, as in AllFamilies.
	FamiliesBySKU(ctx context.Context, skus []string, labels []string) ([]catalog.Family, error)
	// ExistingSKUs reports which of the SKUs (parents' or variants') Plytix has at all, whatever
	// the scope: a product outside the scope may be another CatalogSync's, and is not gone.
	ExistingSKUs(ctx context.Context, skus []string) (map[string]bool, error)
	// Requests is the number of requests made so far.
	Requests() int64
	// Budget is the state of the account's request budget.
	Budget() budget.State
}
