package centratest

import (
	"fmt"
	"slices"
)

// createBrand needs at least one store (§2.6, §9.9).
func (rq *request) createBrand(in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	stores := rq.storeRefs(in.list("addToStores"), "addToStores", pr)
	if len(in.list("addToStores")) == 0 {
		pr.fail("At least one store is required", "input", "addToStores")
	}
	if pr.failed() {
		return
	}
	b := &brandRec{id: c.newID("Brand"), stores: addAll(nil, stores)}
	b.name, _ = in.str("name")
	b.uri, _ = in.str("uri")
	if b.uri == "" {
		b.uri = slugify(b.name)
	}
	c.brands = append(c.brands, b)
	c.brandByID[b.id] = b
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "Brand", ext, b.id)
	}
	c.touch()
	p.obj = b
}

// updateBrand: adding to a store twice is a no-op, removing takes precedence, and a brand
// must stay in at least one store (§2.6, §9.9).
func (rq *request) updateBrand(id int, in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	b := c.brandByID[id]
	if b == nil {
		pr.fail(fmt.Sprintf("Could not find Brand with ID %d", id), "id")
		return
	}
	add := rq.storeRefs(in.list("addToStores"), "addToStores", pr)
	remove := rq.storeRefs(in.list("removeFromStores"), "removeFromStores", pr)
	stores := slices.DeleteFunc(addAll(slices.Clone(b.stores), add), func(s *storeRec) bool { return slices.Contains(remove, s) })
	if len(stores) == 0 {
		pr.fail("Brand must be added to at least one store; removing it from all stores is not allowed", "input", "removeFromStores")
	}
	if pr.failed() {
		return
	}
	b.stores = stores
	setString(in, "name", &b.name)
	if uri, ok := in.str("uri"); ok {
		b.uri = uri
		if uri == "" {
			b.uri = slugify(b.name)
		}
	}
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "Brand", ext, b.id)
	}
	c.touch()
	p.obj = b
}

func (rq *request) storeRefs(items []any, key string, pr *problems) []*storeRec {
	var out []*storeRec
	for i, v := range items {
		in, _ := asInput(v)
		id, _ := in.integer("id")
		s := rq.sb.cat.storeByID[id]
		if s == nil {
			pr.fail(fmt.Sprintf("Could not find Store with ID %d", id), "input", key, i, "id")
			continue
		}
		out = append(out, s)
	}
	return out
}

// createSizeChart creates the chart, its sizes and their "Chart|Size" id conversions.
func (rq *request) createSizeChart(in input, p *payload) {
	seed := SizeChartSeed{HorizontalLabels: in.strings("horizontalLabels"), VerticalLabels: in.strings("verticalLabels")}
	seed.Name, _ = in.str("name")
	seed.DividerSymbol, _ = in.str("dividerSymbol")
	seed.ExternalID, _ = in.str("externalId")
	if len(seed.HorizontalLabels) == 0 {
		p.pr.fail("At least one horizontal label is required", "input", "horizontalLabels")
		return
	}
	p.obj = rq.sb.cat.addSizeChart(rq.token.IntegrationName, seed)
	rq.sb.cat.touch()
}

// setIDConversions is idempotent and overwrites colliding entries (§3.11).
func (rq *request) setIDConversions(items []any, p *payload) {
	var entries []any
	for _, v := range items {
		in, _ := asInput(v)
		ext, _ := in.str("externalId")
		objectType, _ := in.str("objectType")
		internal, _ := asFloat(in["internalId"])
		entries = append(entries, rq.sb.cat.conversions.set(rq.token.IntegrationName, objectType, ext, int(internal)))
	}
	p.extra = map[string]any{"entries": entries}
}

func (rq *request) unsetIDConversions(items []any, p *payload) {
	conv := rq.sb.cat.conversions
	for i, v := range items {
		in, _ := asInput(v)
		objectType, _ := in.str("objectType")
		ref, ok := rq.oneField(in["idConversion"], "IdConversionInput", p.pr, []any{"input", i, "idConversion"})
		if !ok {
			continue
		}
		switch {
		case ref.has("externalId"):
			ext, _ := ref.str("externalId")
			conv.unsetExternal(rq.token.IntegrationName, objectType, ext)
		case ref.has("internalId"):
			id, _ := asFloat(ref["internalId"])
			conv.unsetInternal(rq.token.IntegrationName, objectType, int(id))
		case ref.has("id"):
			id, _ := asFloat(ref["id"])
			for _, e := range conv.entries {
				if e.id == int(id) {
					conv.unsetExternal(e.integration, e.objectType, e.externalID)
					break
				}
			}
		}
	}
}
