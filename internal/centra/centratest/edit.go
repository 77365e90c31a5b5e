package centratest

import (
	"fmt"
	"slices"
)

// ProductEdit is a change made "by hand" in Centra's back office: the drift a sync must
// notice. Nil fields are left alone.
type ProductEdit struct {
	Name       *string         `json:"name,omitempty"`
	Status     *string         `json:"status,omitempty"`
	HSCode     *string         `json:"harmonizedCommodityCode,omitempty"`
	Brand      *string         `json:"brand,omitempty"`
	Attributes []AttributeEdit `json:"attributes,omitempty"`
	// Variants are edits by variant number.
	Variants map[string]VariantEdit `json:"variants,omitempty"`
	// Displays are edits of the product's display in the named store.
	Displays map[string]DisplayEdit `json:"displays,omitempty"`
	// RemoveVariantSizes deactivates sizes: variant number → size names.
	RemoveVariantSizes map[string][]string `json:"removeVariantSizes,omitempty"`
}

// VariantEdit changes a variant by hand.
type VariantEdit struct {
	Name       *string         `json:"name,omitempty"`
	Status     *string         `json:"status,omitempty"`
	Attributes []AttributeEdit `json:"attributes,omitempty"`
}

// DisplayEdit changes a display by hand.
type DisplayEdit struct {
	Name           *string  `json:"name,omitempty"`
	Status         *string  `json:"status,omitempty"`
	Description    *string  `json:"description,omitempty"`
	AddMarkets     []string `json:"addMarkets,omitempty"`
	RemoveMarkets  []string `json:"removeMarkets,omitempty"`
	RemoveVariants []string `json:"removeVariants,omitempty"`
}

// EditProduct applies a hand edit to the product with the number (the oldest when
// duplicated) and moves its updatedAt, as an edit in AMS would.
func (s *Sandbox) EditProduct(productNumber string, e ProductEdit) error {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	c := s.cat
	prods := c.productByNum[productNumber]
	if len(prods) == 0 {
		return fmt.Errorf("unknown product number %q", productNumber)
	}
	p := slices.MinFunc(prods, func(a, b *productRec) int { return a.id - b.id })
	// Validate everything that can fail before changing anything.
	var brand *brandRec
	if e.Brand != nil && *e.Brand != "" {
		if brand = c.brandNamed(*e.Brand); brand == nil {
			return fmt.Errorf("unknown brand %q", *e.Brand)
		}
	}
	scratch := p.attrs
	scratch.mapped, scratch.dynamic = slices.Clone(p.attrs.mapped), slices.Clone(p.attrs.dynamic)
	if err := c.editAttributes(&scratch, "Product", e.Attributes); err != nil {
		return err
	}
	for number, ve := range e.Variants {
		if variantNumbered(p, number) == nil {
			return fmt.Errorf("product %q has no variant %q", productNumber, number)
		}
		var check assignedAttrs
		if err := c.editAttributes(&check, "ProductVariant", ve.Attributes); err != nil {
			return err
		}
	}
	for store, de := range e.Displays {
		d := displayIn(p, store)
		if d == nil {
			return fmt.Errorf("product %q has no display in store %q", productNumber, store)
		}
		for _, m := range append(slices.Clone(de.AddMarkets), de.RemoveMarkets...) {
			if c.marketNamed(d.store, m) == nil {
				return fmt.Errorf("unknown market %q in store %q", m, store)
			}
		}
	}
	for number := range e.RemoveVariantSizes {
		if variantNumbered(p, number) == nil {
			return fmt.Errorf("product %q has no variant %q", productNumber, number)
		}
	}

	now := s.now()
	setPtr(&p.name, e.Name)
	setPtr(&p.status, e.Status)
	setPtr(&p.hsCode, e.HSCode)
	if e.Brand != nil {
		p.brand = brand
	}
	p.attrs = scratch
	for number, ve := range e.Variants {
		v := variantNumbered(p, number)
		setPtr(&v.name, ve.Name)
		setPtr(&v.status, ve.Status)
		_ = c.editAttributes(&v.attrs, "ProductVariant", ve.Attributes)
		v.updatedAt = now
	}
	for store, de := range e.Displays {
		d := displayIn(p, store)
		setPtr(&d.name, de.Name)
		setPtr(&d.status, de.Status)
		setPtr(&d.description, de.Description)
		for _, m := range de.AddMarkets {
			d.markets = addAll(d.markets, []*marketRec{c.marketNamed(d.store, m)})
		}
		for _, m := range de.RemoveMarkets {
			d.markets = slices.DeleteFunc(d.markets, func(x *marketRec) bool { return x.name == m })
		}
		for _, number := range de.RemoveVariants {
			d.variants = slices.DeleteFunc(d.variants, func(v *variantRec) bool { return v.number == number })
		}
		d.updatedAt = now
	}
	for number, sizes := range e.RemoveVariantSizes {
		v := variantNumbered(p, number)
		for _, sz := range v.sizes {
			if slices.Contains(sizes, sz.size.name) {
				sz.active = false
				sz.updatedAt = now
			}
		}
	}
	c.bumpProduct(p, now)
	return nil
}

func setPtr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func variantNumbered(p *productRec, number string) *variantRec {
	for _, v := range p.variants {
		if v.number == number {
			return v
		}
	}
	return nil
}

func displayIn(p *productRec, store string) *displayRec {
	for _, d := range p.displays {
		if d.store.name == store {
			return d
		}
	}
	return nil
}
