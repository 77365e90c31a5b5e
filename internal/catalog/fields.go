package catalog

import "slices"

// Level is the Centra object a value lives on (docs/reference/centra-api.md §2.1: product,
// variant, size; a display presents a product in one store).
type Level int

// Levels, from the product down, and the display.
const (
	LevelProduct Level = iota
	LevelVariant
	LevelSize
	LevelDisplay
)

// String names the level as targets and plans do: product, variant, size, display.
func (l Level) String() string {
	switch l {
	case LevelVariant:
		return "variant"
	case LevelSize:
		return "size"
	case LevelDisplay:
		return "display"
	}
	return "product"
}

// FieldKind is the shape of a field's value.
type FieldKind int

// Field kinds.
const (
	// TextField takes one string.
	TextField FieldKind = iota
	// NumberField takes a decimal number (the weight, in kilograms).
	NumberField
	// ListField takes several strings, one a line (the display's tags).
	ListField
	// ReferenceField names a Centra object (a brand, collection, folder, country) that the
	// write resolves to its id.
	ReferenceField
)

// Centra field names, as the Integration API spells them (docs/reference/centra-api.md §2.2,
// §2.3, §2.4, §2.5). A name is shared by the levels that have such a field.
const (
	FieldName                               = "name"
	FieldStatus                             = "status"
	FieldBrand                              = "brand"
	FieldCollection                         = "collection"
	FieldFolder                             = "folder"
	FieldHarmonizedCommodityCode            = "harmonizedCommodityCode"
	FieldHarmonizedCommodityCodeDescription = "harmonizedCommodityCodeDescription"
	FieldCountryOfOrigin                    = "countryOfOrigin"
	FieldWeight                             = "weight"
	FieldSizeNumber                         = "sizeNumber"
	FieldEAN                                = "EAN"
	FieldUPC                                = "UPC"
	FieldDescription                        = "description"
	FieldShortDescription                   = "shortDescription"
	FieldMetaTitle                          = "metaTitle"
	FieldMetaDescription                    = "metaDescription"
	FieldMetaKeywords                       = "metaKeywords"
	FieldURI                                = "uri"
	FieldTags                               = "tags"
)

// Statuses of Centra products, variants and displays.
const (
	StatusActive   = "ACTIVE"
	StatusInactive = "INACTIVE"
)

// Field is one Centra field the operator writes.
type Field struct {
	Level Level
	Name  string
	Kind  FieldKind
	// Mappable fields are those an AttributeMapping rule may target; the CRD's productField,
	// variantField, sizeField and displayField rules list exactly these, and a test keeps them
	// equal. The others the operator derives: the brand, collection and folder through lookup
	// tables, the size number from the SKUs, the display status from the publish and deletion
	// policies.
	Mappable bool
}

// Target names the field as status rows, drift settings and plans do: product.weight,
// display.description.
func (f Field) Target() string { return f.Level.String() + "." + f.Name }

// Fields declares every Centra field the operator reads and writes, once. The read side
// (centratarget's conversion of observed products), the create and update inputs, the
// mapping's type checks and the CRD's allowed targets are all tied to it.
var Fields = []Field{
	{Level: LevelProduct, Name: FieldName, Kind: TextField, Mappable: true},
	{Level: LevelProduct, Name: FieldBrand, Kind: ReferenceField},
	{Level: LevelProduct, Name: FieldCollection, Kind: ReferenceField},
	{Level: LevelProduct, Name: FieldFolder, Kind: ReferenceField},
	{Level: LevelProduct, Name: FieldHarmonizedCommodityCode, Kind: TextField, Mappable: true},
	{Level: LevelProduct, Name: FieldHarmonizedCommodityCodeDescription, Kind: TextField, Mappable: true},
	{Level: LevelProduct, Name: FieldCountryOfOrigin, Kind: ReferenceField, Mappable: true},
	{Level: LevelProduct, Name: FieldWeight, Kind: NumberField, Mappable: true},
	{Level: LevelVariant, Name: FieldName, Kind: TextField, Mappable: true},
	{Level: LevelSize, Name: FieldSizeNumber, Kind: TextField},
	{Level: LevelSize, Name: FieldEAN, Kind: TextField, Mappable: true},
	{Level: LevelSize, Name: FieldUPC, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldName, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldDescription, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldShortDescription, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldMetaTitle, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldMetaDescription, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldMetaKeywords, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldURI, Kind: TextField, Mappable: true},
	{Level: LevelDisplay, Name: FieldTags, Kind: ListField, Mappable: true},
	{Level: LevelDisplay, Name: FieldStatus, Kind: TextField},
}

// LookupField finds a field of a level by its Centra name.
func LookupField(level Level, name string) (Field, bool) {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Level == level && f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return Fields[i], true
}

// MappableFields are the names of the fields of a level a rule may target, in table order.
func MappableFields(level Level) []string {
	var names []string
	for _, f := range Fields {
		if f.Level == level && f.Mappable {
			names = append(names, f.Name)
		}
	}
	return names
}
