package v1alpha1

// OwnedByCentraPattern matches target names of stock, inventory, quantity, cost and price
// fields. Centra and the WMS own them; no rule may write them, whatever the spelling.
// (Kept in sync with the CEL rules below, which cannot reference Go constants.)
const OwnedByCentraPattern = `(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)`

// AttributeRule maps one Plytix attribute or system field to one Centra target.
type AttributeRule struct {
	// from is the Plytix value the rule reads.
	// +required
	From RuleSource `json:"from"`

	// to is the one Centra field or custom attribute the rule writes.
	// +required
	To RuleTarget `json:"to"`

	// required blocks a product that has no value for this rule, reported per SKU, instead of
	// writing it without the value.
	// +optional
	Required bool `json:"required,omitempty"`

	// default is written when Plytix has no value, before transforms run.
	// +kubebuilder:validation:MaxLength=4096
	// +optional
	Default *string `json:"default,omitempty"`

	// transforms run in order on the Plytix value before it is written.
	// +kubebuilder:validation:MaxItems=8
	// +listType=atomic
	// +optional
	Transforms []Transform `json:"transforms,omitempty"`
}

// SystemField is a Plytix system field (docs/reference/plytix-api.md §8).
// +kubebuilder:validation:Enum=sku;label;gtin;status;categories;assets;thumbnail;created;modified
type SystemField string

// RuleSource names exactly one Plytix attribute or system field.
// +kubebuilder:validation:XValidation:rule="has(self.attribute) != has(self.system)",message="from needs exactly one of attribute (a Plytix attribute label) or system (a Plytix system field)"
type RuleSource struct {
	// attribute is the label of a Plytix custom attribute (the snake_case key, not the display name).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_]+$`
	// +optional
	Attribute string `json:"attribute,omitempty"`

	// system is a Plytix system field: sku, label, gtin, status, categories, assets,
	// thumbnail, created or modified.
	// +optional
	System SystemField `json:"system,omitempty"`
}

// RuleTarget names exactly one Centra field or custom attribute.
// +kubebuilder:validation:XValidation:rule="(has(self.productField) ? 1 : 0) + (has(self.variantField) ? 1 : 0) + (has(self.sizeField) ? 1 : 0) + (has(self.displayField) ? 1 : 0) + (has(self.attribute) ? 1 : 0) == 1",message="to needs exactly one target: productField, variantField, sizeField, displayField or attribute"
type RuleTarget struct {
	// productField is a Centra product field: name, harmonizedCommodityCode,
	// harmonizedCommodityCodeDescription, countryOfOrigin or weight.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
	// +kubebuilder:validation:XValidation:rule="self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)') || self in ['name', 'harmonizedCommodityCode', 'harmonizedCommodityCodeDescription', 'countryOfOrigin', 'weight']",message="productField must be one of name, harmonizedCommodityCode, harmonizedCommodityCodeDescription, countryOfOrigin, weight"
	// +optional
	ProductField string `json:"productField,omitempty"`

	// variantField is a Centra product variant field: name. The variant number is not mappable:
	// it is derived from the Plytix SKUs so that Centra's SKU (product + variant + size number)
	// equals each Plytix SKU. internalName is not offered: reading it back needs an extra
	// permission, and a field the operator cannot read back could never be compared.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
	// +kubebuilder:validation:XValidation:rule="self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)') || self in ['name']",message="variantField must be name"
	// +optional
	VariantField string `json:"variantField,omitempty"`

	// sizeField is a Centra size field: EAN or UPC.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
	// +kubebuilder:validation:XValidation:rule="self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)') || self in ['EAN', 'UPC']",message="sizeField must be one of EAN, UPC"
	// +optional
	SizeField string `json:"sizeField,omitempty"`

	// displayField is a field of the product's display in the store: name, description,
	// shortDescription, metaTitle, metaDescription, metaKeywords, uri or tags.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
	// +kubebuilder:validation:XValidation:rule="self.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)') || self in ['name', 'description', 'shortDescription', 'metaTitle', 'metaDescription', 'metaKeywords', 'uri', 'tags']",message="displayField must be one of name, description, shortDescription, metaTitle, metaDescription, metaKeywords, uri, tags"
	// +optional
	DisplayField string `json:"displayField,omitempty"`

	// attribute is a Centra custom attribute.
	// +optional
	Attribute *AttributeTarget `json:"attribute,omitempty"`
}

// AttributeLevel is the Centra object a custom attribute is set on.
// +kubebuilder:validation:Enum=Product;Variant;Display
type AttributeLevel string

const (
	// AttributeLevelProduct sets the attribute on the Centra product.
	AttributeLevelProduct AttributeLevel = "Product"
	// AttributeLevelVariant sets the attribute on each Centra product variant (colour).
	AttributeLevelVariant AttributeLevel = "Variant"
	// AttributeLevelDisplay sets the attribute on the product's display in the store.
	AttributeLevelDisplay AttributeLevel = "Display"
)

