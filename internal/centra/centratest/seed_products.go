package centratest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// ProductSeed is a product loaded straight into the catalogue, bypassing the API: the
// state a test or benchmark starts from, or products "created by hand" in Centra.
type ProductSeed struct {
	Number     string          `json:"productNumber"`
	Name       string          `json:"name"`
	Status     string          `json:"status,omitempty"` // default ACTIVE
	Brand      string          `json:"brand,omitempty"`
	Collection string          `json:"collection,omitempty"`
	Folder     string          `json:"folder,omitempty"`
	ExternalID string          `json:"externalId,omitempty"`
	Attributes []AttributeEdit `json:"attributes,omitempty"`
	Variants   []VariantSeed   `json:"variants,omitempty"`
	Displays   []DisplaySeed   `json:"displays,omitempty"`
	// Prices by pricelist name.
	Prices map[string]float64 `json:"prices,omitempty"`
}

// VariantSeed is a variant of a ProductSeed; every size is activated.
type VariantSeed struct {
	Number     string          `json:"variantNumber"`
	Name       string          `json:"name"`
	Status     string          `json:"status,omitempty"`
	SizeChart  string          `json:"sizeChart,omitempty"`
	Sizes      []SizeSeed      `json:"sizes,omitempty"`
	Attributes []AttributeEdit `json:"attributes,omitempty"`
}

// SizeSeed activates one size of the variant's chart.
type SizeSeed struct {
	Size       string `json:"size"`
	SizeNumber string `json:"sizeNumber,omitempty"`
	EAN        string `json:"ean,omitempty"`
}

