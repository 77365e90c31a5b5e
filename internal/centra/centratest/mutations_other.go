package centratest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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

// attributeTarget finds the object of an AttributesAssignGenericInput.
func (rq *request) attributeTarget(in input, pr *problems, path ...any) (object, *assignedAttrs, *productRec, string) {
	c := rq.sb.cat
	objectType, _ := in.str("objectType")
	id, _ := in.integer("objectId")
	notFound := func() {
		pr.fail(fmt.Sprintf("Could not find %s with ID %d", objectType, id), append(path, "objectId")...)
	}
	switch objectType {
	case "Product":
		if p := c.productByID[id]; p != nil {
			return p, &p.attrs, p, objectType
		}
	case "ProductVariant":
		if v := c.variantByID[id]; v != nil {
			return v, &v.attrs, v.product, objectType
		}
	case "Display":
		if d := c.displayByID[id]; d != nil {
			return d, &d.attrs, d.product, objectType
		}
	default:
		pr.fail(fmt.Sprintf("Attributes on %s objects are not supported by the sandbox", objectType), append(path, "objectType")...)
		return nil, nil, nil, objectType
	}
	notFound()
	return nil, nil, nil, objectType
}

// assignAttributes sets or clears custom attributes on one object (§4).
func (rq *request) assignAttributes(assign bool, in input, p *payload, path ...any) {
	pr := p.pr
	obj, attrs, prod, objectType := rq.attributeTarget(in, pr, path...)
	if obj == nil {
		return
	}
	ch := rq.sb.cat.planAttributes(objectType, genericAttrLists(in, !assign), pr, path...)
	if pr.failed() {
		return
	}
	attrs.apply(ch)
	rq.sb.cat.bumpProduct(prod, rq.now)
	p.obj = obj
}

// maxBatchObjects is the documented batch cap ("up to 100 objects", WATTR; §3.10 for media).
const maxBatchObjects = 100

// assignAttributesBatch handles up to 100 objects. It is atomic by default: "Most
// mutations roll back all changes if any item fails" (BATCH, §5.2); with
// Options.PartialAttributeBatches it saves the valid items and warns about the others,
// as "other mutations" do. Which one Centra does for this mutation is not documented.
func (rq *request) assignAttributesBatch(assign bool, items []any, p *payload) {
	pr := p.pr
	if len(items) > maxBatchObjects {
		pr.fail(fmt.Sprintf("A batch can hold at most %d objects, got %d", maxBatchObjects, len(items)), "input")
		return
	}
	type planned struct {
		attrs *assignedAttrs
		prod  *productRec
		ch    attrChange
	}
	var plans []planned
	for i, v := range items {
		in, _ := asInput(v)
		item := &problems{}
		_, attrs, prod, objectType := rq.attributeTarget(in, item, "input", i)
		var ch attrChange
		if attrs != nil {
			ch = rq.sb.cat.planAttributes(objectType, genericAttrLists(in, !assign), item, "input", i)
		}
		if item.failed() {
			if rq.sb.opts.PartialAttributeBatches {
				for _, e := range item.errs {
					pr.warns = append(pr.warns, userMsg{message: "Skipped: " + e.message, path: e.path})
				}
			} else {
				pr.errs = append(pr.errs, item.errs...)
			}
			continue
		}
		plans = append(plans, planned{attrs: attrs, prod: prod, ch: ch})
	}
	if pr.failed() {
		return
	}
	for _, pl := range plans {
		pl.attrs.apply(pl.ch)
		rq.sb.cat.bumpProduct(pl.prod, rq.now)
	}
}

