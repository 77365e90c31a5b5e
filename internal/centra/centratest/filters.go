package centratest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// maxListLimit is the largest page the sandbox serves. Centra documents "Limit must be in
// range 1 - 200" on several list fields and assumes the same for the rest (§3.3) [I].
const maxListLimit = 200

// stringMatches applies a StringMatch ("Exactly one input field should be provided";
// equals and contains are the documented operators, §3.2).
func stringMatches(v any, value string) (bool, error) {
	m, ok := asInput(v)
	if !ok {
		return false, fmt.Errorf("StringMatch must be an object")
	}
	if m.setFields() != 1 {
		return false, fmt.Errorf("StringMatch: exactly one input field should be provided")
	}
	if eq, ok := m.str("equals"); ok {
		return value == eq, nil
	}
	if c, ok := m.str("contains"); ok {
		return strings.Contains(strings.ToLower(value), strings.ToLower(c)), nil
	}
	return false, fmt.Errorf("StringMatch: unsupported operator")
}

// dateInRange applies a DateRange; both ends are inclusive.
func dateInRange(v any, t time.Time) (bool, error) {
	r, ok := asInput(v)
	if !ok {
		return false, fmt.Errorf("DateRange must be an object")
	}
	if from, ok := r.str("from"); ok {
		ft, err := parseDate(from)
		if err != nil {
			return false, err
		}
		if t.Before(ft) {
			return false, nil
		}
	}
	if to, ok := r.str("to"); ok {
		tt, err := parseDate(to)
		if err != nil {
			return false, err
		}
		if t.After(tt) {
			return false, nil
		}
	}
	return true, nil
}

// filter evaluates one "where" object field by field. Each check returns whether the
// candidate passes; an unknown field given a value is an error rather than silently ignored,
// so a client relying on an unsupported filter learns it from the sandbox.
type filter struct {
	where input
	err   error
}

func newFilter(v any) *filter {
	w, _ := asInput(v)
	return &filter{where: w}
}

// unknown reports the first field of where the caller does not understand.
func (f *filter) check(known ...string) error {
	for k, v := range f.where {
		if v != nil && !slices.Contains(known, k) {
			return unsupported("filter field " + k)
		}
	}
	return nil
}

func (f *filter) ids(key string, id int) bool {
	if !f.where.has(key) || f.where[key] == nil {
		return true
	}
	return slices.Contains(f.where.ints(key), id)
}

func (f *filter) anyID(key string, ids []int) bool {
	if !f.where.has(key) || f.where[key] == nil {
		return true
	}
	want := f.where.ints(key)
	for _, id := range ids {
		if slices.Contains(want, id) {
			return true
		}
	}
	return false
}

func (f *filter) strs(key string, v string) bool {
	if !f.where.has(key) || f.where[key] == nil {
		return true
	}
	return slices.Contains(f.where.strings(key), v)
}

func (f *filter) match(key string, value string) bool {
	v, ok := f.where[key]
	if !ok || v == nil {
		return true
	}
	m, err := stringMatches(v, value)
	if err != nil && f.err == nil {
		f.err = err
	}
	return m
}

func (f *filter) date(key string, t time.Time) bool {
	v, ok := f.where[key]
	if !ok || v == nil {
		return true
	}
	m, err := dateInRange(v, t)
	if err != nil && f.err == nil {
		f.err = err
	}
	return m
}

func (f *filter) boolean(key string, b bool) bool {
	v, ok := f.where[key]
	if !ok || v == nil {
		return true
	}
	want, _ := v.(bool)
	return want == b
}

func productFilterFields() []string {
	return []string{"id", "name", "status", "productNumber", "createdAt", "updatedAt", "harmonizedCommodityCode",
		"brandId", "collectionId", "folderId", "externalId"}
}

func (rq *request) productMatches(f *filter, p *productRec) bool {
	return f.ids("id", p.id) && f.strs("status", p.status) && f.match("productNumber", p.number) &&
		f.match("name", p.name) && f.date("updatedAt", p.updatedAt) && f.date("createdAt", p.createdAt) &&
		f.match("harmonizedCommodityCode", p.hsCode) &&
		f.ids("brandId", idOf(p.brand)) && f.ids("collectionId", idOfCollection(p.collection)) &&
		f.ids("folderId", idOfFolder(p.folder)) && f.strs("externalId", rq.externalID("Product", p.id))
}

func idOf(b *brandRec) int {
	if b == nil {
		return 0
	}
	return b.id
}

func idOfCollection(c *collectionRec) int {
	if c == nil {
		return 0
	}
	return c.id
}

