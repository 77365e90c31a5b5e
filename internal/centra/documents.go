package centra

import (
	"fmt"
	"strings"
)

// The documents below are the only GraphQL the client sends. They are constants or are
// assembled from constants by the functions in this file; values travel only as variables.
// documents_test.go validates every one of them against the vendored schema and a
// deny-list of stock and price operations.

// payloadProblems is selected by every mutation: userErrors and userWarnings (§8).
const payloadProblems = `userErrors { message path } userWarnings { message path }`

// fragmentAttribute reads custom attributes (§4 read-back shape).
const fragmentAttribute = `fragment ObservedAttribute on Attribute {
  type { name isMapped isMulti }
  ... on MappedAttribute { id name }
  elements {
    key kind
    ... on AttributeStringElement { value }
    ... on AttributeChoiceElement { selectedValue }
    ... on AttributeFileElement { url }
    ... on AttributeImageElement { url }
  }
}`

// fragmentDisplay reads a display.
const fragmentDisplay = `fragment ObservedDisplay on Display {
  id name status uri description shortDescription metaTitle metaDescription metaKeywords tags updatedAt
  store { id }
  markets { id name }
  categories { id name }
  canonicalCategory { id }
  productVariants { id }
  media { id }
  attributes { ...ObservedAttribute }
}`

// fragmentProduct reads the observed state of a product: what the mapping can target,
// variants with sizes, attributes, media, and the displays of the configured stores.
const fragmentProduct = `fragment ObservedProduct on Product {
  id productNumber name status externalId
  harmonizedCommodityCode harmonizedCommodityCodeDescription isSerializableProduct
  weight { value unit }
  countryOfOrigin { code }
  brand { id name }
  collection { id name }
  folder { id name }
  createdAt updatedAt
  attributes { ...ObservedAttribute }
  media { id metaDataJSON source { url } }
  variants {
    id variantNumber name status externalId updatedAt
    sizeChart { id name }
    attributes { ...ObservedAttribute }
    productSizes { id SKU EAN UPC sizeNumber isActive size { id name } }
  }
  displays(where: { storeId: $storeIds }) { ...ObservedDisplay }
}`

const productFragments = fragmentProduct + "\n" + fragmentDisplay + "\n" + fragmentAttribute

// productsByNumberDocument looks up n product numbers in one request, one aliased
// products field each: ProductFilter.productNumber takes one StringMatch (§3.2). The limit
// lets duplicates show (Centra does not enforce unique product numbers, §2.4).
func productsByNumberDocument(n int) string {
	var b strings.Builder
	b.WriteString("query ProductsByNumber($storeIds: [Int!]")
	for i := range n {
		fmt.Fprintf(&b, ", $n%d: String!", i)
	}
	b.WriteString(") {\n")
	for i := range n {
		fmt.Fprintf(&b, "  p%d: products(where: { productNumber: { equals: $n%d } }, limit: %d) { ...ObservedProduct }\n", i, i, duplicateLimit)
	}
	b.WriteString("}\n")
	b.WriteString(productFragments)
	return b.String()
}

// duplicateLimit is how many products with one number a lookup returns.
const duplicateLimit = 10

const productsByExternalIDDocument = `query ProductsByExternalID($storeIds: [Int!], $externalIds: [String!]!, $limit: Int!) {
  products(where: { externalId: $externalIds }, limit: $limit) { ...ObservedProduct }
}
` + productFragments

const productsByIDDocument = `query ProductsByID($storeIds: [Int!], $ids: [Int!]!, $limit: Int!) {
  products(where: { id: $ids }, limit: $limit) { ...ObservedProduct }
}
` + productFragments

// productsUpdatedSinceDocument pages by id so that products updated during the scan keep
// their place (they still match "updated since").
const productsUpdatedSinceDocument = `query ProductsUpdatedSince($storeIds: [Int!], $since: DateTimeTz!, $brandIds: [Int!], $limit: Int!, $page: Int!) {
  products(where: { updatedAt: { from: $since }, brandId: $brandIds }, sort: [id_ASC], limit: $limit, page: $page) { ...ObservedProduct }
}
` + productFragments

const productSummariesDocument = `query ProductSummaries($brandIds: [Int!], $statuses: [ProductStatus!], $limit: Int!, $page: Int!) {
  products(where: { brandId: $brandIds, status: $statuses }, sort: [id_ASC], limit: $limit, page: $page) {
    id productNumber status externalId updatedAt brand { id }
  }
}`

