package plan

import (
	"slices"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
)

// Action is what a run does with one product.
type Action string

// Actions, in the order Apply spends its budget on them: products for launch before edits to
// live ones, hand edits corrected after Plytix changes, deactivations last.
const (
	ActionCreate     Action = "Create"
	ActionComplete   Action = "Complete"
	ActionUpdate     Action = "Update"
	ActionCorrect    Action = "CorrectDrift"
	ActionDeactivate Action = "Deactivate"
	ActionUnchanged  Action = "Unchanged"
	ActionDrifted    Action = "Drifted"
	ActionBlocked    Action = "Blocked"
	ActionOrphaned   Action = "Orphaned"
)

// Priority orders actions for Apply; lower goes first.
func (a Action) Priority() int {
	switch a {
	case ActionComplete:
		return 0 // a half-created product is finished before new ones are started
	case ActionCreate:
		return 1
	case ActionUpdate:
		return 2
	case ActionCorrect:
		return 3
	case ActionDeactivate:
		return 4
	}
	return 5
}

// Writes reports whether the action writes to Centra.
func (a Action) Writes() bool { return a.Priority() < 5 }

// Options are the CatalogSync settings that shape a decision.
type Options struct {
	DriftMode     pimv1alpha1.DriftMode
	Ignored       map[string]bool
	OnGateFailure pimv1alpha1.GateFailureAction
	// Retry are the targets of this product whose last write failed (Centra rejected it, or no
	// input could express it). A difference on one is that Plytix change still to be made, not
	// a hand edit: it is written again, whatever the drift settings.
	Retry map[string]bool
}

// Decision is what to do with one product and why.
type Decision struct {
	Action Action
	// Changes are what Apply writes (everything for a create, the differences for an update or
	// a drift correction).
	Changes []Change
	// Drift are the differences found on a product Plytix did not change: hand edits in Centra.
	Drift []Change
	// Locked are differences Centra will not let the sync write (a variant's size chart).
	Locked []Change
}

// Decide compares a built family with what Centra has. plytixChanged says whether the family
// (or the mapping) changed since the last applied watermark: if it did, differences are updates;
// if not, they are drift, reported and corrected only under drift mode Enforce, except those on
// targets whose last write failed (opts.Retry), which are written again.
func Decide(built *mapping.Built, observed *catalog.Product, plytixChanged bool, opts Options) Decision {
	if built.Blocked() {
		if observed != nil && opts.OnGateFailure == pimv1alpha1.GateFailureDeactivate && isActive(observed) {
			return Decision{Action: ActionDeactivate}
		}
		return Decision{Action: ActionBlocked}
	}
	changes := Diff(built.Product, observed)
	var locked []Change
	locked, changes = split(changes, func(c Change) bool { return c.Kind == KindSizeChart })
	switch {
	case observed == nil:
		return Decision{Action: ActionCreate, Changes: changes}
	case len(changes) == 0:
		return Decision{Action: ActionUnchanged, Locked: locked}
	case plytixChanged:
		return Decision{Action: ActionUpdate, Changes: changes, Locked: locked}
	case hasStructural(changes):
		// A product whose create stopped half-way (a variant, size or display missing) is
		// completed whatever the drift settings say: half a product is never left behind.
		return Decision{Action: ActionComplete, Changes: changes, Locked: locked}
	}
	retry, rest := split(changes, func(c Change) bool { return opts.Retry[c.Target()] })
	drift := driftOf(rest, opts)
	enforce := opts.DriftMode == pimv1alpha1.DriftModeEnforce
	switch {
	case len(retry) > 0 && enforce:
		return Decision{Action: ActionUpdate, Changes: append(retry, drift...), Drift: drift, Locked: locked}
	case len(retry) > 0:
		return Decision{Action: ActionUpdate, Changes: retry, Drift: drift, Locked: locked}
	case len(drift) == 0:
		return Decision{Action: ActionUnchanged, Locked: locked}
	case enforce:
		return Decision{Action: ActionCorrect, Changes: drift, Drift: drift, Locked: locked}
	default:
		return Decision{Action: ActionDrifted, Drift: drift, Locked: locked}
	}
}

// driftOf is the drift among differences Plytix did not cause: none when drift detection is
// disabled, and never on ignored targets.
func driftOf(changes []Change, opts Options) []Change {
	if opts.DriftMode == pimv1alpha1.DriftModeDisabled {
		return nil
	}
	drift, _ := split(changes, func(c Change) bool { return !opts.Ignored[c.Target()] })
	return drift
}

// Orphan decides about a Centra product whose Plytix product is gone from the scope: with
// DeletionPolicyDeactivate its active display is switched off, otherwise it is only reported.
// The engine passes DeletionPolicyOrphan for a product Plytix still has outside the scope (its
// filters may leave it to another CatalogSync): only a product gone from Plytix altogether is
// ever deactivated.
func Orphan(observed *catalog.Product, policy pimv1alpha1.DeletionPolicy) Decision {
	if policy == pimv1alpha1.DeletionPolicyDeactivate && isActive(observed) {
		return Decision{Action: ActionDeactivate}
	}
	return Decision{Action: ActionOrphaned}
}

// isActive reports whether the product is live in this sync's store, which its display
// decides; the product's own status is shared with other stores and is not ours to change.
func isActive(p *catalog.Product) bool {
	return p.Display != nil && p.Display.Status == catalog.StatusActive
}

func hasStructural(changes []Change) bool {
	return slices.ContainsFunc(changes, func(c Change) bool { return c.Structural() })
}

// split returns the changes keep accepts, and the rest.
func split(changes []Change, keep func(Change) bool) (kept, rest []Change) {
	for _, c := range changes {
		if keep(c) {
			kept = append(kept, c)
		} else {
			rest = append(rest, c)
		}
	}
	return kept, rest
}
