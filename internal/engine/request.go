// Package engine performs one sync run (docs/design.md §5, steps 1–5): it resolves
// Centra reference data, reads Plytix (a delta or a full pass), builds the desired Centra
// products through the compiled mapping and its gates, reads what Centra has, plans per
// attribute, applies the plan within the shared API budgets, and returns a bounded report.
// It owns the orchestration only: the Source and Target interfaces it consumes, and Clients,
// the one place that connects the Plytix adapter (plytixsource) and the Centra adapter
// (centratarget). It knows nothing of Kubernetes: the CatalogSync controller calls it.
package engine

import (
	"context"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Request is everything one run needs.
type Request struct {
	// Name identifies the CatalogSync (namespace/name) in logs.
	Name string
	Spec pimv1alpha1.CatalogSyncSpec
	// Mappings are the selected AttributeMappings, in order.
	Mappings []pimv1alpha1.AttributeMapping
	// Credentials, read from the CatalogSync's own namespace.
	PlytixAPIKey   secret.Value
	PlytixPassword secret.Value
	CentraToken    secret.Value
	// State carried over from the previous runs (CatalogSync status).
	Watermark    time.Time
	LastSync     time.Time
	LastFullSync time.Time
	LastRevision string
	// PreviousScope is how many products the last sound full pass found in scope (0: unknown);
	// a full pass that finds far fewer is suspect.
	PreviousScope int64
	// ResumeFullPass is set when the previous run was a full pass a quota stopped: this run
	// carries it on from the watermark instead of starting it again.
	ResumeFullPass bool
	// ForceFullPass reads the whole scope whatever the schedule: the controller sets it when the
	// spec changed (filters, gates, drift settings), so the change applies to every product.
	ForceFullPass bool
	// Ledger is the catalogue as the previous runs left it (docs/design.md §12); the run
	// updates the records of what it reads, and drops, after a complete full pass, those of
	// products gone from the scope. Nil is an empty ledger (a first run, or one being rebuilt).
	Ledger *ledger.Ledger
	// Checkpoint, when set, commits Ledger; Apply calls it after each batch of writes, so a
	// run killed part-way leaves a ledger that knows what it wrote.
	Checkpoint func(ctx context.Context) error
}
