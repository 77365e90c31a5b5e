package centra

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Ref refers to an object by exactly one of id, external id, name (sizes) or code
// (countries): Centra rejects reference inputs with zero or several fields (§3.1).
type Ref struct {
	id         int
	externalID string
	name       string
	code       string
	remove     bool
}

// ByID refers to an object by its Centra id.
func ByID(id int) Ref { return Ref{id: id} }

// ByExternalID refers to an object by the external id it was created with (§3.11).
func ByExternalID(externalID string) Ref { return Ref{externalID: externalID} }

// ByName refers to a size of the variant's chart by name (SizeInput, §2.4).
func ByName(name string) Ref { return Ref{name: name} }

// ByCode refers to a country by ISO code (NullableCountryInput).
func ByCode(code string) Ref { return Ref{code: code} }

// RemoveRef removes a brand, collection, folder or country from a product on update:
// "To remove X from a product, pass null as id" (§2.2).
func RemoveRef() Ref { return Ref{remove: true} }

var errEmptyRef = errors.New("empty reference: give an id, external id, name or code")

// MarshalJSON writes the one field that is set.
func (r Ref) MarshalJSON() ([]byte, error) {
	switch {
	case r.remove:
		return []byte(`{"id":null}`), nil
	case r.id != 0:
		return json.Marshal(map[string]int{"id": r.id})
	case r.externalID != "":
		return json.Marshal(map[string]string{"externalId": r.externalID})
	case r.name != "":
		return json.Marshal(map[string]string{"name": r.name})
	case r.code != "":
		return json.Marshal(map[string]string{"code": r.code})
	}
	return nil, errEmptyRef
}

func (r Ref) String() string {
	switch {
	case r.remove:
		return "none"
	case r.id != 0:
		return fmt.Sprintf("%d", r.id)
	case r.externalID != "":
		return fmt.Sprintf("external id %q", r.externalID)
	case r.name != "":
		return fmt.Sprintf("%q", r.name)
	}
	return fmt.Sprintf("%q", r.code)
}

// IDRef is a reference by id only (StoreInput, CategoryInput, ProductMediaInput).
type IDRef struct {
	ID int `json:"id"`
}

// MappedAttributeValue assigns a pre-created value of a mapped attribute type by id.
type MappedAttributeValue struct {
	TypeName string `json:"attributeTypeName"`
	ID       int    `json:"attributeId"`
}

// DynamicAttributeValue sets an element of a dynamic attribute type; values are strings (§4).
type DynamicAttributeValue struct {
	TypeName string `json:"attributeTypeName"`
	Key      string `json:"attributeElementKey"`
	Value    string `json:"attributeElementValue"`
}

// MappedAttributeRemoval unassigns a mapped value; ID 0 unassigns every value of the type.
type MappedAttributeRemoval struct {
	TypeName string `json:"attributeTypeName"`
	ID       int    `json:"attributeId,omitempty"`
}

// DynamicAttributeRemoval clears an element of a dynamic attribute type.
type DynamicAttributeRemoval struct {
	TypeName string `json:"attributeTypeName"`
	Key      string `json:"attributeElementKey"`
}

// ProductCreate creates a product with its variants, sizes and attributes nested in one
// mutation (ProductCreateInput, §2.2, §3.4).
type ProductCreate struct {
	ProductNumber                      string                  `json:"productNumber"`
	Name                               string                  `json:"name"`
	Status                             ProductStatus           `json:"status"`
	ExternalID                         string                  `json:"externalId,omitempty"`
	HarmonizedCommodityCode            string                  `json:"harmonizedCommodityCode,omitempty"`
	HarmonizedCommodityCodeDescription string                  `json:"harmonizedCommodityCodeDescription,omitempty"`
	IsSerializableProduct              *bool                   `json:"isSerializableProduct,omitempty"`
	Weight                             *Weight                 `json:"weight,omitempty"`
	Brand                              *Ref                    `json:"brand,omitempty"`
	Collection                         *Ref                    `json:"collection,omitempty"`
	Folder                             *Ref                    `json:"folder,omitempty"`
	CountryOfOrigin                    *Ref                    `json:"countryOfOrigin,omitempty"`
	MappedAttributes                   []MappedAttributeValue  `json:"assignMappedAttributes,omitempty"`
	DynamicAttributes                  []DynamicAttributeValue `json:"assignDynamicAttributes,omitempty"`
	Variants                           []VariantSpec           `json:"addProductVariants,omitempty"`
}

