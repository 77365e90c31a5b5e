package centra

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// initialProductComplexity is the complexity per product assumed before the server has
// reported one; real values replace it after the first lookup.
const initialProductComplexity = 300

func (c *Client) storeIDs() []int {
	if c.cfg.StoreID == 0 {
		return nil
	}
	return []int{c.cfg.StoreID}
}

// productBatchSize is how many products one read asks for: as many as fit in
// MaxComplexityPerRequest at the complexity per product the server last reported, at most
// MaxProductsPerRequest.
func (c *Client) productBatchSize(operationName string) int {
	per := c.complexityPerUnit(operationName, initialProductComplexity)
	n := int(float64(c.cfg.MaxComplexityPerRequest) / per)
	return max(1, min(n, c.cfg.MaxProductsPerRequest))
}

// ProductsByNumber returns the observed products for each product number, in batches of
// aliased lookups sized by the complexity budget. A number maps to every product that has
// it: more than one is a duplicate, which Centra does not prevent (§2.4); absent numbers
// are absent from the map.
func (c *Client) ProductsByNumber(ctx context.Context, numbers []string) (map[string][]Product, error) {
	unique := uniqueNonEmpty(numbers)
	out := make(map[string][]Product, len(unique))
	for len(unique) > 0 {
		n := min(c.productBatchSize("ProductsByNumber"), len(unique))
		batch := unique[:n]
		unique = unique[n:]
		vars := map[string]any{"storeIds": c.storeIDs()}
		for i, number := range batch {
			vars[fmt.Sprintf("n%d", i)] = number
		}
		op := operation{name: "ProductsByNumber", query: productsByNumberDocument(n), vars: vars, units: n}
		// Only the aliases are read; anything else in data is ignored.
		var data map[string]json.RawMessage
		if err := c.query(ctx, op, &data); err != nil {
			return nil, err
		}
		for i, number := range batch {
			var found []wireProduct
			if raw, ok := data[fmt.Sprintf("p%d", i)]; ok {
				if err := json.Unmarshal(raw, &found); err != nil {
					return nil, &MalformedResponseError{Operation: op.name, Err: err}
				}
			}
			for _, w := range found {
				p, err := w.observed()
				if err != nil {
					return nil, &MalformedResponseError{Operation: op.name, Err: err}
				}
				// StringMatch.equals is exact in the sandbox; a server that matched loosely
				// must not make one product stand in for another.
				if p.ProductNumber == number {
					out[number] = append(out[number], p)
				}
			}
		}
	}
	return out, nil
}