// createMediaBatch queues media by URL; at most 100 per batch, metadata must be a JSON
// object, and the batch completes asynchronously (§3.10, §9.16).
func (rq *request) createMediaBatch(in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	items := in.list("productMedia")
	if len(items) > maxBatchObjects {
		pr.fail(fmt.Sprintf("The maximum number of media to be imported at once is %d, got %d", maxBatchObjects, len(items)), "input", "productMedia")
		return
	}
	batch := &mediaBatchRec{}
	for i, v := range items {
		m, _ := asInput(v)
		it := &mediaBatchItem{}
		it.productID, _ = m.integer("productId")
		it.variantID, _ = m.integer("variantId")
		it.mediaType, _ = m.str("mediaType")
		it.url, _ = m.str("url")
		it.metaJSON, _ = m.str("metaDataJSON")
		it.altText, _ = m.str("altText")
		prod := c.productByID[it.productID]
		if prod == nil {
			pr.fail(fmt.Sprintf("Could not find Product with ID %d", it.productID), "input", "productMedia", i, "productId")
			continue
		}
		if it.variantID != 0 {
			if v := c.variantByID[it.variantID]; v == nil || v.product != prod {
				pr.fail(fmt.Sprintf("Product variant %d does not belong to product %d", it.variantID, prod.id), "input", "productMedia", i, "variantId")
			}
		}
		if it.metaJSON != "" {
			var obj map[string]any
			if json.Unmarshal([]byte(it.metaJSON), &obj) != nil {
				pr.fail("metaDataJSON must be a JSON object", "input", "productMedia", i, "metaDataJSON")
			}
		}
		if it.url == "" {
			pr.fail("url must not be empty", "input", "productMedia", i, "url")
		}
		batch.items = append(batch.items, it)
	}
	if pr.failed() {
		return
	}
	n := c.newID("MediaBatch")
	sum := sha1.Sum([]byte("media-batch-" + strconv.Itoa(n)))
	batch.queueID = hex.EncodeToString(sum[:16])
	for i, it := range batch.items {
		it.key = fmt.Sprintf("%s-%d", batch.queueID[:8], i)
	}
	c.batches[batch.queueID] = batch
	p.extra = map[string]any{"queueId": batch.queueID}
}

// pollMediaBatch answers mediaBatch(queueId). A batch completes on the poll after
// Options.MediaPollsUntilComplete pending polls; completing it creates the media, with the
// originalUrl/originalSha1 metadata Centra adds (§3.10). The caller holds the write lock.
func (rq *request) pollMediaBatch(args map[string]any) (any, error) {
	id, _ := args["queueId"].(string)
	b := rq.sb.cat.batches[id]
	if b == nil {
		return nil, nil
	}
	b.polls++
	if !b.complete && b.polls > rq.sb.mediaPolls {
		rq.completeBatch(b)
	}
	return b, nil
}

func (rq *request) completeBatch(b *mediaBatchRec) {
	c := rq.sb.cat
	for _, it := range b.items {
		prod := c.productByID[it.productID]
		meta := map[string]any{}
		if it.metaJSON != "" {
			_ = json.Unmarshal([]byte(it.metaJSON), &meta)
		}
		sum := sha1.Sum([]byte(it.url))
		meta["originalUrl"] = it.url
		meta["originalSha1"] = hex.EncodeToString(sum[:])
		meta["originalWidth"] = 1200
		meta["originalHeight"] = 1600
		metaJSON, _ := json.Marshal(meta)
		m := &mediaRec{id: c.newID("ProductMedia"), product: prod, url: "", metaJSON: string(metaJSON), altText: it.altText}
		m.url = fmt.Sprintf("https://media.centra-sandbox.test/client/dynamic/images/%d_%s.jpg", m.id, hex.EncodeToString(sum[:4]))
		if it.variantID != 0 {
			m.variant = c.variantByID[it.variantID]
		}
		prod.media = append(prod.media, m)
		c.mediaByID[m.id] = m
		it.mediaID = m.id
		c.bumpProduct(prod, rq.now)
	}
	b.complete = true
}

func (b *mediaBatchRec) typeName() string { return "MediaBatch" }

func (b *mediaBatchRec) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "queueId":
		return b.queueID, nil
	case "status":
		if b.complete {
			return "COMPLETED", nil
		}
		return "IN_PROGRESS", nil
	case "productMedia":
		out := make([]any, len(b.items))
		for i, it := range b.items {
			var variant any
			if it.variantID != 0 {
				variant = it.variantID
			}
			out[i] = &staticObject{typ: "MediaBatchProduct", fields: map[string]any{
				"productId": it.productID, "variantId": variant, "mediaType": it.mediaType, "url": it.url,
				"key": it.key, "completed": b.complete, "altText": emptyNull(it.altText),
			}}
		}
		return out, nil
	}
	return nil, unsupported("MediaBatch." + name)
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