// storeDisplaysDocument lists a store's displays with their products' identity and brand
// (Product.brand is verified, docs/reference/centra-api.md §2.2), so a caller can leave out the products of
// brands it does not handle before reading any in full. DisplayFilter has no brand filter
// (§2.5 schema), and Product.externalId is not selected: it is UNVERIFIED in the reference.
const storeDisplaysDocument = `query StoreDisplays($storeIds: [Int!], $limit: Int!, $page: Int!) {
  displays(where: { storeId: $storeIds }, sort: [id_ASC], limit: $limit, page: $page) {
    id status product { id productNumber status brand { id name } }
  }
}`

const displaysOfProductsDocument = `query DisplaysOfProducts($productIds: [Int!]!, $storeIds: [Int!], $limit: Int!) {
  displays(where: { productId: $productIds, storeId: $storeIds }, limit: $limit) { product { id } ...ObservedDisplay }
}
` + fragmentDisplay + "\n" + fragmentAttribute

const productMediaDocument = `query ProductMedia($ids: [Int!]!, $limit: Int!) {
  products(where: { id: $ids }, limit: $limit) { id media { id metaDataJSON source { url } } }
}`

// mediaBatchesDocument polls n media batches in one request.
func mediaBatchesDocument(n int) string {
	var b strings.Builder
	b.WriteString("query MediaBatches(")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$q%d: String!", i)
	}
	b.WriteString(") {\n")
	for i := range n {
		fmt.Fprintf(&b, "  b%d: mediaBatch(queueId: $q%d) { queueId status productMedia { productId variantId url completed } }\n", i, i)
	}
	b.WriteString("}")
	return b.String()
}

// referenceLists are the reference data lists, each with the selection it reads. The
// first page of all of them goes in one request; longer lists page on their own.
var referenceLists = []struct{ field, selection string }{
	{"stores", "id name type"},
	{"markets", "id name externalId store { id }"},
	{"brands", "id name uri externalId stores { id }"},
	{"collections", "id name status"},
	{"folders", "id name"},
	{"sizeCharts", "id name externalId dividerSymbol horizontalLabels verticalLabels sizes { id name }"},
	{"mappedAttributes", "id name objectType type { name } elements { key kind ... on AttributeStringElement { value } ... on AttributeChoiceElement { selectedValue } }"},
}

const referenceSelectionTail = `
  attributeTypes { name description isMapped isMulti objectType elements { key description kind isMulti } }
  rateLimits { type intervalSeconds quota usedQuota remainingQuota }
}`

func referenceDataDocument() string {
	var b strings.Builder
	b.WriteString("query ReferenceData($limit: Int!) {\n")
	for _, l := range referenceLists {
		fmt.Fprintf(&b, "  %s(limit: $limit, page: 1) { %s }\n", l.field, l.selection)
	}
	b.WriteString(referenceSelectionTail)
	return b.String()
}

// referencePageDocument reads a later page of one reference list.
func referencePageDocument(field, selection string) string {
	return fmt.Sprintf("query Reference%s($limit: Int!, $page: Int!) {\n  %s(limit: $limit, page: $page) { %s }\n}",
		strings.ToUpper(field[:1])+field[1:], field, selection)
}

// categoriesDocument is separate: Query.categories is this repository's inference, so a
// server without it fails this request alone (the client then carries on without).
const categoriesDocument = `query ReferenceCategories($limit: Int!, $page: Int!) {
  categories(limit: $limit, page: $page) { id name store { id } }
}`

const rateLimitsDocument = `query RateLimits { rateLimits { type intervalSeconds quota usedQuota remainingQuota } }`

// payloadSelections are the selections of each mutation's payload.
var payloadSelections = map[string]string{
	"createProduct":           "product { id productNumber externalId variants { id variantNumber productSizes { id SKU size { name } } } }",
	"updateProduct":           "product { id }",
	"createProductVariant":    "productVariant { id variantNumber productSizes { id SKU size { name } } }",
	"updateProductVariant":    "productVariant { id }",
	"createProductSize":       "productSize { id SKU size { name } }",
	"updateProductSize":       "productSize { id SKU }",
	"createDisplay":           "display { id uri }",
	"updateDisplay":           "display { id uri }",
	"assignAttributes":        "object { ... on Product { id } ... on ProductVariant { id } ... on Display { id } }",
	"unassignAttributes":      "object { ... on Product { id } ... on ProductVariant { id } ... on Display { id } }",
	"assignAttributesBatch":   "",
	"unassignAttributesBatch": "",
	"createMediaBatch":        "queueId",
}
