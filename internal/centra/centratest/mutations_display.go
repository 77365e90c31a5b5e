package centratest

import (
	"fmt"
	"slices"
	"strconv"
)

// URICollision says what the sandbox does when a display URI is already used in the
// store. Centra does not document it (docs/reference/centra-api.md §2.5, §5.4) [I].
type URICollision string

const (
	// URICollisionSuffix appends -2, -3, ... until the URI is free (the default).
	URICollisionSuffix URICollision = "suffix"
	// URICollisionError rejects the mutation with a user error.
	URICollisionError URICollision = "error"
	// URICollisionAllow keeps duplicate URIs.
	URICollisionAllow URICollision = "allow"
)

// displayURI resolves the URI of a display: generated from the name when absent or empty
// (§9.10), stripped of reserved characters otherwise, then made unique per store.
func (rq *request) displayURI(store *storeRec, self *displayRec, name string, given *string, pr *problems) string {
	uri := ""
	if given != nil {
		uri = cleanURI(*given)
	}
	if uri == "" {
		uri = slugify(name)
	}
	taken := func(u string) bool {
		for _, d := range rq.sb.cat.displays {
			if d != self && d.store == store && d.uri == u {
				return true
			}
		}
		return false
	}
	switch rq.sb.opts.URICollision {
	case URICollisionAllow:
		return uri
	case URICollisionError:
		if taken(uri) {
			pr.fail(fmt.Sprintf("URI %q is already used in store %q", uri, store.name), "input", "uri")
		}
		return uri
	}
	if !taken(uri) {
		return uri
	}
	for n := 2; ; n++ {
		if u := uri + "-" + strconv.Itoa(n); !taken(u) {
			return u
		}
	}
}

// displayDeltas are the validated add/remove lists of a display mutation (§2.5: display
// collections change only through add/remove deltas).
type displayDeltas struct {
	addCategories, removeCategories []*categoryRec
	addMarkets, removeMarkets       []*marketRec
	addMedia, removeMedia           []*mediaRec
	addVariants, removeVariants     []*variantRec
	canonical                       *categoryRec
	canonicalGiven                  bool
}

func (rq *request) planDisplayDeltas(in input, store *storeRec, prod *productRec, pr *problems) displayDeltas {
	c := rq.sb.cat
	var d displayDeltas
	category := func(v any, path ...any) *categoryRec {
		cin, ok := asInput(v)
		if !ok {
			return nil
		}
		id, _ := cin.integer("id")
		cat := c.catByID[id]
		switch {
		case cat == nil:
			pr.fail(fmt.Sprintf("Could not find Category with ID %d", id), path...)
		case store != nil && cat.store != store:
			pr.fail(fmt.Sprintf("Category %d belongs to another store", id), path...)
		default:
			return cat
		}
		return nil
	}
	for _, key := range []string{"addCategories", "removeCategories"} {
		for i, v := range in.list(key) {
			if cat := category(v, "input", key, i, "id"); cat != nil {
				if key == "addCategories" {
					d.addCategories = append(d.addCategories, cat)
				} else {
					d.removeCategories = append(d.removeCategories, cat)
				}
			}
		}
	}
	if in.has("canonicalCategory") {
		d.canonicalGiven = true
		if in["canonicalCategory"] != nil {
			d.canonical = category(in["canonicalCategory"], "input", "canonicalCategory", "id")
		}
	}
	for _, key := range []string{"addMarkets", "removeMarkets"} {
		for i, v := range in.list(key) {
			m := lookupRef(rq, v, "Market", c.marketByID, pr, "input", key, i)
			if m == nil {
				continue
			}
			if store != nil && m.store != store {
				pr.fail(fmt.Sprintf("Market %q belongs to store %q, not %q", m.name, m.store.name, store.name), "input", key, i)
				continue
			}
			if key == "addMarkets" {
				d.addMarkets = append(d.addMarkets, m)
			} else {
				d.removeMarkets = append(d.removeMarkets, m)
			}
		}
	}
	media := func(v any, path ...any) *mediaRec {
		input, ok := asInput(v)
		if !ok {
			return nil
		}
		id, _ := input.integer("id")
		m := c.mediaByID[id]
		switch {
		case m == nil:
			pr.fail(fmt.Sprintf("Could not find ProductMedia with ID %d", id), path...)
		case prod != nil && m.product != prod:
			pr.fail(fmt.Sprintf("Product media %d belongs to another product", id), path...)
		default:
			return m
		}
		return nil
	}
	for i, v := range in.list("addProductMedia") {
		ain, _ := asInput(v)
		if m := media(ain["productMedia"], "input", "addProductMedia", i, "productMedia"); m != nil {
			d.addMedia = append(d.addMedia, m)
		}
	}
	for i, v := range in.list("removeProductMedia") {
		if m := media(v, "input", "removeProductMedia", i); m != nil {
			d.removeMedia = append(d.removeMedia, m)
		}
	}
	variant := func(v any, path ...any) *variantRec {
		pv := lookupRef(rq, v, "ProductVariant", c.variantByID, pr, path...)
		if pv != nil && prod != nil && pv.product != prod {
			// "You can only add variants of the same product to a Display" (ERP, §9.8).
			pr.fail(fmt.Sprintf("Product variant %d does not belong to product %d; you can only add variants of the same product to a display", pv.id, prod.id), path...)
			return nil
		}
		return pv
	}
	for i, v := range in.list("addProductVariants") {
		ain, _ := asInput(v)
		if pv := variant(ain["productVariant"], "input", "addProductVariants", i, "productVariant"); pv != nil {
			d.addVariants = append(d.addVariants, pv)
		}
	}
	for i, v := range in.list("removeProductVariants") {
		if pv := variant(v, "input", "removeProductVariants", i); pv != nil {
			d.removeVariants = append(d.removeVariants, pv)
		}
	}
	return d
}

