package catalog

// Product is a Centra product as the sync wants it (desired) or as Centra has it (observed),
// keyed by names rather than ids so the two compare directly. IDs are filled on observed
// products only.
type Product struct {
	ID            int
	ProductNumber string
	// ExternalID identifies the Plytix product the Centra product was created from.
	ExternalID string
	Name       string
	// Status is ACTIVE or INACTIVE.
	Status string
	Brand  string
	// Fields are the other product fields a rule may write, by Centra field name.
	Fields     map[string]string
	Attributes Attributes
	Variants   []Variant
	// Display is the product's display in the configured store; nil when there is none.
	Display *Display
	// MediaURLs are the source URLs of the product's images.
	MediaURLs []string
}

// Variant is a Centra product variant: one colour of a product.
type Variant struct {
	ID            int
	VariantNumber string
	Name          string
	Status        string
	SizeChart     string
	Fields        map[string]string
	Attributes    Attributes
	Sizes         []Size
	MediaURLs     []string
}

// Size is an activated size of a variant: a sellable SKU.
type Size struct {
	ID int
	// Name is the size chart's size name, such as M or 42.
	Name       string
	SizeNumber string
	// SKU is productNumber + variantNumber + sizeNumber (docs/reference/centra-api.md §2.4); read-only in Centra.
	SKU    string
	Fields map[string]string // EAN, UPC
	// SourceSKU is the Plytix variant SKU this size comes from (desired only).
	SourceSKU string
}

// Display is a product's presentation in one store.
type Display struct {
	ID         int
	Name       string
	Status     string
	Fields     map[string]string
	Categories []string
	Markets    []string
	// Variants are the variant numbers activated on the display.
	Variants   []string
	Attributes Attributes
}

// AttributeKey names a custom attribute element: attribute:<type>.<element>.
type AttributeKey struct {
	TypeName   string
	ElementKey string
}

// String renders the key as in status rows.
func (k AttributeKey) String() string { return "attribute:" + k.TypeName + "." + k.ElementKey }

// AttributeValue is a custom attribute value: the text of a dynamic attribute, or the option
// names of a mapped one (OptionIDs resolved on desired values, read back on observed ones).
type AttributeValue struct {
	Mapped    bool
	Text      string
	Options   []string
	OptionIDs []int
}

// Attributes are custom attribute values by key.
type Attributes map[AttributeKey]AttributeValue

// FindVariant returns the variant with the given number.
func (p *Product) FindVariant(number string) *Variant {
	for i := range p.Variants {
		if p.Variants[i].VariantNumber == number {
			return &p.Variants[i]
		}
	}
	return nil
}

// FindSize returns the size with the given name.
func (v *Variant) FindSize(name string) *Size {
	for i := range v.Sizes {
		if v.Sizes[i].Name == name {
			return &v.Sizes[i]
		}
	}
	return nil
}

// DisplayedProduct is a product displayed in the store: its identity and brand, enough to leave
// out the products of other brands before reading any in full.
type DisplayedProduct struct {
	ProductSummary
	// Brand is the brand's name; empty for a product without one.
	Brand string
}
