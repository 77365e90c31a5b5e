package catalog

// Reference is the Centra reference data a mapping resolves names against, read once per run.
type Reference struct {
	// Store is the configured store.
	Store Store
	// Markets are the store's markets by name.
	Markets map[string]int
	// Brands by name, with the stores each is enabled in.
	Brands map[string]Brand
	// SizeCharts by name.
	SizeCharts map[string]SizeChart
	// Categories of the store by name.
	Categories map[string]int
	// Collections and Folders by name.
	Collections map[string]int
	Folders     map[string]int
	// AttributeTypes by type name.
	AttributeTypes map[string]AttributeType
}

// Store is a Centra store.
type Store struct {
	ID   int
	Name string
}

// Brand is a Centra brand.
type Brand struct {
	ID       int
	Name     string
	StoreIDs []int
}

// EnabledIn reports whether the brand is enabled in the store: a product whose brand is not
// is invisible there (docs/reference/centra-api.md §7, the visibility checklist).
func (b Brand) EnabledIn(storeID int) bool {
	for _, id := range b.StoreIDs {
		if id == storeID {
			return true
		}
	}
	return false
}

// SizeChart is a Centra size chart and its sizes, in order.
type SizeChart struct {
	ID    int
	Name  string
	Sizes []string
}

// HasSize reports whether the chart has the named size.
func (c SizeChart) HasSize(name string) bool {
	for _, s := range c.Sizes {
		if s == name {
			return true
		}
	}
	return false
}

// AttributeType is a Centra custom attribute type (docs/reference/centra-api.md §4).
type AttributeType struct {
	Name string
	// ObjectType is Product, ProductVariant, Display, ...
	ObjectType string
	// Mapped types take option ids; dynamic ones take strings.
	Mapped   bool
	Multi    bool
	Elements map[string]string // element key → kind (INPUT, TEXTAREA, BOOLEAN, SELECT, ...)
	// Options are the mapped values: option name → id.
	Options map[string]int
}

// ProductSummary is a Centra product's identity, for finding orphans.
type ProductSummary struct {
	ID            int
	ProductNumber string
	Status        string
}
