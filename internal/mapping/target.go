package mapping

import (
	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Level is the Centra object a target lives on.
type Level int

// Target levels.
const (
	LevelProduct Level = iota
	LevelVariant
	LevelSize
	LevelDisplay
)

// Target is one Centra field or custom attribute element a rule writes.
type Target struct {
	// Name is how status rows, drift settings and plans name the target: product.name,
	// variant.name, size.EAN, display.description or attribute:pr_fit.text.
	Name  string
	Level Level
	// Field is the Centra field name for field targets.
	Field string
	// Attribute is set for custom attribute targets.
	Attribute *catalog.AttributeKey
}

// centraObjectTypes are the attribute object types of each level (centra-api.md §4).
var centraObjectTypes = map[Level]string{
	LevelProduct: "Product", LevelVariant: "ProductVariant", LevelDisplay: "Display",
}

// TargetName names a rule's target as status rows do (product.name, attribute:pr_fit.value).
func TargetName(t pimv1alpha1.RuleTarget) string { return targetOf(t).Name }

func targetOf(t pimv1alpha1.RuleTarget) Target {
	switch {
	case t.ProductField != "":
		return Target{Name: "product." + t.ProductField, Level: LevelProduct, Field: t.ProductField}
	case t.VariantField != "":
		return Target{Name: "variant." + t.VariantField, Level: LevelVariant, Field: t.VariantField}
	case t.SizeField != "":
		return Target{Name: "size." + t.SizeField, Level: LevelSize, Field: t.SizeField}
	case t.DisplayField != "":
		return Target{Name: "display." + t.DisplayField, Level: LevelDisplay, Field: t.DisplayField}
	case t.Attribute != nil:
		key := catalog.AttributeKey{TypeName: t.Attribute.TypeName, ElementKey: t.Attribute.ElementKey}
		if key.ElementKey == "" {
			key.ElementKey = "text"
		}
		level := LevelProduct
		switch t.Attribute.Level {
		case pimv1alpha1.AttributeLevelVariant:
			level = LevelVariant
		case pimv1alpha1.AttributeLevelDisplay:
			level = LevelDisplay
		}
		return Target{Name: key.String(), Level: level, Attribute: &key}
	}
	return Target{}
}

// numericFields take numbers; listFields take several values.
var (
	numericFields = map[string]bool{"product.weight": true}
	listFields    = map[string]bool{"display.tags": true}
)
