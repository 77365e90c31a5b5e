package plytix

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
)

const (
	opProductGet = "GET /api/v1/products/{id}"
	opVariants   = "GET /api/v1/products/{id}/variants"
)

// idChunk is how many ids one "id in [...]" lookup carries: one full page.
const idChunk = MaxPageSize

// dataEnvelope is the v1 success body {"data": [...]} (docs/reference/plytix-api.md §3.1).
type dataEnvelope struct {
	Data []json.RawMessage `json:"data"`
}

// Product returns one product with every attribute, empty ones as null (§6.1
// ?all_attributes=true), with media expanded (§6.2).
func (c *Client) Product(ctx context.Context, id string) (Product, error) {
	raw, err := c.productRaw(ctx, id)
	if err != nil {
		return Product{}, err
	}
	var p Product
	if err := json.Unmarshal(raw, &p); err != nil {
		return Product{}, &DecodeError{Details: Details{Operation: opProductGet, StatusCode: 200}, Err: err}
	}
	return p, nil
}

func (c *Client) productRaw(ctx context.Context, id string) (json.RawMessage, error) {
	if strings.TrimSpace(id) == "" {
		return nil, errors.New("plytix: product id is empty")
	}
	var env dataEnvelope
	cl := call{op: opProductGet, method: "GET", path: "/api/v1/products/" + escape(id), query: url.Values{"all_attributes": {"true"}}}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	if len(env.Data) == 0 {
		return nil, &NotFoundError{Details: Details{Operation: opProductGet, StatusCode: 200, Message: "empty data"}}
	}
	return env.Data[0], nil
}

// Variants returns the variants of a parent, with all their attributes (§7: GET
// /products/{id}/variants; [] for a product without variants, 404 for an unknown one).
func (c *Client) Variants(ctx context.Context, parentID string) ([]Product, error) {
	if strings.TrimSpace(parentID) == "" {
		return nil, errors.New("plytix: parent id is empty")
	}
	var env dataEnvelope
	if err := c.do(ctx, call{op: opVariants, method: "GET", path: "/api/v1/products/" + escape(parentID) + "/variants"}, &env); err != nil {
		return nil, err
	}
	out := make([]Product, 0, len(env.Data))
	for _, raw := range env.Data {
		var p Product
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, &DecodeError{Details: Details{Operation: opVariants, StatusCode: 200}, Err: err}
		}
		out = append(out, p)
	}
	return out, nil
}

// ProductsBySKU returns the products whose SKU is exactly one of skus, with columns, in one
// search per MaxFilterGroups SKUs: an OR of one "sku eq" group per SKU (§5.1, §5.2). The
// API's eq is case-insensitive for text, so the search may also match SKUs that differ only
// in case; those are dropped here (find them with Scan and Eq). The number of OR groups one
// search accepts is not documented; the chunk size is configurable for that reason.
func (c *Client) ProductsBySKU(ctx context.Context, skus []string, columns []string) ([]Product, error) {
	return c.ProductsBySKUWithin(ctx, skus, nil, columns)
}

