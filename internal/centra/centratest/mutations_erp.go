package centratest

import (
	"fmt"
	"slices"
)

// The stock and price writes exist so that the sandbox can refuse them to a PIM token and
// count every attempt (docs/reference/centra-api.md §9.14). Only a token holding StockChange:write or
// Price:write, such as an ERP's, reaches the code below.

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