// VariantSpec is a variant created inside createProduct (ProductVariantOnProductCreateInput);
// VariantCreate adds the product and an external id for createProductVariant.
type VariantSpec struct {
	Name          string `json:"name"`
	Status        Status `json:"status"`
	VariantNumber string `json:"variantNumber,omitempty"`
	InternalName  string `json:"internalName,omitempty"`
	// SizeChart can be set only once (§2.3).
	SizeChart         *Ref                    `json:"sizeChart,omitempty"`
	Sizes             []SizeSpec              `json:"productSizes,omitempty"`
	MappedAttributes  []MappedAttributeValue  `json:"assignMappedAttributes,omitempty"`
	DynamicAttributes []DynamicAttributeValue `json:"assignDynamicAttributes,omitempty"`
}

// SizeSpec activates a size of the variant's chart (ProductSizeCreateOnProductVariantInput).
type SizeSpec struct {
	Size       Ref    `json:"size"`
	EAN        string `json:"EAN,omitempty"`
	UPC        string `json:"UPC,omitempty"`
	SizeNumber string `json:"sizeNumber,omitempty"`
	IsActive   bool   `json:"isActive"`
}

// VariantCreate adds a variant to an existing product (ProductVariantCreateInput).
type VariantCreate struct {
	Product Ref `json:"product"`
	VariantSpec
	ExternalID string `json:"externalId,omitempty"`
}

// SizeCreate activates one size on an existing variant (ProductSizeCreateInput).
type SizeCreate struct {
	ProductVariant Ref `json:"productVariant"`
	SizeSpec
}

// ProductUpdate changes only the fields that are set (ProductUpdateInput, §3.6).
type ProductUpdate struct {
	Name                               *string                   `json:"name,omitempty"`
	Status                             *ProductStatus            `json:"status,omitempty"`
	ProductNumber                      *string                   `json:"productNumber,omitempty"`
	HarmonizedCommodityCode            *string                   `json:"harmonizedCommodityCode,omitempty"`
	HarmonizedCommodityCodeDescription *string                   `json:"harmonizedCommodityCodeDescription,omitempty"`
	IsSerializableProduct              *bool                     `json:"isSerializableProduct,omitempty"`
	Weight                             *Weight                   `json:"weight,omitempty"`
	Brand                              *Ref                      `json:"brand,omitempty"`
	Collection                         *Ref                      `json:"collection,omitempty"`
	Folder                             *Ref                      `json:"folder,omitempty"`
	CountryOfOrigin                    *Ref                      `json:"countryOfOrigin,omitempty"`
	AssignMapped                       []MappedAttributeValue    `json:"assignMappedAttributes,omitempty"`
	UnassignMapped                     []MappedAttributeRemoval  `json:"unassignMappedAttributes,omitempty"`
	AssignDynamic                      []DynamicAttributeValue   `json:"assignDynamicAttributes,omitempty"`
	UnassignDynamic                    []DynamicAttributeRemoval `json:"unassignDynamicAttributes,omitempty"`
	ExternalID                         *string                   `json:"externalId,omitempty"`
}

// VariantUpdate changes only the fields that are set (ProductVariantUpdateInput).
type VariantUpdate struct {
	Name            *string                   `json:"name,omitempty"`
	Status          *Status                   `json:"status,omitempty"`
	VariantNumber   *string                   `json:"variantNumber,omitempty"`
	InternalName    *string                   `json:"internalName,omitempty"`
	SizeChart       *Ref                      `json:"sizeChart,omitempty"`
	AssignMapped    []MappedAttributeValue    `json:"assignMappedAttributes,omitempty"`
	UnassignMapped  []MappedAttributeRemoval  `json:"unassignMappedAttributes,omitempty"`
	AssignDynamic   []DynamicAttributeValue   `json:"assignDynamicAttributes,omitempty"`
	UnassignDynamic []DynamicAttributeRemoval `json:"unassignDynamicAttributes,omitempty"`
	ExternalID      *string                   `json:"externalId,omitempty"`
}

// SizeUpdate changes only the fields that are set; an empty EAN or UPC unsets it (§2.4).
type SizeUpdate struct {
	EAN        *string `json:"EAN,omitempty"`
	UPC        *string `json:"UPC,omitempty"`
	SizeNumber *string `json:"sizeNumber,omitempty"`
	IsActive   *bool   `json:"isActive,omitempty"`
}

// MediaAdd adds a product media item to a display.
type MediaAdd struct {
	ProductMedia IDRef `json:"productMedia"`
}

// VariantAdd activates a variant on a display; it must be a variant of the display's
// product (§2.1).
type VariantAdd struct {
	ProductVariant Ref `json:"productVariant"`
}

