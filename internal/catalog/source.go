// Package catalog is the neutral model the sync engine works in: Plytix products as read
// (source), Centra products as they should be (desired) and as they are (observed), and the
// Centra reference data the mapping resolves names against. It knows neither API's wire format;
// adapters in the engine translate.
package catalog

import "time"

// ValueKind says what a Plytix value is, so a transform or target can tell a number from text.
type ValueKind int

// Value kinds.
const (
	KindText ValueKind = iota
	KindNumber
	KindBool
	KindDate
	KindOption
	KindOptions
	KindMedia
	KindPercent
)

// Value is a decoded Plytix attribute value: one item for a scalar, several for multiselect
// options and media galleries. Items of media values are URLs.
type Value struct {
	Kind  ValueKind
	Items []string
}

// Text returns a scalar text value.
func Text(s string) Value { return Value{Kind: KindText, Items: []string{s}} }

// Empty reports whether the value has no non-blank item.
func (v Value) Empty() bool {
	for _, item := range v.Items {
		if item != "" {
			return false
		}
	}
	return true
}

// SourceProduct is one Plytix product (single, parent or variant) with the attributes the
// mapping needs.
type SourceProduct struct {
	ID       string
	SKU      string
	ParentID string // empty for singles and parents
	Label    string
	Status   string
	GTIN     string
	// Created and Modified are Plytix's timestamps; zero when Plytix did not send them.
	Created  time.Time
	Modified time.Time
	// Categories are category paths joined with " > ".
	Categories []string
	// MediaURLs are the product's images, thumbnail first.
	MediaURLs []string
	// Values are custom attribute values by label; absent or empty means no value.
	Values map[string]Value
	// ValueErrors are attributes whose raw value did not fit their type, by label.
	ValueErrors map[string]string
}

// Family is a Plytix parent with its variants, or a single product (no variants).
type Family struct {
	Parent   SourceProduct
	Variants []SourceProduct
	// Unreadable, when set, says why Plytix could not be read for part of the family (a product
	// alone over the response cap): it is in scope, but not built or written this run.
	Unreadable string
}

// SKUs returns the sellable SKUs of the family: the variants', or the single product's own.
func (f Family) SKUs() []string {
	if len(f.Variants) == 0 {
		return []string{f.Parent.SKU}
	}
	skus := make([]string, len(f.Variants))
	for i, v := range f.Variants {
		skus[i] = v.SKU
	}
	return skus
}

// LastModified is the latest modification time in the family.
func (f Family) LastModified() time.Time {
	latest := f.Parent.Modified
	for _, v := range f.Variants {
		if v.Modified.After(latest) {
			latest = v.Modified
		}
	}
	return latest
}

// AttributeDefinition is a Plytix attribute definition (docs/reference/plytix-api.md §8).
type AttributeDefinition struct {
	Label     string
	Name      string
	TypeClass string
	Options   []string
}
