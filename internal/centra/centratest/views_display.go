package centratest

func (d *displayRec) typeName() string { return "Display" }

func (d *displayRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return d.id, nil
	case "name":
		return d.name, nil
	case "status":
		return d.status, nil
	case "uri":
		return d.uri, nil
	case "minimumOrderQuantity":
		return intOrNull(d.minimumOrderQty), nil
	case "orderQuantityDenominator":
		return intOrNull(d.orderQtyDenom), nil
	case "description":
		return d.description, nil
	case "shortDescription":
		return d.shortDescription, nil
	case "metaTitle":
		return d.metaTitle, nil
	case "metaDescription":
		return d.metaDescription, nil
	case "metaKeywords":
		return d.metaKeywords, nil
	case "comment":
		return d.comment, nil
	case "tags":
		return append([]string{}, d.tags...), nil
	case "updatedAt":
		return dateField(d.updatedAt, args), nil
	case "attributes":
		return rq.attributeViews(d.attrs, args)
	case "categories":
		f := newFilter(args["where"])
		if err := f.check("id"); err != nil {
			return nil, err
		}
		var out []*categoryRec
		for _, c := range d.categories {
			if f.ids("id", c.id) {
				out = append(out, c)
			}
		}
		paged, err := page(out, args, true)
		return toObjects(paged), err
	case "canonicalCategory":
		return nilIfNone(d.canonical), nil
	case "displayItems":
		items := make([]any, len(d.variants))
		for i, v := range d.variants {
			items[i] = &staticObject{typ: "DisplayItem", fields: map[string]any{"id": d.id*100000 + v.id, "productVariant": v}}
		}
		return items, nil
	case "markets":
		return toObjects(d.markets), nil
	case "media":
		return toObjects(d.media), nil
	case "product":
		return d.product, nil
	case "productVariants":
		return toObjects(d.variants), nil
	case "related":
		return []any{}, nil
	case "store":
		return d.store, nil
	case "taxGroup":
		return nil, nil
	case "translations":
		return []any{}, nil
	}
	return nil, unsupported("Display." + name)
}

func intOrNull(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *storeRec) typeName() string { return "Store" }

func (s *storeRec) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return s.id, nil
	case "name":
		return s.name, nil
	case "type":
		return s.typ, nil
	}
	return nil, unsupported("Store." + name)
}

func (m *marketRec) typeName() string { return "Market" }

func (m *marketRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return m.id, nil
	case "name":
		return m.name, nil
	case "comment":
		return nil, nil
	case "assignedToCountries":
		var out []any
		for _, code := range m.countries {
			if c := countryObject(code); c != nil {
				out = append(out, c)
			}
		}
		return page(out, args, true)
	case "store":
		return m.store, nil
	case "displays":
		var ds []*displayRec
		for _, d := range rq.sb.cat.displays {
			for _, dm := range d.markets {
				if dm == m {
					ds = append(ds, d)
					break
				}
			}
		}
		return rq.filterDisplays(ds, args)
	case "externalId":
		return nullableExternal(rq.externalID("Market", m.id)), nil
	}
	return nil, unsupported("Market." + name)
}

func (b *brandRec) typeName() string { return "Brand" }

func (b *brandRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return b.id, nil
	case "name":
		return b.name, nil
	case "uri":
		return b.uri, nil
	case "stores":
		return toObjects(b.stores), nil
	case "products":
		return rq.listProducts(args, func(p *productRec) bool { return p.brand == b })
	case "externalId":
		return nullableExternal(rq.externalID("Brand", b.id)), nil
	}
	return nil, unsupported("Brand." + name)
}

func (c *collectionRec) typeName() string { return "Collection" }

func (c *collectionRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return c.id, nil
	case "name":
		return c.name, nil
	case "status":
		return c.status, nil
	case "totalProducts":
		n := 0
		for _, p := range rq.sb.cat.products {
			if p.collection == c {
				n++
			}
		}
		return n, nil
	case "products":
		return rq.listProducts(args, func(p *productRec) bool { return p.collection == c })
	case "externalId":
		return nullableExternal(rq.externalID("Collection", c.id)), nil
	}
	return nil, unsupported("Collection." + name)
}

func (f *folderRec) typeName() string { return "Folder" }

func (f *folderRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return f.id, nil
	case "name":
		return f.name, nil
	case "isTopFolder":
		return true, nil
	case "parent":
		return nil, nil
	case "products":
		return rq.listProducts(args, func(p *productRec) bool { return p.folder == f })
	case "externalId":
		return nullableExternal(rq.externalID("Folder", f.id)), nil
	}
	return nil, unsupported("Folder." + name)
}

func (c *categoryRec) typeName() string { return "Category" }

func (c *categoryRec) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return c.id, nil
	case "name":
		return c.name, nil
	case "metaDescription":
		return nil, nil
	case "store":
		return nilIfNone(c.store), nil
	}
	return nil, unsupported("Category." + name)
}
