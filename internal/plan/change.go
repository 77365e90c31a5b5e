package plan

import "github.com/catalogsync/catalogsync-operator/internal/catalog"

// Kind says what a change does to the object its locator names.
type Kind int

// Change kinds.
const (
	// KindField sets a Centra field (Locator.Field).
	KindField Kind = iota
	// KindAttribute sets a custom attribute element (Locator.Attribute).
	KindAttribute
	// KindCreate creates the object itself: a variant, a size or the store's display.
	KindCreate
	// KindSizeChart is a variant whose size chart differs; Centra sets it only once.
	KindSizeChart
	// KindMedia adds an image to the product or the variant (Change.To is its URL).
	KindMedia
	// KindCategory adds the display to a category (Change.To names it).
	KindCategory
	// KindMarket adds the display to a market (Change.To names it).
	KindMarket
	// KindDisplayVariant activates a variant on the display.
	KindDisplayVariant
)

// Locator says exactly where a change lands: the level, what there, and the variant and size it
// belongs to. Writes decide what to send from it; the names users read (Target, Object) are
// derived from it, never parsed back.
type Locator struct {
	Level catalog.Level
	Kind  Kind
	// Field is the Centra field name of a KindField change.
	Field string
	// Attribute is the custom attribute element of a KindAttribute change.
	Attribute catalog.AttributeKey
	// VariantNumber and SizeName locate variant and size changes (and the variant a display
	// activates); SKU is the size's.
	VariantNumber string
	SizeName      string
	SKU           string
}

// Target names what changes, as status rows, drift settings and plans do: product.name,
// attribute:pr_fit.value, or a structural target such as structure.variant.
func (l Locator) Target() string {
	switch l.Kind {
	case KindAttribute:
		return l.Attribute.String()
	case KindCreate:
		return "structure." + l.Level.String()
	case KindSizeChart:
		return TargetSizeChart
	case KindMedia:
		return l.Level.String() + ".media"
	case KindCategory:
		return TargetCategories
	case KindMarket:
		return TargetMarkets
	case KindDisplayVariant:
		return TargetDisplayVariants
	}
	return l.Level.String() + "." + l.Field
}

// Object names where the change lands, for people: product, display, variant <number> or size
// <SKU>.
func (l Locator) Object() string {
	switch l.Level {
	case catalog.LevelVariant:
		return "variant " + l.VariantNumber
	case catalog.LevelSize:
		return "size " + l.SKU
	}
	return l.Level.String()
}

// Structural reports a change that adds a part of the product's structure in the store: a
// variant, a size, the display, or a variant's activation on it.
func (l Locator) Structural() bool { return l.Kind == KindCreate || l.Kind == KindDisplayVariant }

// Creates reports a change that creates the object of a level: a variant, a size, the display.
func (l Locator) Creates(level catalog.Level) bool { return l.Kind == KindCreate && l.Level == level }

// FieldAt locates a field of the product, the display, a variant or a size.
func FieldAt(level catalog.Level, field string) Locator {
	return Locator{Level: level, Kind: KindField, Field: field}
}

// Change is one difference between the desired and the observed product.
type Change struct {
	Locator
	// From and To are the values for people (an attribute's option names, joined).
	From string
	To   string
	// Want and Have are an attribute change's desired and observed values, with the option ids
	// the write assigns and unassigns.
	Want catalog.AttributeValue
	Have catalog.AttributeValue
	// SKUs are the sellable items the change affects.
	SKUs []string
}

// Targets of changes that are not a mapped attribute's value, as status rows name them.
const (
	TargetVariant         = "structure.variant"
	TargetSize            = "structure.size"
	TargetDisplay         = "structure.display"
	TargetSizeChart       = "structure.sizeChart"
	TargetBrand           = "product.brand"
	TargetName            = "product.name"
	TargetCategories      = "display.categories"
	TargetMarkets         = "display.markets"
	TargetDisplayVariants = "display.variants"
	TargetProductMedia    = "product.media"
)
