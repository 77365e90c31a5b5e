package mapping

import (
	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Target is one Centra field or custom attribute element a rule writes.
type Target struct {
	// Name is how status rows, drift settings and plans name the target: product.name,
	// variant.name, size.EAN, display.description or attribute:pr_fit.text.
	Name  string
	Level catalog.Level
	// Field is the Centra field name for field targets.
	Field string
	// Attribute is set for custom attribute targets.
	Attribute *catalog.AttributeKey
}

// centraObjectTypes are the attribute object types of each level (docs/reference/centra-api.md §4).
var centraObjectTypes = map[catalog.Level]string{
	catalog.LevelProduct: "Product", catalog.LevelVariant: "ProductVariant", catalog.LevelDisplay: "Display",
}

// TargetName names a rule's target as status rows do (product.name, attribute:pr_fit.value).
func TargetName(t pimv1alpha1.RuleTarget) string { return targetOf(t).Name }

func targetOf(t pimv1alpha1.RuleTarget) Target {
	switch {
	case t.ProductField != "":
		return fieldTarget(catalog.LevelProduct, t.ProductField)
	case t.VariantField != "":
		return fieldTarget(catalog.LevelVariant, t.VariantField)
	case t.SizeField != "":
		return fieldTarget(catalog.LevelSize, t.SizeField)
	case t.DisplayField != "":
		return fieldTarget(catalog.LevelDisplay, t.DisplayField)
	case t.Attribute != nil:
		key := catalog.AttributeKey{TypeName: t.Attribute.TypeName, ElementKey: t.Attribute.ElementKey}
		if key.ElementKey == "" {
			key.ElementKey = "text"
		}
		level := catalog.LevelProduct
		switch t.Attribute.Level {
		case pimv1alpha1.AttributeLevelVariant:
			level = catalog.LevelVariant
		case pimv1alpha1.AttributeLevelDisplay:
			level = catalog.LevelDisplay
		}
		return Target{Name: key.String(), Level: level, Attribute: &key}
	}
	return Target{}
}

func fieldTarget(level catalog.Level, name string) Target {
	f := catalog.Field{Level: level, Name: name}
	return Target{Name: f.Target(), Level: level, Field: name}
}

// kind is the shape of a field target's value; text for attributes and for a field the table
// lacks (the CRD admits none).
func (t Target) kind() catalog.FieldKind {
	if f, ok := catalog.LookupField(t.Level, t.Field); ok && t.Attribute == nil {
		return f.Kind
	}
	return catalog.TextField
}