// DisplayCreate presents a product in a store (DisplayCreateInput, §2.5). The URI is
// generated from the name when empty.
type DisplayCreate struct {
	Store              IDRef        `json:"store"`
	Product            Ref          `json:"product"`
	Name               string       `json:"name"`
	Status             Status       `json:"status"`
	URI                string       `json:"uri,omitempty"`
	Description        string       `json:"description,omitempty"`
	ShortDescription   string       `json:"shortDescription,omitempty"`
	MetaTitle          string       `json:"metaTitle,omitempty"`
	MetaDescription    string       `json:"metaDescription,omitempty"`
	MetaKeywords       string       `json:"metaKeywords,omitempty"`
	Tags               []string     `json:"tags,omitempty"`
	CanonicalCategory  *IDRef       `json:"canonicalCategory,omitempty"`
	AddCategories      []IDRef      `json:"addCategories,omitempty"`
	AddMarkets         []Ref        `json:"addMarkets,omitempty"`
	AddProductMedia    []MediaAdd   `json:"addProductMedia,omitempty"`
	AddProductVariants []VariantAdd `json:"addProductVariants,omitempty"`
}

// DisplayUpdate changes only the fields that are set; collections change only through
// add/remove deltas (§2.5). An empty URI regenerates it from the name.
type DisplayUpdate struct {
	Name                  *string      `json:"name,omitempty"`
	Status                *Status      `json:"status,omitempty"`
	URI                   *string      `json:"uri,omitempty"`
	Description           *string      `json:"description,omitempty"`
	ShortDescription      *string      `json:"shortDescription,omitempty"`
	MetaTitle             *string      `json:"metaTitle,omitempty"`
	MetaDescription       *string      `json:"metaDescription,omitempty"`
	MetaKeywords          *string      `json:"metaKeywords,omitempty"`
	Tags                  *[]string    `json:"tags,omitempty"`
	CanonicalCategory     *IDRef       `json:"canonicalCategory,omitempty"`
	AddCategories         []IDRef      `json:"addCategories,omitempty"`
	RemoveCategories      []IDRef      `json:"removeCategories,omitempty"`
	AddMarkets            []Ref        `json:"addMarkets,omitempty"`
	RemoveMarkets         []Ref        `json:"removeMarkets,omitempty"`
	AddProductMedia       []MediaAdd   `json:"addProductMedia,omitempty"`
	RemoveProductMedia    []IDRef      `json:"removeProductMedia,omitempty"`
	AddProductVariants    []VariantAdd `json:"addProductVariants,omitempty"`
	RemoveProductVariants []Ref        `json:"removeProductVariants,omitempty"`
}

// AttributeAssignment sets custom attributes on one object (AttributesAssignGenericInput).
type AttributeAssignment struct {
	ObjectType AttributeObjectType     `json:"objectType"`
	ObjectID   int                     `json:"objectId"`
	Mapped     []MappedAttributeValue  `json:"mappedAttributes,omitempty"`
	Dynamic    []DynamicAttributeValue `json:"dynamicAttributes,omitempty"`
}

// AttributeUnassignment clears custom attributes of one object.
type AttributeUnassignment struct {
	ObjectType AttributeObjectType       `json:"objectType"`
	ObjectID   int                       `json:"objectId"`
	Mapped     []MappedAttributeRemoval  `json:"mappedAttributes,omitempty"`
	Dynamic    []DynamicAttributeRemoval `json:"dynamicAttributes,omitempty"`
}

// MediaItem is one media by URL for createMediaBatch (MediaBatchProductInput, §3.10).
type MediaItem struct {
	ProductID int `json:"productId"`
	// VariantID connects the media to a variant directly; 0 means the product.
	VariantID    int    `json:"variantId,omitempty"`
	MediaType    string `json:"mediaType"`
	URL          string `json:"url"`
	MetaDataJSON string `json:"metaDataJSON,omitempty"`
	AltText      string `json:"altText,omitempty"`
}

// Ptr returns a pointer to v, for the optional fields of update inputs.
func Ptr[T any](v T) *T { return &v }

// isEmptyInput reports an update that would change nothing: the client sends nothing then
// ("send nothing on an unchanged catalogue", docs/design.md §6).
func isEmptyInput(v any) bool {
	b, err := json.Marshal(v)
	return err == nil && string(b) == "{}"
}

// IsEmpty reports whether the update changes nothing.
func (u ProductUpdate) IsEmpty() bool { return isEmptyInput(u) }

// IsEmpty reports whether the update changes nothing.
func (u VariantUpdate) IsEmpty() bool { return isEmptyInput(u) }

// IsEmpty reports whether the update changes nothing.
func (u SizeUpdate) IsEmpty() bool { return isEmptyInput(u) }

// IsEmpty reports whether the update changes nothing.
func (u DisplayUpdate) IsEmpty() bool { return isEmptyInput(u) }
