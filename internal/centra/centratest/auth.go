package centratest

import (
	"net/http"
	"strings"
	"time"
)

// Token is an Integration API access token the sandbox accepts (docs/reference/centra-api.md §1.2).
type Token struct {
	// Value is the secret sent as "Authorization: Bearer <Value>" or "Cookie: graphql-access=<Value>".
	Value string `json:"value"`
	// Permissions are "Type:read"/"Type:write" strings (§1.3). Empty means DefaultPermissions().
	Permissions []string `json:"permissions,omitempty"`
	// IntegrationName scopes id conversions (§3.11).
	IntegrationName string `json:"integrationName,omitempty"`
	// ExpiresAt makes the token expire; zero never expires. An expired token gets 403 (§5.1).
	ExpiresAt time.Time `json:"expiresAt,omitzero"`
}

// DefaultToken is the token a sandbox accepts unless told otherwise.
const DefaultToken = "sandbox-pim-token"

// DefaultIntegrationName is the integration a token belongs to unless told otherwise.
const DefaultIntegrationName = "catalogsync"

// DefaultPermissions is a PIM token's permission set: catalogue read and write, and no
// StockChange:write or Price:write, so stock and price mutations are denied (§1.3, §9.14).
func DefaultPermissions() []string {
	return []string{
		"Store:read", "Market:read", "Brand:read", "Brand:write", "Collection:read", "Folder:read",
		"SizeChart:read", "SizeChart:write", "Category:read", "Attribute:read", "Attribute:write",
		"Product:read", "Product:write", "Product.attributes:read", "Product.attributes:write",
		"Product.countryOfOrigin:read", "Product.internalComment:read",
		"ProductVariant:read", "ProductVariant:write", "ProductVariant.attributes:read",
		"ProductVariant.attributes:write", "ProductVariant.internalName:read", "ProductSize:read",
		"Display:read", "Display:write", "Display.attributes:read", "Display.comment:read",
		"ProductMedia:read", "ProductMedia:write", "Translation:read", "Language:read",
	}
}

// AllPermissions adds the stock and price writes a PIM token must never have; tests use it
// to prove the sandbox would execute those mutations for an ERP token.
func AllPermissions() []string {
	return append(DefaultPermissions(), "StockChange:write", "Price:write", "Pricelist:read", "Warehouse:read")
}

type tokenState struct {
	Token
	perms map[string]bool
}

func newTokenState(t Token) *tokenState {
	if len(t.Permissions) == 0 {
		t.Permissions = DefaultPermissions()
	}
	if t.IntegrationName == "" {
		t.IntegrationName = DefaultIntegrationName
	}
	ts := &tokenState{Token: t, perms: map[string]bool{}}
	for _, p := range t.Permissions {
		ts.perms[p] = true
	}
	return ts
}

func (t *tokenState) allows(perm string) bool { return t.perms[perm] }

// bearer extracts the token from either documented form (docs/reference/centra-api.md §1.2).
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if v, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(v)
		}
		return ""
	}
	if c, err := r.Cookie("graphql-access"); err == nil {
		return c.Value
	}
	return ""
}