// writeStock runs changeStock / setStock for a token that holds StockChange:write (an ERP
// token). A PIM token never gets here: the permission check denies it first (§6, §9.14).
func (rq *request) writeStock(name string, in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	p.extra = map[string]any{"stockChanges": []any{}}
	warehouse := func(key string) int {
		w, ok := in.obj(key)
		if !ok {
			return 0
		}
		id, _ := w.integer("id")
		if _, known := c.warehouses[id]; !known {
			pr.fail(fmt.Sprintf("Could not find Warehouse with ID %d", id), "input", key, "id")
		}
		return id
	}
	target, source := warehouse("warehouse"), 0
	if name == "changeStock" {
		target, source = warehouse("intoWarehouse"), warehouse("outFromWarehouse")
	}
	type change struct {
		size     *productSizeRec
		qty      int
		absolute bool
	}
	var changes []change
	for i, v := range in.list("productVariants") {
		vin, _ := asInput(v)
		variant := lookupRef(rq, vin["productVariant"], "ProductVariant", c.variantByID, pr, "input", "productVariants", i, "productVariant")
		if variant == nil {
			continue
		}
		key, qtyKey := "sizeChanges", "deliveredQuantity"
		if name == "setStock" {
			key, qtyKey = "sizeStockLevels", "quantity"
		}
		for j, sv := range vin.list(key) {
			sin, _ := asInput(sv)
			size := rq.refSize(sin["size"], variant.sizeChart, pr, "input", "productVariants", i, key, j, "size")
			qty, _ := sin.integer(qtyKey)
			if size == nil {
				continue
			}
			idx := slices.IndexFunc(variant.sizes, func(s *productSizeRec) bool { return s.size == size })
			if idx < 0 {
				pr.fail(fmt.Sprintf("Size %q is not active on product variant %d", size.name, variant.id), "input", "productVariants", i, key, j)
				continue
			}
			if name == "setStock" && qty < 0 {
				pr.fail("Stock value must be greater or equal to 0", "input", "productVariants", i, key, j, "quantity")
				continue
			}
			changes = append(changes, change{size: variant.sizes[idx], qty: qty, absolute: name == "setStock"})
		}
	}
	if pr.failed() {
		return
	}
	for _, ch := range changes {
		if ch.absolute {
			c.stock[stockKey{ch.size.id, target}] = ch.qty
			continue
		}
		if target != 0 {
			c.stock[stockKey{ch.size.id, target}] += ch.qty
		}
		if source != 0 {
			c.stock[stockKey{ch.size.id, source}] -= ch.qty
		}
	}
	record := &staticObject{typ: "StockChange", fields: map[string]any{"id": c.newID("StockChange")}}
	p.obj = record
	p.extra = map[string]any{"stockChanges": []any{record}}
}

// setPrices runs for a token with Price:write only (never the PIM token).
func (rq *request) setPrices(in input, p *payload) {
	c := rq.sb.cat
	pl, _ := in.obj("pricelist")
	plID, _ := pl.integer("id")
	if !slices.ContainsFunc(c.pricelists, func(x *pricelistRec) bool { return x.id == plID }) {
		p.pr.fail(fmt.Sprintf("Could not find Pricelist with ID %d", plID), "input", "pricelist", "id")
		return
	}
	type price struct {
		product *productRec
		value   float64
	}
	var prices []price
	for i, v := range in.list("productPrices") {
		pin, _ := asInput(v)
		prod := lookupRef(rq, pin["product"], "Product", c.productByID, p.pr, "input", "productPrices", i, "product")
		m := moneyInput(pin["price"])
		if prod != nil && m != nil {
			prices = append(prices, price{prod, m.value})
		}
	}
	if p.pr.failed() {
		return
	}
	for _, pr := range prices {
		c.prices[priceKey{plID, pr.product.id}] = pr.value
	}
}