// DisplaySeed is a display of a ProductSeed; Variants are variant numbers (all when empty).
type DisplaySeed struct {
	Store      string   `json:"store"`
	Name       string   `json:"name,omitempty"`
	Status     string   `json:"status,omitempty"`
	Markets    []string `json:"markets,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Variants   []string `json:"variants,omitempty"`
}

// AttributeEdit sets an attribute: Value for a dynamic element Key, or Mapped (the value's
// name) for a mapped type. Remove clears the type instead.
type AttributeEdit struct {
	Type   string `json:"type"`
	Key    string `json:"key,omitempty"`
	Value  string `json:"value,omitempty"`
	Mapped string `json:"mapped,omitempty"`
	Remove bool   `json:"remove,omitempty"`
}

// SeedProducts loads products directly. Every reference is checked first; on an error
// nothing is loaded.
func (s *Sandbox) SeedProducts(seeds []ProductSeed) error {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	c := s.cat
	now := s.now()
	built := make([]*productRec, 0, len(seeds))
	type pendingPrice struct {
		pl    *pricelistRec
		value float64
	}
	prices := make([][]pendingPrice, 0, len(seeds))
	var errs []error
	for _, seed := range seeds {
		p, err := c.buildProduct(seed, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("product %q: %w", seed.Number, err))
			continue
		}
		var pp []pendingPrice
		for name, value := range seed.Prices {
			pl := c.pricelistNamed(name)
			if pl == nil {
				errs = append(errs, fmt.Errorf("product %q: unknown pricelist %q", seed.Number, name))
				continue
			}
			pp = append(pp, pendingPrice{pl, value})
		}
		built = append(built, p)
		prices = append(prices, pp)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, p := range built {
		// Ids are handed out only now, so a failed seed leaves no gaps.
		p.id = c.newID("Product")
		for _, v := range p.variants {
			v.id = c.newID("ProductVariant")
			for _, sz := range v.sizes {
				sz.id = c.newID("ProductSize")
			}
		}
		for _, d := range p.displays {
			d.id = c.newID("Display")
			c.displays = append(c.displays, d)
			c.displayByID[d.id] = d
		}
		c.addProduct(p)
		if seeds[i].ExternalID != "" {
			c.conversions.set(DefaultIntegrationName, "Product", seeds[i].ExternalID, p.id)
		}
		for _, pp := range prices[i] {
			c.prices[priceKey{pp.pl.id, p.id}] = pp.value
		}
	}
	c.touch()
	return nil
}

func (c *catalog) buildProduct(seed ProductSeed, now time.Time) (*productRec, error) {
	p := &productRec{number: seed.Number, name: seed.Name, status: orDefault(seed.Status, "ACTIVE"), createdAt: now, updatedAt: now}
	if seed.Brand != "" {
		p.brand = c.brandNamed(seed.Brand)
		if p.brand == nil {
			return nil, fmt.Errorf("unknown brand %q", seed.Brand)
		}
	}
	if seed.Collection != "" {
		i := slices.IndexFunc(c.collections, func(x *collectionRec) bool { return x.name == seed.Collection })
		if i < 0 {
			return nil, fmt.Errorf("unknown collection %q", seed.Collection)
		}
		p.collection = c.collections[i]
	}
	if seed.Folder != "" {
		i := slices.IndexFunc(c.folders, func(x *folderRec) bool { return x.name == seed.Folder })
		if i < 0 {
			return nil, fmt.Errorf("unknown folder %q", seed.Folder)
		}
		p.folder = c.folders[i]
	}
	if err := c.editAttributes(&p.attrs, "Product", seed.Attributes); err != nil {
		return nil, err
	}
	for _, vs := range seed.Variants {
		v := &variantRec{product: p, name: vs.Name, status: orDefault(vs.Status, "ACTIVE"), number: vs.Number, updatedAt: now}
		if vs.SizeChart != "" {
			v.sizeChart = c.chartNamed(vs.SizeChart)
			if v.sizeChart == nil {
				return nil, fmt.Errorf("variant %q: unknown size chart %q", vs.Number, vs.SizeChart)
			}
		}
		for _, ss := range vs.Sizes {
			if v.sizeChart == nil {
				return nil, fmt.Errorf("variant %q: sizes need a size chart", vs.Number)
			}
			i := slices.IndexFunc(v.sizeChart.sizes, func(x *sizeRec) bool { return x.name == ss.Size })
			if i < 0 {
				return nil, fmt.Errorf("variant %q: size %q is not in chart %q", vs.Number, ss.Size, vs.SizeChart)
			}
			v.sizes = append(v.sizes, &productSizeRec{variant: v, size: v.sizeChart.sizes[i], ean: ss.EAN, sizeNumber: ss.SizeNumber, active: true, updatedAt: now})
		}
		if err := c.editAttributes(&v.attrs, "ProductVariant", vs.Attributes); err != nil {
			return nil, fmt.Errorf("variant %q: %w", vs.Number, err)
		}
		p.variants = append(p.variants, v)
	}
	for _, ds := range seed.Displays {
		d, err := c.buildDisplay(p, ds, now)
		if err != nil {
			return nil, err
		}
		p.displays = append(p.displays, d)
	}
	return p, nil
}

func (c *catalog) buildDisplay(p *productRec, ds DisplaySeed, now time.Time) (*displayRec, error) {
	store := c.storeNamed(ds.Store)
	if store == nil {
		return nil, fmt.Errorf("display: unknown store %q", ds.Store)
	}
	d := &displayRec{product: p, store: store, name: orDefault(ds.Name, p.name), status: orDefault(ds.Status, "ACTIVE"), updatedAt: now}
	d.uri = slugify(d.name + " " + p.number)
	for _, m := range ds.Markets {
		mk := c.marketNamed(store, m)
		if mk == nil {
			return nil, fmt.Errorf("display: unknown market %q in store %q", m, ds.Store)
		}
		d.markets = append(d.markets, mk)
	}
	for _, name := range ds.Categories {
		i := slices.IndexFunc(c.categories, func(x *categoryRec) bool { return x.name == name && x.store == store })
		if i < 0 {
			return nil, fmt.Errorf("display: unknown category %q in store %q", name, ds.Store)
		}
		d.categories = append(d.categories, c.categories[i])
	}
	for _, v := range p.variants {
		if len(ds.Variants) == 0 || slices.Contains(ds.Variants, v.number) {
			d.variants = append(d.variants, v)
		}
	}
	return d, nil
}

// editAttributes applies attribute edits by type and value names, checking the registry.
func (c *catalog) editAttributes(a *assignedAttrs, objectType string, edits []AttributeEdit) error {
	var ch attrChange
	for _, e := range edits {
		t := c.attrTypeByNm[e.Type]
		if t == nil || t.objectType != objectType {
			return fmt.Errorf("unknown %s attribute type %q", objectType, e.Type)
		}
		switch {
		case e.Remove && t.mapped:
			ch.mappedRemove = append(ch.mappedRemove, mappedRemoval{typ: t})
		case e.Remove:
			for _, el := range t.elements {
				ch.dynamicRemove = append(ch.dynamicRemove, dynamicValue{typ: t, key: el.key})
			}
		case t.mapped:
			i := slices.IndexFunc(c.mapped, func(m *mappedRec) bool { return m.typ == t && m.name == e.Mapped })
			if i < 0 {
				return fmt.Errorf("attribute type %q has no value %q", e.Type, e.Mapped)
			}
			ch.mappedAdd = append(ch.mappedAdd, c.mapped[i])
		default:
			if t.element(e.Key) == nil {
				return fmt.Errorf("attribute type %q has no element %q", e.Type, e.Key)
			}
			ch.dynamicSet = append(ch.dynamicSet, dynamicValue{typ: t, key: e.Key, value: e.Value})
		}
	}
	a.apply(ch)
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *catalog) brandNamed(name string) *brandRec {
	for _, b := range c.brands {
		if b.name == name {
			return b
		}
	}
	return nil
}

func (c *catalog) chartNamed(name string) *sizeChartRec {
	for _, sc := range c.sizeCharts {
		if sc.name == name {
			return sc
		}
	}
	return nil
}

// GenerateSpec describes a synthetic catalogue for benchmarks: Products products of
// Variants variants each, every size of SizeChart active, a display in Store on every
// market and in the first category of it, and a price in every pricelist of the store:
// every generated product is visible.
type GenerateSpec struct {
	Products  int    `json:"products"`
	Variants  int    `json:"variants"`
	SizeChart string `json:"sizeChart"`
	Brand     string `json:"brand"`
	Store     string `json:"store"`
	// Prefix starts every product number ("GEN" when empty).
	Prefix string `json:"prefix,omitempty"`
}

// GenerateCatalog loads a synthetic catalogue and returns its product numbers.
func (s *Sandbox) GenerateCatalog(spec GenerateSpec) ([]string, error) {
	s.cat.mu.RLock()
	chart := s.cat.chartNamed(spec.SizeChart)
	store := s.cat.storeNamed(spec.Store)
	var markets, pricelists, categories []string
	for _, cat := range s.cat.categories {
		if cat.store == store && len(categories) == 0 {
			categories = append(categories, cat.name)
		}
	}
	for _, m := range s.cat.markets {
		if m.store == store {
			markets = append(markets, m.name)
		}
	}
	for _, pl := range s.cat.pricelists {
		if pl.store == store {
			pricelists = append(pricelists, pl.name)
		}
	}
	s.cat.mu.RUnlock()
	if chart == nil || store == nil {
		return nil, fmt.Errorf("unknown size chart %q or store %q", spec.SizeChart, spec.Store)
	}
	prefix := orDefault(spec.Prefix, "GEN")
	seeds := make([]ProductSeed, 0, spec.Products)
	numbers := make([]string, 0, spec.Products)
	for i := range spec.Products {
		number := prefix + strconv.Itoa(100000+i)
		seed := ProductSeed{Number: number, Name: "Generated product " + strconv.Itoa(i), Brand: spec.Brand,
			Displays: []DisplaySeed{{Store: spec.Store, Markets: markets, Categories: categories}}, Prices: map[string]float64{}}
		for _, pl := range pricelists {
			seed.Prices[pl] = 49
		}
		for v := range spec.Variants {
			vs := VariantSeed{Number: "-" + strconv.Itoa(v+1), Name: "Colour " + strconv.Itoa(v+1), SizeChart: chart.name}
			for _, sz := range chart.sizes {
				vs.Sizes = append(vs.Sizes, SizeSeed{Size: sz.name, SizeNumber: "-" + sz.name})
			}
			seed.Variants = append(seed.Variants, vs)
		}
		seeds = append(seeds, seed)
		numbers = append(numbers, number)
	}
	return numbers, s.SeedProducts(seeds)
}