// fieldPermissions maps "Type.field" to the permission reading it needs. It follows the
// "Required permission" comments of the schema and the permission names of §1.3; fields
// absent here need none.
var fieldPermissions = map[string]string{
	"Query.products": "Product:read", "Query.product": "Product:read", "Query.productConnection": "Product:read",
	"Query.productVariants": "ProductVariant:read", "Query.productVariant": "ProductVariant:read",
	"Query.productSizes": "ProductSize:read",
	"Query.displays":     "Display:read", "Query.display": "Display:read", "Query.displayConnection": "Display:read",
	"Query.brands": "Brand:read", "Query.brand": "Brand:read",
	"Query.stores":  "Store:read",
	"Query.markets": "Market:read", "Query.market": "Market:read",
	"Query.collections": "Collection:read", "Query.folders": "Folder:read",
	"Query.sizeCharts":     "SizeChart:read",
	"Query.attributeTypes": "Attribute:read", "Query.mappedAttributes": "Attribute:read",
	"Query.categories": "Category:read",
	"Query.mediaBatch": "ProductMedia:read",
	"Query.counters":   "Product:read",

	"Product.attributes": "Product.attributes:read", "Product.brand": "Brand:read",
	"Product.collection": "Collection:read", "Product.countryOfOrigin": "Product.countryOfOrigin:read",
	"Product.displays": "Display:read", "Product.folder": "Folder:read",
	"Product.internalComment": "Product.internalComment:read", "Product.variants": "ProductVariant:read",
	"Product.translations": "Translation:read",

	"ProductVariant.attributes": "ProductVariant.attributes:read", "ProductVariant.displays": "Display:read",
	"ProductVariant.internalName": "ProductVariant.internalName:read", "ProductVariant.productSizes": "ProductSize:read",
	"ProductVariant.sizeChart": "SizeChart:read", "ProductVariant.translations": "Translation:read",

	"ProductSize.productVariant": "ProductVariant:read",
	"Size.sizeChart":             "SizeChart:read",

	"Display.attributes": "Display.attributes:read", "Display.categories": "Category:read",
	"Display.canonicalCategory": "Category:read", "Display.comment": "Display.comment:read",
	"Display.markets": "Market:read", "Display.product": "Product:read", "Display.productVariants": "ProductVariant:read",
	"Display.store": "Store:read", "Display.translations": "Translation:read",

	"Brand.stores": "Store:read", "Brand.products": "Product:read",
	"Market.store": "Store:read", "Market.displays": "Display:read", "Market.comment": "Market.comment:read",
	"Category.store": "Store:read",

	"MappedAttribute.elements": "Attribute:read", "MappedAttribute.type": "Attribute:read",
	"DynamicAttribute.elements": "Attribute:read", "DynamicAttribute.type": "Attribute:read",
	"AttributeType.elements": "Attribute:read",

	"ProductCreatePayload.product": "Product:read", "ProductUpdatePayload.product": "Product:read",
	"ProductVariantCreatePayload.productVariant": "ProductVariant:read",
	"ProductVariantUpdatePayload.productVariant": "ProductVariant:read",
	"ProductSizeCreatePayload.productSize":       "ProductSize:read",
	"ProductSizeUpdatePayload.productSize":       "ProductSize:read",
	"DisplayCreatePayload.display":               "Display:read", "DisplayUpdatePayload.display": "Display:read",
	"BrandCreatePayload.brand": "Brand:read", "BrandUpdatePayload.brand": "Brand:read",
}

// fieldPermission returns the permission needed to read typeName.field, or "".
func fieldPermission(typeName, field string) string {
	return fieldPermissions[typeName+"."+field]
}

// mutationPermissions maps each mutation to the write permission it needs (§1.3, §6).
var mutationPermissions = map[string]string{
	"createProduct": "Product:write", "updateProduct": "Product:write",
	"createProductVariant": "ProductVariant:write", "updateProductVariant": "ProductVariant:write",
	// §1.3: createProductSize uses ProductVariant:write; there is no ProductSize:write.
	"createProductSize": "ProductVariant:write", "updateProductSize": "ProductVariant:write",
	"createDisplay": "Display:write", "updateDisplay": "Display:write",
	"createBrand": "Brand:write", "updateBrand": "Brand:write",
	"createCollection": "Collection:write", "updateCollection": "Collection:write",
	"createFolder":    "Folder:write",
	"createSizeChart": "SizeChart:write", "updateSizeChart": "SizeChart:write",
	"assignAttributes": "Attribute:write", "unassignAttributes": "Attribute:write",
	"assignAttributesBatch": "Attribute:write", "unassignAttributesBatch": "Attribute:write",
	"createAttribute": "Attribute:write", "updateAttribute": "Attribute:write",
	"createMediaBatch": "ProductMedia:write",
	"setIdConversions": "", "unsetIdConversions": "",
	"setTranslations": "Translation:write",
	"changeStock":     "StockChange:write", "setStock": "StockChange:write",
	"setPrices": "Price:write",
}
