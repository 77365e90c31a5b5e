package centratest

import (
	"fmt"
	"slices"
)

// queryField resolves the root Query fields the sandbox implements.
func (rq *request) queryField(name string, args map[string]any) (any, error) {
	c := rq.sb.cat
	switch name {
	case "products":
		return rq.queryProducts(args)
	case "product":
		id, _ := asInt(args["id"])
		return nilIfNone(c.productByID[id]), nil
	case "productVariants":
		return rq.queryVariants(args)
	case "productVariant":
		id, _ := asInt(args["id"])
		return nilIfNone(c.variantByID[id]), nil
	case "productSizes":
		return rq.queryProductSizes(args)
	case "displays":
		return rq.filterDisplaysPaged(c.displays, args)
	case "display":
		id, _ := asInt(args["id"])
		return nilIfNone(c.displayByID[id]), nil
	case "brands":
		return rq.queryBrands(args)
	case "brand":
		id, _ := asInt(args["id"])
		return nilIfNone(c.brandByID[id]), nil
	case "stores":
		f := newFilter(args["where"])
		if err := f.check("id", "name", "type"); err != nil {
			return nil, err
		}
		var out []*storeRec
		for _, s := range c.stores {
			if f.ids("id", s.id) && f.match("name", s.name) && f.strs("type", s.typ) {
				out = append(out, s)
			}
		}
		return pagedObjects(out, args, f)
	case "markets":
		f := newFilter(args["where"])
		if err := f.check("id", "name", "storeId", "externalId"); err != nil {
			return nil, err
		}
		var out []*marketRec
		for _, m := range c.markets {
			if f.ids("id", m.id) && f.match("name", m.name) && f.ids("storeId", m.store.id) && f.strs("externalId", rq.externalID("Market", m.id)) {
				out = append(out, m)
			}
		}
		return pagedObjects(out, args, f)
	case "market":
		id, _ := asInt(args["id"])
		return nilIfNone(c.marketByID[id]), nil
	case "collections":
		f := newFilter(args["where"])
		if err := f.check("id", "name", "status", "externalId"); err != nil {
			return nil, err
		}
		var out []*collectionRec
		for _, col := range c.collections {
			if f.ids("id", col.id) && f.match("name", col.name) && f.strs("status", col.status) && f.strs("externalId", rq.externalID("Collection", col.id)) {
				out = append(out, col)
			}
		}
		return pagedObjects(out, args, f)
	case "folders":
		f := newFilter(args["where"])
		if err := f.check("id", "name", "externalId"); err != nil {
			return nil, err
		}
		var out []*folderRec
		for _, fo := range c.folders {
			if f.ids("id", fo.id) && f.match("name", fo.name) && f.strs("externalId", rq.externalID("Folder", fo.id)) {
				out = append(out, fo)
			}
		}
		return pagedObjects(out, args, f)
	case "sizeCharts":
		f := newFilter(args["where"])
		if err := f.check("id", "name", "externalId"); err != nil {
			return nil, err
		}
		var out []*sizeChartRec
		for _, sc := range c.sizeCharts {
			if f.ids("id", sc.id) && f.match("name", sc.name) && f.strs("externalId", rq.externalID("SizeChart", sc.id)) {
				out = append(out, sc)
			}
		}
		return pagedObjects(out, args, f)
	case "categories":
		f := newFilter(args["where"])
		if err := f.check("id", "storeId"); err != nil {
			return nil, err
		}
		var out []*categoryRec
		for _, cat := range c.categories {
			if f.ids("id", cat.id) && f.ids("storeId", cat.store.id) {
				out = append(out, cat)
			}
		}
		return pagedObjects(out, args, f)
	case "attributeTypes":
		return rq.queryAttributeTypes(args)
	case "mappedAttributes":
		return rq.queryMappedAttributes(args)
	case "rateLimits":
		return rq.sb.limits.rateLimitObjects(rq.now), nil
	case "mediaBatch":
		return rq.pollMediaBatch(args)
	case "idConversions":
		return rq.queryIDConversions(args)
	case "counters":
		return &countersView{}, nil
	case "languages":
		return []any{}, nil
	}
	return nil, unsupported("Query." + name)
}

func pagedObjects[T object](items []T, args map[string]any, f *filter) (any, error) {
	if f.err != nil {
		return nil, f.err
	}
	paged, err := page(items, args, false)
	if err != nil {
		return nil, err
	}
	return toObjects(paged), nil
}