// ProductsBySKUWithin is ProductsBySKU restricted to the products scope matches. Plytix ORs
// filter groups and ANDs the conditions of a group (§5.1), so "in scope and one of these SKUs"
// is every scope group with one "sku eq" condition added: groups × SKUs groups, at most
// MaxFilterGroups per search.
func (c *Client) ProductsBySKUWithin(ctx context.Context, skus []string, scope Filters, columns []string) ([]Product, error) {
	want := uniqueNonEmpty(skus)
	wanted := make(map[string]bool, len(want))
	for _, s := range want {
		wanted[s] = true
	}
	groups := scope
	if len(groups) == 0 {
		groups = Filters{nil}
	}
	var out []Product
	seen := map[string]bool{}
	for chunk := range chunks(want, max(1, c.cfg.MaxFilterGroups/len(groups))) {
		filters := make(Filters, 0, len(chunk)*len(groups))
		for _, group := range groups {
			for _, sku := range chunk {
				filters = append(filters, append(slices.Clone(group), Eq("sku", sku)))
			}
		}
		err := c.Scan(ctx, Query{Filters: filters, Columns: columns}, func(p Page) error {
			for _, prod := range p.Products {
				if wanted[prod.SKU] && !seen[prod.ID] {
					seen[prod.ID] = true
					out = append(out, prod)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ProductsByID returns the products with the given ids and columns. It searches with
// "id in [...]", 100 ids per request, which is NOT documented for products (§12 pitfall 2).
// When the API refuses it, the client remembers and fetches each product with GET instead
// (all attributes, one request each). Unknown ids are left out.
func (c *Client) ProductsByID(ctx context.Context, ids []string, columns []string) ([]Product, error) {
	want := uniqueNonEmpty(ids)
	var out []Product
	for i := 0; i < len(want) && c.idFilter.Load() != idFilterRefused; {
		chunk := want[i:min(i+idChunk, len(want))]
		err := c.Scan(ctx, Query{Filters: Filters{{In("id", anySlice(chunk)...)}}, Columns: columns}, func(p Page) error {
			out = append(out, p.Products...)
			return nil
		})
		if err != nil {
			if refusesField(err, "id") && c.idFilter.Load() != idFilterWorks {
				c.idFilter.Store(idFilterRefused)
				break
			}
			return nil, err
		}
		c.idFilter.Store(idFilterWorks)
		i += len(chunk)
	}
	if c.idFilter.Load() != idFilterRefused {
		return out, nil
	}
	got := map[string]bool{}
	for _, p := range out {
		got[p.ID] = true
	}
	for _, id := range want {
		if got[id] {
			continue
		}
		p, err := c.Product(ctx, id)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// VariantGroup is a parent with all its variants, or a single product alone.
type VariantGroup struct {
	Parent   Product
	Variants []Product
}

// VariantGroups expands changed products (a delta) into whole groups, because a changed
// variant needs its parent and siblings and a changed parent needs its variants (§10).
// Parents not among changed are fetched with ProductsByID and columns; variants with one
// Variants request per parent (there is no documented search filter on the parent id,
// §14 q6). Singles come back alone. A group whose parent no longer exists is left out.
func (c *Client) VariantGroups(ctx context.Context, changed []Product, columns []string) ([]VariantGroup, error) {
	var parentIDs []string
	parents := map[string]Product{}
	var groups []VariantGroup
	singles := map[string]bool{}
	for _, p := range changed {
		switch p.Type() {
		case TypeVariant:
			parentIDs = append(parentIDs, p.ParentID)
		case TypeParent:
			parentIDs = append(parentIDs, p.ID)
			parents[p.ID] = p
		default:
			if !singles[p.ID] {
				singles[p.ID] = true
				groups = append(groups, VariantGroup{Parent: p})
			}
		}
	}
	parentIDs = uniqueNonEmpty(parentIDs)
	var missing []string
	for _, id := range parentIDs {
		if _, ok := parents[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		fetched, err := c.ProductsByID(ctx, missing, columns)
		if err != nil {
			return nil, err
		}
		for _, p := range fetched {
			parents[p.ID] = p
		}
	}
	for _, id := range parentIDs {
		parent, ok := parents[id]
		if !ok {
			continue
		}
		variants, err := c.Variants(ctx, id)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		groups = append(groups, VariantGroup{Parent: parent, Variants: variants})
	}
	return groups, nil
}

// uniqueNonEmpty returns the distinct non-blank values in first-seen order.
func uniqueNonEmpty(values []string) []string {
	seen := make(map[string]bool, len(values))
	out := make([]string, 0, len(values))
	for _, v := range values {
		if strings.TrimSpace(v) == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// chunks yields consecutive slices of at most size items.
func chunks[T any](items []T, size int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for start := 0; start < len(items); start += size {
			if !yield(items[start:min(start+size, len(items))]) {
				return
			}
		}
	}
}

func anySlice(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
