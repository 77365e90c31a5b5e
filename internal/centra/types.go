package centra

import (
	"encoding/json"
	"fmt"
	"time"
)

// ProductStatus is a product's status. ACTIVE and INACTIVE are verified; CANCELLED and
// ARCHIVED are inferred from the back office (§2.2), so unknown values are kept as they are.
type ProductStatus string

// Product statuses.
const (
	ProductActive    ProductStatus = "ACTIVE"
	ProductInactive  ProductStatus = "INACTIVE"
	ProductCancelled ProductStatus = "CANCELLED"
	ProductArchived  ProductStatus = "ARCHIVED"
)

// Status is the status of variants and displays (§2.2).
type Status string

// Statuses.
const (
	Active   Status = "ACTIVE"
	Inactive Status = "INACTIVE"
)

// AttributeObjectType is the kind of object an attribute hangs on (§4).
type AttributeObjectType string

// The attribute object types the client writes.
const (
	AttributesOnProduct AttributeObjectType = "Product"
	AttributesOnVariant AttributeObjectType = "ProductVariant"
	AttributesOnDisplay AttributeObjectType = "Display"
)

// NamedRef is an object known by id and name.
type NamedRef struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Weight is a product weight.
type Weight struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Product is the observed state of a Centra product with its variants, sizes, custom
// attributes, media and its displays in the configured store.
type Product struct {
	ID                                 int
	ProductNumber                      string
	Name                               string
	Status                             ProductStatus
	ExternalID                         string
	HarmonizedCommodityCode            string
	HarmonizedCommodityCodeDescription string
	IsSerializable                     bool
	Weight                             *Weight
	CountryOfOrigin                    string
	Brand                              *NamedRef
	Collection                         *NamedRef
	Folder                             *NamedRef
	CreatedAt                          time.Time
	UpdatedAt                          time.Time
	Attributes                         []Attribute
	Variants                           []Variant
	Displays                           []Display
	Media                              []Media
}

// Variant is an observed product variant.
type Variant struct {
	ID            int
	VariantNumber string
	Name          string
	Status        Status
	ExternalID    string
	UpdatedAt     time.Time
	SizeChart     *NamedRef
	Attributes    []Attribute
	Sizes         []Size
}

// Size is an activated size of a variant. SKU is read-only: product number + variant
// number + size number (§2.4).
type Size struct {
	ID         int
	SKU        string
	EAN        string
	UPC        string
	SizeNumber string
	Active     bool
	// SizeID and SizeName identify the size of the chart.
	SizeID   int
	SizeName string
}

// Display is an observed display.
type Display struct {
	ID                  int
	StoreID             int
	Name                string
	Status              Status
	URI                 string
	Description         string
	ShortDescription    string
	MetaTitle           string
	MetaDescription     string
	MetaKeywords        string
	Tags                []string
	UpdatedAt           time.Time
	Markets             []NamedRef
	Categories          []NamedRef
	CanonicalCategoryID int
	// VariantIDs are the variants activated on the display, MediaIDs its media.
	VariantIDs []int
	MediaIDs   []int
	Attributes []Attribute
}

// Media is a product media item. SourceURL is the URL it was created from, read from its
// metadata (the client's sourceUrl, or the originalUrl Centra adds, §3.10), the key of
// deduplication.
type Media struct {
	ID           int
	VariantID    int
	URL          string
	SourceURL    string
	MetaDataJSON string
}

// Attribute is one custom attribute of an object: a mapped value (MappedID set) or the
// values of a dynamic type (§4). Empty values are not returned by Centra.
type Attribute struct {
	TypeName   string
	Mapped     bool
	Multi      bool
	MappedID   int
	MappedName string
	Elements   []AttributeElement
}

// AttributeElement is one element value; for a choice element Value is the selected value.
type AttributeElement struct {
	Key   string
	Kind  string
	Value string
}

// Value returns the value of the element key, or "".
func (a Attribute) Value(key string) string {
	for _, e := range a.Elements {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// timestamp reads the DateTimeTz forms Centra's examples show ("2021-12-31T13:44:23+0100"
// and RFC 3339); anything else is an error rather than a zero time.
func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a DateTimeTz", s)
}

// formatTimestamp writes a DateTimeTz input.
func formatTimestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// mediaSource reads the source URL from a media item's metadata.
func mediaSource(metaJSON string) string {
	var meta struct {
		SourceURL   string `json:"sourceUrl"`
		OriginalURL string `json:"originalUrl"`
	}
	if json.Unmarshal([]byte(metaJSON), &meta) != nil {
		return ""
	}
	if meta.SourceURL != "" {
		return meta.SourceURL
	}
	return meta.OriginalURL
}