// applyDeltas adds then removes; adding what is there and removing what is not are
// no-ops, the latter with a warning like the documented "Product variant with id 789 not
// assigned to product 123" (§5.2).
func (d displayDeltas) apply(disp *displayRec, pr *problems) {
	disp.categories = addAll(disp.categories, d.addCategories)
	disp.markets = addAll(disp.markets, d.addMarkets)
	disp.media = addAll(disp.media, d.addMedia)
	disp.variants = addAll(disp.variants, d.addVariants)
	disp.categories = removeAll(disp.categories, d.removeCategories, func(c *categoryRec) {
		pr.warn(fmt.Sprintf("Category with id %d not assigned to display %d", c.id, disp.id), "input", "removeCategories")
	})
	disp.markets = removeAll(disp.markets, d.removeMarkets, func(m *marketRec) {
		pr.warn(fmt.Sprintf("Market with id %d not assigned to display %d", m.id, disp.id), "input", "removeMarkets")
	})
	disp.media = removeAll(disp.media, d.removeMedia, func(m *mediaRec) {
		pr.warn(fmt.Sprintf("Product media with id %d not assigned to display %d", m.id, disp.id), "input", "removeProductMedia")
	})
	disp.variants = removeAll(disp.variants, d.removeVariants, func(v *variantRec) {
		pr.warn(fmt.Sprintf("Product variant with id %d not assigned to display %d", v.id, disp.id), "input", "removeProductVariants")
	})
	if d.canonicalGiven {
		disp.canonical = d.canonical
	}
}

func addAll[T comparable](list, add []T) []T {
	for _, x := range add {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	return list
}

func removeAll[T comparable](list, remove []T, absent func(T)) []T {
	for _, x := range remove {
		i := slices.Index(list, x)
		if i < 0 {
			absent(x)
			continue
		}
		list = slices.Delete(list, i, i+1)
	}
	return list
}

func applyDisplayScalars(in input, d *displayRec) {
	setString(in, "name", &d.name)
	setString(in, "status", &d.status)
	setString(in, "description", &d.description)
	setString(in, "shortDescription", &d.shortDescription)
	setString(in, "metaTitle", &d.metaTitle)
	setString(in, "metaDescription", &d.metaDescription)
	setString(in, "metaKeywords", &d.metaKeywords)
	setString(in, "comment", &d.comment)
	if in.has("tags") {
		d.tags = in.strings("tags")
	}
	if in.has("minimumOrderQuantity") {
		d.minimumOrderQty = intPtr(in, "minimumOrderQuantity")
	}
	if in.has("orderQuantityDenominator") {
		d.orderQtyDenom = intPtr(in, "orderQuantityDenominator")
	}
}

func intPtr(in input, key string) *int {
	if n, ok := in.integer(key); ok {
		return &n
	}
	return nil
}

// createDisplay presents a product in a store (§2.5, §3.7).
func (rq *request) createDisplay(in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	storeIn, _ := in.obj("store")
	storeID, _ := storeIn.integer("id")
	store := c.storeByID[storeID]
	if store == nil {
		pr.fail(fmt.Sprintf("Could not find Store with ID %d", storeID), "input", "store", "id")
	}
	prod := lookupRef(rq, in["product"], "Product", c.productByID, pr, "input", "product")
	deltas := rq.planDisplayDeltas(in, store, prod, pr)
	if pr.failed() {
		return
	}
	d := &displayRec{product: prod, store: store, updatedAt: rq.now}
	applyDisplayScalars(in, d)
	var given *string
	if s, ok := in.str("uri"); ok {
		given = &s
	}
	d.uri = rq.displayURI(store, d, d.name, given, pr)
	if pr.failed() {
		return
	}
	d.id = c.newID("Display")
	deltas.apply(d, pr)
	c.displays = append(c.displays, d)
	c.displayByID[d.id] = d
	prod.displays = append(prod.displays, d)
	c.bumpProduct(prod, rq.now)
	p.obj = d
}

// updateDisplay changes the given fields and applies the add/remove deltas; an empty URI
// is regenerated from the name (§2.5).
func (rq *request) updateDisplay(id int, in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	d := c.displayByID[id]
	if d == nil {
		pr.fail(fmt.Sprintf("Could not find Display with ID %d", id), "id")
		return
	}
	deltas := rq.planDisplayDeltas(in, d.store, d.product, pr)
	name := d.name
	if s, ok := in.str("name"); ok {
		name = s
	}
	uri := d.uri
	if s, ok := in.str("uri"); ok {
		uri = rq.displayURI(d.store, d, name, &s, pr)
	}
	if pr.failed() {
		return
	}
	applyDisplayScalars(in, d)
	d.uri = uri
	deltas.apply(d, pr)
	d.updatedAt = rq.now
	c.bumpProduct(d.product, rq.now)
	p.obj = d
}