func idOfFolder(f *folderRec) int {
	if f == nil {
		return 0
	}
	return f.id
}

func variantFilterFields() []string {
	return []string{"id", "name", "status", "variantNumber", "productId", "sizeChartId", "externalId", "updatedAt", "displayId"}
}

func (rq *request) variantMatches(f *filter, v *variantRec) bool {
	chart := 0
	if v.sizeChart != nil {
		chart = v.sizeChart.id
	}
	var displayIDs []int
	if f.where.has("displayId") {
		for _, d := range v.product.displays {
			if slices.Contains(d.variants, v) {
				displayIDs = append(displayIDs, d.id)
			}
		}
	}
	return f.ids("id", v.id) && f.match("name", v.name) && f.strs("status", v.status) &&
		f.match("variantNumber", v.number) && f.ids("productId", v.product.id) && f.ids("sizeChartId", chart) &&
		f.strs("externalId", rq.externalID("ProductVariant", v.id)) && f.date("updatedAt", v.updatedAt) &&
		f.anyID("displayId", displayIDs)
}

func sizeFilterFields() []string {
	return []string{"id", "description", "EAN", "UPC", "SKU", "sizeNumber", "sizeId", "isActive", "preorder", "updatedAt"}
}

func sizeMatches(f *filter, s *productSizeRec) bool {
	return f.ids("id", s.id) && f.match("description", s.size.name) && f.match("EAN", s.ean) &&
		f.match("UPC", s.upc) && f.match("SKU", s.sku()) && f.match("sizeNumber", s.sizeNumber) &&
		f.ids("sizeId", s.size.id) && f.boolean("isActive", s.active) && f.boolean("preorder", s.preorder) &&
		f.date("updatedAt", s.updatedAt)
}

func displayFilterFields() []string {
	return []string{"id", "name", "status", "uri", "marketId", "productId", "productVariantId", "storeId", "updatedAt", "tags"}
}

func displayMatches(f *filter, d *displayRec) bool {
	if !(f.ids("id", d.id) && f.match("name", d.name) && f.strs("status", d.status) && f.match("uri", d.uri) &&
		f.ids("productId", d.product.id) && f.ids("storeId", d.store.id) && f.date("updatedAt", d.updatedAt)) {
		return false
	}
	if f.where.has("marketId") && f.where["marketId"] != nil {
		ids := make([]int, len(d.markets))
		for i, m := range d.markets {
			ids[i] = m.id
		}
		if !f.anyID("marketId", ids) {
			return false
		}
	}
	if f.where.has("productVariantId") && f.where["productVariantId"] != nil {
		ids := make([]int, len(d.variants))
		for i, v := range d.variants {
			ids[i] = v.id
		}
		if !f.anyID("productVariantId", ids) {
			return false
		}
	}
	if tags := f.where.strings("tags"); len(tags) > 0 {
		for _, t := range tags {
			if !slices.Contains(d.tags, t) {
				return false
			}
		}
	}
	return true
}

// page applies limit/page to a slice: page counts from 1 (§3.3).
func page[T any](items []T, args map[string]any, defaultAll bool) ([]T, error) {
	limit := -1
	if v, ok := args["limit"]; ok && v != nil {
		n, ok := asInt(v)
		if !ok || n < 1 || n > maxListLimit {
			return nil, &fieldError{message: fmt.Sprintf("Limit must be in range 1 - %d", maxListLimit), category: categoryValidation}
		}
		limit = n
	} else if !defaultAll {
		limit = 20
	}
	if limit < 0 {
		return items, nil
	}
	pg := 1
	if v, ok := args["page"]; ok && v != nil {
		n, ok := asInt(v)
		if !ok || n < 1 {
			return nil, &fieldError{message: "Page must be 1 or more", category: categoryValidation}
		}
		pg = n
	}
	start := (pg - 1) * limit
	if start >= len(items) {
		return nil, nil
	}
	return items[start:min(start+limit, len(items))], nil
}

// sortProducts orders products by the requested ProductSort values (default id_ASC).
func sortProducts(items []*productRec, sortArg any) {
	keys := input{"sort": sortArg}.strings("sort")
	if len(keys) == 0 || keys[0] == "id_ASC" {
		return // already in id order
	}
	switch keys[0] {
	case "id_DESC":
		slices.Reverse(items)
	case "updatedAt_ASC":
		slices.SortStableFunc(items, func(a, b *productRec) int { return a.updatedAt.Compare(b.updatedAt) })
	case "updatedAt_DESC":
		slices.SortStableFunc(items, func(a, b *productRec) int { return b.updatedAt.Compare(a.updatedAt) })
	}
}
