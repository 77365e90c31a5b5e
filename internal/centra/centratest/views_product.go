package centratest

import (
	"slices"
)

// externalID returns the external id the requesting token's integration has for an object.
func (rq *request) externalID(objectType string, id int) string {
	ext, _ := rq.sb.cat.conversions.external(rq.token.IntegrationName, objectType, id)
	return ext
}

func nullableExternal(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (p *productRec) typeName() string { return "Product" }

func (p *productRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return p.id, nil
	case "name":
		return p.name, nil
	case "status":
		return p.status, nil
	case "productNumber":
		return p.number, nil
	case "createdAt":
		return dateField(p.createdAt, args), nil
	case "updatedAt":
		return dateField(p.updatedAt, args), nil
	case "harmonizedCommodityCode":
		return p.hsCode, nil
	case "harmonizedCommodityCodeDescription":
		return p.hsDescription, nil
	case "internalComment":
		return p.internalComment, nil
	case "isBundle":
		return false, nil
	case "isSerializableProduct":
		return p.serializable, nil
	case "weight":
		return weightObject(p.weight), nil
	case "attributes":
		return rq.attributeViews(p.attrs, args)
	case "brand":
		return nilIfNone(p.brand), nil
	case "collection":
		return nilIfNone(p.collection), nil
	case "folder":
		return nilIfNone(p.folder), nil
	case "countryOfOrigin":
		return countryObject(p.country), nil
	case "displays":
		return rq.filterDisplays(p.displays, args)
	case "variants":
		return rq.filterVariants(p.variants, args)
	case "media":
		return page(toObjects(p.media), args, true)
	case "measurementTable":
		return nil, nil
	case "translations":
		return []any{}, nil
	case "externalId":
		return nullableExternal(rq.externalID("Product", p.id)), nil
	}
	return nil, unsupported("Product." + name)
}

// nilIfNone turns a typed nil pointer into an untyped nil so the executor sees null.
func nilIfNone[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

func toObjects[T object](items []T) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

func (rq *request) filterDisplays(displays []*displayRec, args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(displayFilterFields()...); err != nil {
		return nil, err
	}
	out := make([]*displayRec, 0, len(displays))
	for _, d := range displays {
		if displayMatches(f, d) {
			out = append(out, d)
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	if keys := (input{"s": args["sort"]}).strings("s"); len(keys) > 0 && keys[0] == "id_DESC" {
		slices.Reverse(out)
	}
	paged, err := page(out, args, true)
	return toObjects(paged), err
}

func (rq *request) filterVariants(variants []*variantRec, args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check(variantFilterFields()...); err != nil {
		return nil, err
	}
	out := make([]*variantRec, 0, len(variants))
	for _, v := range variants {
		if rq.variantMatches(f, v) {
			out = append(out, v)
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	paged, err := page(out, args, true)
	return toObjects(paged), err
}

func (v *variantRec) typeName() string { return "ProductVariant" }

func (v *variantRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return v.id, nil
	case "name":
		return v.name, nil
	case "status":
		return v.status, nil
	case "variantNumber":
		return v.number, nil
	case "internalName":
		return v.internalName, nil
	case "unitCost":
		return moneyObject(v.unitCost), nil
	case "updatedAt":
		return dateField(v.updatedAt, args), nil
	case "shippingSpecificationSettings":
		return nil, nil
	case "attributes":
		return rq.attributeViews(v.attrs, args)
	case "displays":
		var out []any
		for _, d := range v.product.displays {
			if slices.Contains(d.variants, v) {
				out = append(out, d)
			}
		}
		return out, nil
	case "product":
		return v.product, nil
	case "productSizes":
		return toObjects(v.sizes), nil
	case "media":
		var media []*mediaRec
		for _, m := range v.product.media {
			if m.variant == v {
				media = append(media, m)
			}
		}
		return page(toObjects(media), args, true)
	case "sizeChart":
		return nilIfNone(v.sizeChart), nil
	case "translations":
		return []any{}, nil
	case "externalId":
		return nullableExternal(rq.externalID("ProductVariant", v.id)), nil
	}
	return nil, unsupported("ProductVariant." + name)
}

func (s *productSizeRec) typeName() string { return "ProductSize" }

func (s *productSizeRec) field(rq *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return s.id, nil
	case "description":
		return s.size.name, nil
	case "sizeNumber":
		return s.sizeNumber, nil
	case "EAN":
		return emptyNull(s.ean), nil
	case "UPC":
		return emptyNull(s.upc), nil
	case "SKU":
		return s.sku(), nil
	case "preorder":
		return s.preorder, nil
	case "comment":
		return emptyNull(s.comment), nil
	case "weight":
		// Size-level weight reads back as the product weight (§2.2).
		return weightObject(s.variant.product.weight), nil
	case "shippingSpecifications":
		return nil, nil
	case "updatedAt":
		return dateField(s.updatedAt, args), nil
	case "isActive":
		return s.active, nil
	case "size":
		return s.size, nil
	case "productVariant":
		return s.variant, nil
	}
	return nil, unsupported("ProductSize." + name)
}

func emptyNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *sizeRec) typeName() string { return "Size" }

func (s *sizeRec) field(rq *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return s.id, nil
	case "name":
		return s.name, nil
	case "sizeChart":
		return s.chart, nil
	case "externalId":
		return nullableExternal(rq.externalID("Size", s.id)), nil
	}
	return nil, unsupported("Size." + name)
}

func (c *sizeChartRec) typeName() string { return "SizeChart" }

func (c *sizeChartRec) field(rq *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return c.id, nil
	case "name":
		return c.name, nil
	case "sizes":
		return toObjects(c.sizes), nil
	case "horizontalLabels":
		return c.horizontal, nil
	case "verticalLabels":
		if len(c.vertical) == 0 {
			return nil, nil
		}
		return c.vertical, nil
	case "dividerSymbol":
		return c.divider, nil
	case "displayDividedBy", "displayUnit":
		return nil, nil
	case "externalId":
		return nullableExternal(rq.externalID("SizeChart", c.id)), nil
	}
	return nil, unsupported("SizeChart." + name)
}

func (m *mediaRec) typeName() string { return "ProductMedia" }

func (m *mediaRec) field(_ *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return m.id, nil
	case "metaDataJSON":
		return m.metaJSON, nil
	case "source":
		size, _ := args["sizeName"].(string)
		if size == "" {
			size = "original"
		}
		return &staticObject{typ: "MediaSource", fields: map[string]any{
			"url": m.url, "mimeType": "image/jpeg", "type": "image",
			"mediaSize": &staticObject{typ: "MediaSize", fields: map[string]any{"name": size, "quality": nil, "maxWidth": nil, "maxHeight": nil}},
		}}, nil
	}
	return nil, unsupported("ProductMedia." + name)
}
