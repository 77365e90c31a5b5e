package mapping

import "github.com/catalogsync/catalogsync-operator/internal/catalog"

// Failure is one problem with one SKU (or product) and, where there is one, one attribute.
type Failure struct {
	SKU       string
	Attribute string
	// Value is the Plytix value concerned, when there is one (a brand, an axis value).
	Value   string
	Reason  string
	Message string
	// Blocking failures keep the whole product out of Centra; others skip only the value.
	Blocking bool
}

// OutcomeState is what happened to a rule's value for some SKUs.
type OutcomeState int

// Outcome states.
const (
	// OutcomePresent: the value is in the desired product.
	OutcomePresent OutcomeState = iota
	// OutcomeMissing: Plytix has no value (and the rule no default).
	OutcomeMissing
	// OutcomeFailed: the value could not be read, transformed or resolved.
	OutcomeFailed
)

// RuleOutcome is a rule's result for the SKUs that share one value.
type RuleOutcome struct {
	Target string
	Source string
	State  OutcomeState
	SKUs   []string
	Err    string
}

// Built is the result of building one family.
type Built struct {
	// ProductNumber identifies the product in Centra even when it is blocked, so a live product
	// can be found and, if the publish policy says so, deactivated.
	ProductNumber string
	// Product is the desired Centra product; nil when a gate blocked the family.
	Product  *catalog.Product
	Failures []Failure
	Outcomes []RuleOutcome
	// SKUs are the family's sellable SKUs.
	SKUs []string
}

// Blocked reports whether a gate kept the family out of Centra.
func (b *Built) Blocked() bool { return b.Product == nil }
