package plan

import (
	"errors"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Write is one product's planned change, as the engine hands it to the storefront adapter.
type Write struct {
	Action   Action
	Desired  *catalog.Product
	Observed *catalog.Product
	Changes  []Change
}

// WriteResult is what happened to one write.
type WriteResult struct {
	// Err fails the whole product: a create rejected, or (with ErrNotApplied) not reached.
	Err error
	// Failed are the changes Centra rejected while others went through.
	Failed []ChangeFailure
	// Created is set when the product did not exist and now does.
	Created bool
	// ProductID is the Centra product's id, when the write knows it (a new product's included),
	// for the ledger.
	ProductID int
}

// ChangeFailure is a change that could not be made: Centra rejected it, or no Centra input can
// express it.
type ChangeFailure struct {
	Change Change
	// Reason is the report's failure reason; empty means Centra rejected the change.
	Reason  string
	Message string
}

// ErrNotApplied marks a write the run did not reach: it is pending, and is applied by a later run.
var ErrNotApplied = errors.New("not applied in this run")