// queryProducts answers products(where, sort, limit, page). Lookups by productNumber,
// id or externalId use the indexes; other filters scan once and are cached.
func (rq *request) queryProducts(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(productFilterFields()...); err != nil {
		return nil, err
	}
	c := rq.sb.cat
	var candidates []*productRec
	indexed := true
	switch {
	case f.where["productNumber"] != nil && asEquals(f.where["productNumber"]) != nil:
		candidates = slices.Clone(c.productByNum[*asEquals(f.where["productNumber"])])
		slices.SortFunc(candidates, func(a, b *productRec) int { return a.id - b.id })
	case f.where["id"] != nil:
		for _, id := range f.where.ints("id") {
			if p := c.productByID[id]; p != nil {
				candidates = append(candidates, p)
			}
		}
		slices.SortFunc(candidates, func(a, b *productRec) int { return a.id - b.id })
		candidates = slices.Compact(candidates)
	case f.where["externalId"] != nil:
		for _, ext := range f.where.strings("externalId") {
			if id, ok := c.conversions.internal(rq.token.IntegrationName, "Product", ext); ok {
				candidates = append(candidates, c.productByID[id])
			}
		}
		slices.SortFunc(candidates, func(a, b *productRec) int { return a.id - b.id })
		candidates = slices.Compact(candidates)
	default:
		indexed = false
	}
	var matched []*productRec
	if indexed {
		for _, p := range candidates {
			if rq.productMatches(f, p) {
				matched = append(matched, p)
			}
		}
		sortProducts(matched, args["sort"])
	} else {
		key := fmt.Sprint(args["where"], args["sort"])
		cached, ok := rq.sb.scans.get(key, c.version)
		if ok {
			matched = cached
		} else {
			for _, p := range c.products {
				if rq.productMatches(f, p) {
					matched = append(matched, p)
				}
			}
			sortProducts(matched, args["sort"])
			if f.err == nil {
				rq.sb.scans.put(key, c.version, matched)
			}
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	paged, err := page(matched, args, false)
	return toObjects(paged), err
}

func asEquals(v any) *string {
	m, ok := asInput(v)
	if !ok || m.setFields() != 1 {
		return nil
	}
	if s, ok := m.str("equals"); ok {
		return &s
	}
	return nil
}

// listProducts pages the products that pass keep and the request's filter (the product
// lists of brands, collections and folders).
func (rq *request) listProducts(args map[string]any, keep func(*productRec) bool) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(productFilterFields()...); err != nil {
		return nil, err
	}
	var out []*productRec
	for _, p := range rq.sb.cat.products {
		if keep(p) && rq.productMatches(f, p) {
			out = append(out, p)
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	sortProducts(out, args["sort"])
	paged, err := page(out, args, false)
	return toObjects(paged), err
}

func (rq *request) queryVariants(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(variantFilterFields()...); err != nil {
		return nil, err
	}
	c := rq.sb.cat
	var out []*variantRec
	if ids := f.where.ints("productId"); f.where["productId"] != nil {
		for _, id := range ids {
			if p := c.productByID[id]; p != nil {
				for _, v := range p.variants {
					if rq.variantMatches(f, v) {
						out = append(out, v)
					}
				}
			}
		}
		slices.SortFunc(out, func(a, b *variantRec) int { return a.id - b.id })
	} else {
		for _, p := range c.products {
			for _, v := range p.variants {
				if rq.variantMatches(f, v) {
					out = append(out, v)
				}
			}
		}
	}
	return pagedObjects(out, args, f)
}

// queryProductSizes answers productSizes(where); SKU and EAN equality use the indexes.
func (rq *request) queryProductSizes(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(sizeFilterFields()...); err != nil {
		return nil, err
	}
	c := rq.sb.cat
	var candidates []*productSizeRec
	switch {
	case f.where["SKU"] != nil && asEquals(f.where["SKU"]) != nil:
		candidates = c.bySKU[*asEquals(f.where["SKU"])]
	case f.where["EAN"] != nil && asEquals(f.where["EAN"]) != nil:
		candidates = c.byEAN[*asEquals(f.where["EAN"])]
	case f.where["id"] != nil:
		for _, id := range f.where.ints("id") {
			if s := c.pSizeByID[id]; s != nil {
				candidates = append(candidates, s)
			}
		}
	default:
		for _, p := range c.products {
			for _, v := range p.variants {
				candidates = append(candidates, v.sizes...)
			}
		}
	}
	var out []*productSizeRec
	for _, s := range candidates {
		if sizeMatches(f, s) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *productSizeRec) int { return a.id - b.id })
	return pagedObjects(out, args, f)
}

func (rq *request) filterDisplaysPaged(displays []*displayRec, args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(displayFilterFields()...); err != nil {
		return nil, err
	}
	var out []*displayRec
	if ids := f.where.ints("productId"); f.where["productId"] != nil {
		for _, id := range ids {
			if p := rq.sb.cat.productByID[id]; p != nil {
				for _, d := range p.displays {
					if displayMatches(f, d) {
						out = append(out, d)
					}
				}
			}
		}
		slices.SortFunc(out, func(a, b *displayRec) int { return a.id - b.id })
	} else {
		for _, d := range displays {
			if displayMatches(f, d) {
				out = append(out, d)
			}
		}
	}
	if keys := (input{"s": args["sort"]}).strings("s"); len(keys) > 0 && keys[0] == "id_DESC" {
		slices.Reverse(out)
	}
	return pagedObjects(out, args, f)
}

func (rq *request) queryBrands(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("id", "name", "uri", "storeId", "externalId"); err != nil {
		return nil, err
	}
	var out []*brandRec
	for _, b := range rq.sb.cat.brands {
		storeIDs := make([]int, len(b.stores))
		for i, s := range b.stores {
			storeIDs[i] = s.id
		}
		if f.ids("id", b.id) && f.match("name", b.name) && f.match("uri", b.uri) && f.anyID("storeId", storeIDs) &&
			f.strs("externalId", rq.externalID("Brand", b.id)) {
			out = append(out, b)
		}
	}
	return pagedObjects(out, args, f)
}

func (rq *request) queryAttributeTypes(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("name", "description", "isMapped", "isMulti", "objectType"); err != nil {
		return nil, err
	}
	var out []any
	for _, t := range rq.sb.cat.attrTypes {
		if f.match("name", t.name) && f.match("description", t.description) && f.boolean("isMapped", t.mapped) &&
			f.boolean("isMulti", t.multi) && f.strs("objectType", t.objectType) {
			out = append(out, t)
		}
	}
	return out, f.err
}

func (rq *request) queryMappedAttributes(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("id", "typeName", "name", "objectType"); err != nil {
		return nil, err
	}
	var out []*mappedRec
	for _, m := range rq.sb.cat.mapped {
		if f.ids("id", m.id) && f.match("typeName", m.typ.name) && f.match("name", m.name) && f.strs("objectType", m.typ.objectType) {
			out = append(out, m)
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	paged, err := page(out, args, true)
	return toObjects(paged), err
}

func (rq *request) queryIDConversions(args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("objectType", "externalId"); err != nil {
		return nil, err
	}
	var out []*convEntry
	for _, e := range rq.sb.cat.conversions.entries {
		if e.integration != rq.token.IntegrationName {
			continue
		}
		if ot, ok := f.where.str("objectType"); ok && ot != e.objectType {
			continue
		}
		if f.match("externalId", e.externalID) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *convEntry) int { return a.id - b.id })
	if f.err != nil {
		return nil, f.err
	}
	paged, err := page(out, args, true)
	return toObjects(paged), err
}

func (e *convEntry) typeName() string { return "IdConversionEntry" }

func (e *convEntry) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return int64(e.id), nil
	case "externalId":
		return e.externalID, nil
	case "internalId":
		return int64(e.internalID), nil
	case "objectType":
		return e.objectType, nil
	case "integrationName":
		return e.integration, nil
	}
	return nil, unsupported("IdConversionEntry." + name)
}

// countersView answers counters { products(where) } (PIM guide, §3.2).
type countersView struct{}

func (countersView) typeName() string { return "Counters" }

func (countersView) field(rq *request, name string, args map[string]any) (any, error) {
	if name != "products" {
		return nil, unsupported("Counters." + name)
	}
	all := map[string]any{"where": args["where"], "limit": nil}
	f := newFilter(all["where"])
	if err := f.check(productFilterFields()...); err != nil {
		return nil, err
	}
	n := 0
	for _, p := range rq.sb.cat.products {
		if rq.productMatches(f, p) {
			n++
		}
	}
	return n, f.err
}