// AttributeTarget is a Centra custom attribute: its type, the element within it, and the
// object it is set on. Mapped types take the id of the option whose value matches; dynamic
// types take the value as a string.
// +kubebuilder:validation:XValidation:rule="!self.typeName.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
// +kubebuilder:validation:XValidation:rule="!has(self.elementKey) || !self.elementKey.matches('(?i)(stock|inventor|quantit|qty|price|cost|warehouse|allocation)')",message="Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them, not even as an attribute element"
type AttributeTarget struct {
	// typeName is the Centra attribute type name, as defined in Centra's configuration.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +required
	TypeName string `json:"typeName"`

	// elementKey is the element of the type to write, such as text.
	// +kubebuilder:default=text
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +optional
	ElementKey string `json:"elementKey,omitempty"`

	// level is the object the attribute is set on: Product, Variant or Display.
	// +kubebuilder:default=Product
	// +optional
	Level AttributeLevel `json:"level,omitempty"`
}

// TransformType names a transform.
// +kubebuilder:validation:Enum=Trim;Case;Lookup;Template;Join;Truncate;ConvertUnit;StripControl
type TransformType string

// The transforms, applied in order to a Plytix value.
const (
	TransformTrim        TransformType = "Trim"
	TransformCase        TransformType = "Case"
	TransformLookup      TransformType = "Lookup"
	TransformTemplate    TransformType = "Template"
	TransformJoin        TransformType = "Join"
	TransformTruncate    TransformType = "Truncate"
	TransformConvertUnit TransformType = "ConvertUnit"
	// TransformStripControl removes invalid UTF-8, control characters other than tab and line
	// breaks, and bidirectional embeddings, overrides and isolates, which a value otherwise
	// fails with.
	TransformStripControl TransformType = "StripControl"
)

// CaseStyle is the letter case a Case transform produces.
// +kubebuilder:validation:Enum=Upper;Lower;Title
type CaseStyle string

// Transform changes a value on its way from Plytix to Centra. Set type and the one field that
// belongs to it: case for Case, lookup for Lookup, template for Template, separator for Join,
// maxLength for Truncate, unit for ConvertUnit; Trim and StripControl take nothing.
// +kubebuilder:validation:XValidation:rule="(self.type == 'Case') == has(self.case)",message="case is set exactly when type is Case"
// +kubebuilder:validation:XValidation:rule="(self.type == 'Lookup') == has(self.lookup)",message="lookup is set exactly when type is Lookup"
// +kubebuilder:validation:XValidation:rule="(self.type == 'Template') == has(self.template)",message="template is set exactly when type is Template"
// +kubebuilder:validation:XValidation:rule="(self.type == 'Join') == has(self.separator)",message="separator is set exactly when type is Join"
// +kubebuilder:validation:XValidation:rule="(self.type == 'Truncate') == has(self.maxLength)",message="maxLength is set exactly when type is Truncate"
// +kubebuilder:validation:XValidation:rule="(self.type == 'ConvertUnit') == has(self.unit)",message="unit is set exactly when type is ConvertUnit"
type Transform struct {
	// type of the transform.
	// +required
	Type TransformType `json:"type"`

	// case is Upper, Lower or Title, for Case.
	// +optional
	Case CaseStyle `json:"case,omitempty"`

	// lookup replaces whole values, for Lookup. A value with no entry fails the attribute for that
	// SKU; the rule's default does not rescue it, because the default stands in only for a value
	// Plytix does not have.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=500
	// +listType=map
	// +listMapKey=from
	// +optional
	Lookup []LookupEntry `json:"lookup,omitempty"`

	// template builds a string, for Template: {{value}} is the current value and
	// {{attributes.<label>}} another Plytix attribute of the same product.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self.matches('^([^{}]|[{][{][ \t]*(value|attributes[.][A-Za-z0-9_]+)[ \t]*[}][}])*$')",message="template may hold only the placeholders {{value}} and {{attributes.<label>}}, each in double braces; a stray brace or another name is not allowed"
	// +optional
	Template string `json:"template,omitempty"`

	// separator joins list values (multiselect, categories) into one string, for Join.
	// +kubebuilder:validation:MaxLength=16
	// +optional
	Separator *string `json:"separator,omitempty"`

	// maxLength is the most characters kept, for Truncate; longer values are cut at a word
	// boundary where there is one.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65536
	// +optional
	MaxLength *int32 `json:"maxLength,omitempty"`

	// unit converts a number between units, for ConvertUnit.
	// +optional
	Unit *UnitConversion `json:"unit,omitempty"`
}

// Unit is a unit of length, mass or volume.
// +kubebuilder:validation:Enum=mm;cm;m;in;ft;g;kg;oz;lb;ml;l
type Unit string

// UnitConversion converts a number from one unit to another of the same kind.
// +kubebuilder:validation:XValidation:rule="(self.from in ['mm', 'cm', 'm', 'in', 'ft']) == (self.to in ['mm', 'cm', 'm', 'in', 'ft']) && (self.from in ['g', 'kg', 'oz', 'lb']) == (self.to in ['g', 'kg', 'oz', 'lb'])",message="unit.from and unit.to must both be lengths, both masses or both volumes"
type UnitConversion struct {
	// from is the unit the Plytix value is in.
	// +required
	From Unit `json:"from"`
	// to is the unit Centra expects.
	// +required
	To Unit `json:"to"`
	// precision is the number of decimals kept.
	// +kubebuilder:default=2
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=6
	// +optional
	Precision int32 `json:"precision,omitempty"`
}