// ProductsByExternalID returns the observed products with the external ids, by external id.
func (c *Client) ProductsByExternalID(ctx context.Context, externalIDs []string) (map[string][]Product, error) {
	out := map[string][]Product{}
	err := readProductsByKey(ctx, c, "ProductsByExternalID", productsByExternalIDDocument, "externalIds", uniqueNonEmpty(externalIDs),
		func(batch []string, p Product) {
			if slices.Contains(batch, p.ExternalID) {
				out[p.ExternalID] = append(out[p.ExternalID], p)
			}
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ProductsByID returns the observed products with the ids.
func (c *Client) ProductsByID(ctx context.Context, ids []int) (map[int]Product, error) {
	out := map[int]Product{}
	err := readProductsByKey(ctx, c, "ProductsByID", productsByIDDocument, "ids", slices.Compact(slices.Sorted(slices.Values(ids))),
		func(_ []int, p Product) { out[p.ID] = p })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readProductsByKey reads the products whose key (in the document's keysVar list) is one of
// keys, in batches sized by the complexity budget, and hands each to keep with its batch.
func readProductsByKey[K any](ctx context.Context, c *Client, name, document, keysVar string, keys []K, keep func(batch []K, p Product)) error {
	for len(keys) > 0 {
		n := min(c.productBatchSize(name), len(keys), 200)
		batch := keys[:n]
		keys = keys[n:]
		op := operation{name: name, query: document, units: n,
			vars: map[string]any{"storeIds": c.storeIDs(), keysVar: batch, "limit": 200}}
		var data struct {
			Products []wireProduct `json:"products"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return err
		}
		for _, w := range data.Products {
			p, err := w.observed()
			if err != nil {
				return &MalformedResponseError{Operation: op.name, Err: err}
			}
			keep(batch, p)
		}
	}
	return nil
}

// ProductsUpdatedSince calls fn with every product updated at or after since, a page at a
// time (the drift scan). Pages are sized by the complexity budget and ordered by id.
func (c *Client) ProductsUpdatedSince(ctx context.Context, since time.Time, fn func([]Product) error) error {
	return c.ProductsOfBrandsUpdatedSince(ctx, since, nil, fn)
}

// ProductsOfBrandsUpdatedSince is ProductsUpdatedSince for the products of the given brands
// only (ProductFilter.brandId, §3.2), so the products of other brands cost nothing to read;
// no brand ids means every brand.
func (c *Client) ProductsOfBrandsUpdatedSince(ctx context.Context, since time.Time, brandIDs []int, fn func([]Product) error) error {
	limit := min(c.productBatchSize("ProductsUpdatedSince"), 200)
	for page := 1; ; page++ {
		op := operation{name: "ProductsUpdatedSince", query: productsUpdatedSinceDocument, units: limit,
			vars: map[string]any{"storeIds": c.storeIDs(), "since": formatTimestamp(since), "brandIds": nilIfEmpty(brandIDs),
				"limit": limit, "page": page}}
		var data struct {
			Products []wireProduct `json:"products"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return err
		}
		products := make([]Product, 0, len(data.Products))
		for _, w := range data.Products {
			p, err := w.observed()
			if err != nil {
				return &MalformedResponseError{Operation: op.name, Err: err}
			}
			products = append(products, p)
		}
		if len(products) > 0 {
			if err := fn(products); err != nil {
				return err
			}
		}
		if len(data.Products) < limit {
			return nil
		}
	}
}

// ProductSummary is a product's identity, for finding products that exist in Centra but
// no longer in the PIM (orphans).
type ProductSummary struct {
	ID            int
	ProductNumber string
	Status        ProductStatus
	ExternalID    string
	BrandID       int
	UpdatedAt     time.Time
}

// ProductFilter selects products to list; empty fields do not filter.
type ProductFilter struct {
	BrandIDs []int
	Statuses []ProductStatus
}

// ForEachProductSummary calls fn with every product that passes the filter, a page of
// PageSize at a time, in id order.
func (c *Client) ForEachProductSummary(ctx context.Context, f ProductFilter, fn func([]ProductSummary) error) error {
	vars := map[string]any{"brandIds": nilIfEmpty(f.BrandIDs), "statuses": nilIfEmpty(f.Statuses), "limit": c.cfg.PageSize}
	for page := 1; ; page++ {
		vars["page"] = page
		op := operation{name: "ProductSummaries", query: productSummariesDocument, vars: vars}
		var data struct {
			Products []struct {
				ID            int           `json:"id"`
				ProductNumber string        `json:"productNumber"`
				Status        ProductStatus `json:"status"`
				ExternalID    *string       `json:"externalId"`
				UpdatedAt     string        `json:"updatedAt"`
				Brand         *wireID       `json:"brand"`
			} `json:"products"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return err
		}
		out := make([]ProductSummary, 0, len(data.Products))
		for _, w := range data.Products {
			s := ProductSummary{ID: w.ID, ProductNumber: w.ProductNumber, Status: w.Status, ExternalID: deref(w.ExternalID)}
			if w.Brand != nil {
				s.BrandID = w.Brand.ID
			}
			var err error
			if s.UpdatedAt, err = parseTimestamp(w.UpdatedAt); err != nil {
				return &MalformedResponseError{Operation: op.name, Err: err}
			}
			out = append(out, s)
		}
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return err
			}
		}
		if len(data.Products) < c.cfg.PageSize {
			return nil
		}
	}
}

// DisplayedProduct is a product that has a display in a store.
type DisplayedProduct struct {
	DisplayID     int
	DisplayStatus Status
	ProductID     int
	ProductNumber string
	ProductStatus ProductStatus
	// BrandID and BrandName are the product's brand; zero and empty without one (or one the
	// token may not read in the store).
	BrandID   int
	BrandName string
}

// ForEachDisplayedProduct calls fn with every display of the store and its product, a
// page at a time: the products that exist in a store.
func (c *Client) ForEachDisplayedProduct(ctx context.Context, storeID int, fn func([]DisplayedProduct) error) error {
	vars := map[string]any{"storeIds": []int{storeID}, "limit": c.cfg.PageSize}
	for page := 1; ; page++ {
		vars["page"] = page
		op := operation{name: "StoreDisplays", query: storeDisplaysDocument, vars: vars}
		var data struct {
			Displays []struct {
				ID      int    `json:"id"`
				Status  Status `json:"status"`
				Product struct {
					ID            int           `json:"id"`
					ProductNumber string        `json:"productNumber"`
					Status        ProductStatus `json:"status"`
					Brand         *NamedRef     `json:"brand"`
				} `json:"product"`
			} `json:"displays"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return err
		}
		out := make([]DisplayedProduct, 0, len(data.Displays))
		for _, d := range data.Displays {
			dp := DisplayedProduct{DisplayID: d.ID, DisplayStatus: d.Status, ProductID: d.Product.ID,
				ProductNumber: d.Product.ProductNumber, ProductStatus: d.Product.Status}
			if b := d.Product.Brand; b != nil {
				dp.BrandID, dp.BrandName = b.ID, b.Name
			}
			out = append(out, dp)
		}
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return err
			}
		}
		if len(data.Displays) < c.cfg.PageSize {
			return nil
		}
	}
}

// displaysOfProducts returns the displays of the products in the configured store, by
// product id.
func (c *Client) displaysOfProducts(ctx context.Context, productIDs []int, storeIDs []int) (map[int][]Display, error) {
	ids := slices.Compact(slices.Sorted(slices.Values(productIDs)))
	out := map[int][]Display{}
	for len(ids) > 0 {
		n := min(len(ids), 50)
		op := operation{name: "DisplaysOfProducts", query: displaysOfProductsDocument,
			vars: map[string]any{"productIds": ids[:n], "storeIds": nilIfEmpty(storeIDs), "limit": 200}}
		ids = ids[n:]
		var data struct {
			Displays []wireDisplay `json:"displays"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return nil, err
		}
		for _, w := range data.Displays {
			d, err := w.observed()
			if err != nil {
				return nil, &MalformedResponseError{Operation: op.name, Err: err}
			}
			if w.Product != nil {
				out[w.Product.ID] = append(out[w.Product.ID], d)
			}
		}
	}
	return out, nil
}

func uniqueNonEmpty(items []string) []string {
	seen := make(map[string]bool, len(items))
	out := make([]string, 0, len(items))
	for _, s := range items {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// nilIfEmpty sends an empty filter list as null, which filters nothing.
func nilIfEmpty[T any](items []T) any {
	if len(items) == 0 {
		return nil
	}
	return items
}
