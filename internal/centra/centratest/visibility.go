package centratest

import (
	"fmt"
	"slices"
)

// Visibility says whether a product would be visible and purchasable in a store and
// market, and if not, every reason why (docs/reference/centra-api.md §7 CHECKLIST, §9.17).
type Visibility struct {
	Product string   `json:"product"`
	Store   string   `json:"store"`
	Market  string   `json:"market"`
	Visible bool     `json:"visible"`
	Reasons []string `json:"reasons,omitempty"`
}

// Visibility evaluates the checklist for the product with the number (the oldest when
// duplicated) in the named store and market:
//   - product: exists, name non-empty, status ACTIVE, brand set and enabled in the store;
//   - display: exists in the store, ACTIVE, the market selected, categories set;
//   - variants: at least one ACTIVE variant with a size chart and an active size is
//     activated on the display (stock may be 0: a missing stock row counts as 0, §6);
//   - market: belongs to the store;
//   - price: an active pricelist of the store serves the market and has a price for the
//     product (0 is fine, none is not).
func (s *Sandbox) Visibility(productNumber, store, market string) Visibility {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	c := s.cat
	v := Visibility{Product: productNumber, Store: store, Market: market}
	fail := func(format string, args ...any) { v.Reasons = append(v.Reasons, fmt.Sprintf(format, args...)) }
	prods := c.productByNum[productNumber]
	st := c.storeNamed(store)
	var mk *marketRec
	if st != nil {
		mk = c.marketNamed(st, market)
	}
	switch {
	case len(prods) == 0:
		fail("product %q does not exist", productNumber)
	case st == nil:
		fail("store %q does not exist", store)
	case mk == nil:
		fail("market %q does not exist in store %q", market, store)
	}
	if len(v.Reasons) > 0 {
		return v
	}
	p := slices.MinFunc(prods, func(a, b *productRec) int { return a.id - b.id })
	if p.name == "" {
		fail("product name is empty")
	}
	if p.status != "ACTIVE" {
		fail("product status is %s, not ACTIVE", p.status)
	}
	switch {
	case p.brand == nil:
		fail("product has no brand")
	case !slices.Contains(p.brand.stores, st):
		fail("brand %q is not enabled in store %q", p.brand.name, store)
	}
	v.Reasons = append(v.Reasons, displayReasons(p, st, mk)...)
	if reason := c.priceReason(p, st, mk); reason != "" {
		fail("%s", reason)
	}
	v.Visible = len(v.Reasons) == 0
	return v
}

// displayReasons returns why none of the product's displays in the store shows it in the
// market, judging by the display with the fewest problems.
func displayReasons(p *productRec, st *storeRec, mk *marketRec) []string {
	var best []string
	found := false
	for _, d := range p.displays {
		if d.store != st {
			continue
		}
		var r []string
		if d.status != "ACTIVE" {
			r = append(r, fmt.Sprintf("display %d status is %s, not ACTIVE", d.id, d.status))
		}
		if !slices.Contains(d.markets, mk) {
			r = append(r, fmt.Sprintf("market %q is not selected on display %d", mk.name, d.id))
		}
		if len(d.categories) == 0 {
			r = append(r, fmt.Sprintf("display %d has no category", d.id))
		}
		if !slices.ContainsFunc(d.variants, sellableVariant) {
			r = append(r, variantReason(p, d))
		}
		if !found || len(r) < len(best) {
			best, found = r, true
		}
	}
	if !found {
		return []string{fmt.Sprintf("product has no display in store %q", st.name)}
	}
	return best
}

func sellableVariant(v *variantRec) bool {
	return v.status == "ACTIVE" && v.sizeChart != nil && slices.ContainsFunc(v.sizes, func(s *productSizeRec) bool { return s.active })
}

func variantReason(p *productRec, d *displayRec) string {
	switch {
	case len(p.variants) == 0:
		return "product has no variant"
	case !slices.ContainsFunc(p.variants, func(v *variantRec) bool { return v.status == "ACTIVE" }):
		return "product has no ACTIVE variant"
	case !slices.ContainsFunc(p.variants, func(v *variantRec) bool { return v.status == "ACTIVE" && v.sizeChart != nil }):
		return "no ACTIVE variant has a size chart"
	case !slices.ContainsFunc(p.variants, sellableVariant):
		return "no ACTIVE variant has an active size"
	}
	return fmt.Sprintf("no sellable variant is activated on display %d", d.id)
}

func (c *catalog) priceReason(p *productRec, st *storeRec, mk *marketRec) string {
	var serving []*pricelistRec
	for _, pl := range c.pricelists {
		if pl.store == st && slices.Contains(pl.markets, mk) {
			serving = append(serving, pl)
		}
	}
	if len(serving) == 0 {
		return fmt.Sprintf("no pricelist serves market %q", mk.name)
	}
	for _, pl := range serving {
		if !pl.active {
			continue
		}
		if _, ok := c.prices[priceKey{pl.id, p.id}]; ok {
			return ""
		}
	}
	if !slices.ContainsFunc(serving, func(pl *pricelistRec) bool { return pl.active }) {
		return fmt.Sprintf("no active pricelist serves market %q", mk.name)
	}
	return fmt.Sprintf("product has no price in the pricelist of market %q", mk.name)
}
