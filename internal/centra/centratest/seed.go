package centratest

import (
	"fmt"
	"strings"
)

// ReferenceData is the configuration a Centra environment has before any product arrives:
// stores, markets, pricelists, brands, size charts, categories and the custom attribute
// definitions with their mapped values (docs/reference/centra-api.md §7 step 1). Objects refer to each
// other by name. Seeding adds to what is there.
type ReferenceData struct {
	Stores         []StoreSeed         `json:"stores,omitempty"`
	Markets        []MarketSeed        `json:"markets,omitempty"`
	Pricelists     []PricelistSeed     `json:"pricelists,omitempty"`
	Brands         []BrandSeed         `json:"brands,omitempty"`
	Collections    []CollectionSeed    `json:"collections,omitempty"`
	Folders        []string            `json:"folders,omitempty"`
	SizeCharts     []SizeChartSeed     `json:"sizeCharts,omitempty"`
	Categories     []CategorySeed      `json:"categories,omitempty"`
	AttributeTypes []AttributeTypeSeed `json:"attributeTypes,omitempty"`
	MappedValues   []MappedValueSeed   `json:"mappedValues,omitempty"`
	Warehouses     []string            `json:"warehouses,omitempty"`
}

// StoreSeed is a store; Type is DIRECT_TO_CONSUMER (default) or WHOLESALE.
type StoreSeed struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// MarketSeed is a market of a store (§2.1).
type MarketSeed struct {
	Name       string   `json:"name"`
	Store      string   `json:"store"`
	ExternalID string   `json:"externalId,omitempty"`
	Countries  []string `json:"countries,omitempty"`
}

// PricelistSeed is a pricelist of a store that serves the named markets. Inactive lists
// make their products invisible (the CHECKLIST, §7).
type PricelistSeed struct {
	Name     string   `json:"name"`
	Store    string   `json:"store"`
	Currency string   `json:"currency"`
	Markets  []string `json:"markets"`
	Inactive bool     `json:"inactive,omitempty"`
}

// BrandSeed is a brand enabled in the named stores.
type BrandSeed struct {
	Name       string   `json:"name"`
	Stores     []string `json:"stores"`
	ExternalID string   `json:"externalId,omitempty"`
}

// CollectionSeed is a collection (a season label, §2.1).
type CollectionSeed struct {
	Name   string `json:"name"`
	Status string `json:"status,omitempty"`
}

// SizeChartSeed is a size chart. Sizes are named after the horizontal labels, or
// "<h><divider><v>" for two-dimensional charts (§2.4).
type SizeChartSeed struct {
	Name             string   `json:"name"`
	HorizontalLabels []string `json:"horizontalLabels"`
	VerticalLabels   []string `json:"verticalLabels,omitempty"`
	DividerSymbol    string   `json:"dividerSymbol,omitempty"`
	ExternalID       string   `json:"externalId,omitempty"`
}

// CategorySeed is a category of a store.
type CategorySeed struct {
	Name  string `json:"name"`
	Store string `json:"store"`
	URI   string `json:"uri,omitempty"`
}

// AttributeTypeSeed defines a custom attribute type (§4): Mapped types take pre-created
// values by id, dynamic ones take a string per element.
type AttributeTypeSeed struct {
	Name        string                 `json:"name"`
	Description string                 `json:"description,omitempty"`
	ObjectType  string                 `json:"objectType"`
	Mapped      bool                   `json:"mapped,omitempty"`
	Multi       bool                   `json:"multi,omitempty"`
	Elements    []AttributeElementSeed `json:"elements"`
}

// AttributeElementSeed is one element of an attribute type; Kind is an AttributeElementKind.
type AttributeElementSeed struct {
	Key         string `json:"key"`
	Description string `json:"description,omitempty"`
	Kind        string `json:"kind,omitempty"`
}

// MappedValueSeed is a value of a mapped attribute type, with its element values by key.
type MappedValueSeed struct {
	Type     string            `json:"type"`
	Name     string            `json:"name"`
	Elements map[string]string `json:"elements"`
}

// DefaultSeed is reference data that looks like a small fashion retailer: a Retail store
// with EU, US and UK markets and a pricelist each, a Wholesale store, four brands (one only
// in Wholesale, to exercise the brand-in-store gate), letter (S–XXL), numeric (36–46) and
// one-size charts, categories, and the attribute types material_composition (dynamic),
// care_instructions, fit, occasion (mapped, multi) and color (mapped, on variants).
func DefaultSeed() ReferenceData {
	return ReferenceData{
		Stores: []StoreSeed{{Name: "Retail", Type: "DIRECT_TO_CONSUMER"}, {Name: "Wholesale", Type: "WHOLESALE"}},
		Markets: []MarketSeed{
			{Name: "EU", Store: "Retail", Countries: []string{"DE", "FR", "NL", "SE"}},
			{Name: "US", Store: "Retail", Countries: []string{"US"}},
			{Name: "UK", Store: "Retail", Countries: []string{"GB"}},
			{Name: "Wholesale EU", Store: "Wholesale", Countries: []string{"DE", "SE"}},
		},
		Pricelists: []PricelistSeed{
			{Name: "EUR", Store: "Retail", Currency: "EUR", Markets: []string{"EU"}},
			{Name: "USD", Store: "Retail", Currency: "USD", Markets: []string{"US"}},
			{Name: "GBP", Store: "Retail", Currency: "GBP", Markets: []string{"UK"}},
		},
		Brands: []BrandSeed{
			{Name: "Northwind Apparel", Stores: []string{"Retail", "Wholesale"}},
			{Name: "Fjord & Pine", Stores: []string{"Retail"}},
			{Name: "Atelier Lumen", Stores: []string{"Retail"}},
			{Name: "Solstice Denim", Stores: []string{"Wholesale"}},
		},
		Collections: []CollectionSeed{{Name: "AW25"}, {Name: "SS26"}},
		Folders:     []string{"Tops", "Bottoms", "Outerwear", "Accessories"},
		SizeCharts: []SizeChartSeed{
			{Name: "Letter", HorizontalLabels: []string{"S", "M", "L", "XL", "XXL"}},
			{Name: "Numeric EU", HorizontalLabels: []string{"36", "38", "40", "42", "44", "46"}},
			{Name: "One Size", HorizontalLabels: []string{"ONE SIZE"}},
		},
		Categories: []CategorySeed{
			{Name: "Women", Store: "Retail"}, {Name: "Men", Store: "Retail"}, {Name: "Tops", Store: "Retail"},
			{Name: "Bottoms", Store: "Retail"}, {Name: "Outerwear", Store: "Retail"}, {Name: "New In", Store: "Retail"},
		},
		AttributeTypes: []AttributeTypeSeed{
			{Name: "material_composition", Description: "Material composition", ObjectType: "Product",
				Elements: []AttributeElementSeed{{Key: "text", Description: "Composition", Kind: "TEXTAREA"}}},
			{Name: "care_instructions", Description: "Care instructions", ObjectType: "Product", Mapped: true,
				Elements: []AttributeElementSeed{{Key: "text", Description: "Instruction", Kind: "INPUT"}}},
			{Name: "fit", Description: "Fit", ObjectType: "Product", Mapped: true,
				Elements: []AttributeElementSeed{{Key: "name", Description: "Fit", Kind: "INPUT"}}},
			{Name: "occasion", Description: "Occasion", ObjectType: "Product", Mapped: true, Multi: true,
				Elements: []AttributeElementSeed{{Key: "name", Description: "Occasion", Kind: "INPUT"}}},
			{Name: "color", Description: "Colour swatch", ObjectType: "ProductVariant", Mapped: true,
				Elements: []AttributeElementSeed{{Key: "color_text", Description: "Colour", Kind: "INPUT"}, {Key: "hex", Description: "Hex", Kind: "INPUT"}}},
			{Name: "sustainability_note", Description: "Sustainability note", ObjectType: "Display",
				Elements: []AttributeElementSeed{{Key: "text", Description: "Note", Kind: "TEXTAREA"}}},
		},
		MappedValues: []MappedValueSeed{
			{Type: "care_instructions", Name: "Machine wash 30", Elements: map[string]string{"text": "Machine wash at 30°C"}},
			{Type: "care_instructions", Name: "Hand wash", Elements: map[string]string{"text": "Hand wash only"}},
			{Type: "care_instructions", Name: "Dry clean", Elements: map[string]string{"text": "Dry clean only"}},
			{Type: "fit", Name: "Slim", Elements: map[string]string{"name": "Slim"}},
			{Type: "fit", Name: "Regular", Elements: map[string]string{"name": "Regular"}},
			{Type: "fit", Name: "Relaxed", Elements: map[string]string{"name": "Relaxed"}},
			{Type: "fit", Name: "Oversized", Elements: map[string]string{"name": "Oversized"}},
			{Type: "occasion", Name: "Casual", Elements: map[string]string{"name": "Casual"}},
			{Type: "occasion", Name: "Work", Elements: map[string]string{"name": "Work"}},
			{Type: "occasion", Name: "Evening", Elements: map[string]string{"name": "Evening"}},
			{Type: "color", Name: "Black", Elements: map[string]string{"color_text": "Black", "hex": "#000000"}},
			{Type: "color", Name: "White", Elements: map[string]string{"color_text": "White", "hex": "#FFFFFF"}},
			{Type: "color", Name: "Navy", Elements: map[string]string{"color_text": "Navy", "hex": "#1F2A44"}},
			{Type: "color", Name: "Olive", Elements: map[string]string{"color_text": "Olive", "hex": "#708238"}},
			{Type: "color", Name: "Sand", Elements: map[string]string{"color_text": "Sand", "hex": "#C2B280"}},
		},
		Warehouses: []string{"Main warehouse"},
	}
}

// applyReference adds ref to the catalogue. It checks every cross-reference first and
// changes nothing when one is wrong.
func (c *catalog) applyReference(ref ReferenceData) error {
	if err := c.checkReference(ref); err != nil {
		return err
	}
	for _, s := range ref.Stores {
		typ := s.Type
		if typ == "" {
			typ = "DIRECT_TO_CONSUMER"
		}
		st := &storeRec{id: c.newID("Store"), name: s.Name, typ: typ}
		c.stores = append(c.stores, st)
		c.storeByID[st.id] = st
	}
	for _, m := range ref.Markets {
		mk := &marketRec{id: c.newID("Market"), name: m.Name, store: c.storeNamed(m.Store), countries: m.Countries}
		c.markets = append(c.markets, mk)
		c.marketByID[mk.id] = mk
		if m.ExternalID != "" {
			c.conversions.set(DefaultIntegrationName, "Market", m.ExternalID, mk.id)
		}
	}
	for _, p := range ref.Pricelists {
		pl := &pricelistRec{id: c.newID("Pricelist"), name: p.Name, store: c.storeNamed(p.Store), currency: p.Currency, active: !p.Inactive}
		for _, m := range p.Markets {
			pl.markets = append(pl.markets, c.marketNamed(pl.store, m))
		}
		c.pricelists = append(c.pricelists, pl)
	}
	for _, b := range ref.Brands {
		br := &brandRec{id: c.newID("Brand"), name: b.Name, uri: slugify(b.Name)}
		for _, s := range b.Stores {
			br.stores = append(br.stores, c.storeNamed(s))
		}
		c.brands = append(c.brands, br)
		c.brandByID[br.id] = br
		if b.ExternalID != "" {
			c.conversions.set(DefaultIntegrationName, "Brand", b.ExternalID, br.id)
		}
	}
	for _, col := range ref.Collections {
		status := col.Status
		if status == "" {
			status = "ACTIVE"
		}
		cr := &collectionRec{id: c.newID("Collection"), name: col.Name, status: status}
		c.collections = append(c.collections, cr)
		c.collByID[cr.id] = cr
	}
	for _, f := range ref.Folders {
		fr := &folderRec{id: c.newID("Folder"), name: f}
		c.folders = append(c.folders, fr)
		c.folderByID[fr.id] = fr
	}
	for _, sc := range ref.SizeCharts {
		c.addSizeChart(DefaultIntegrationName, sc)
	}
	for _, cat := range ref.Categories {
		uri := cat.URI
		if uri == "" {
			uri = slugify(cat.Name)
		}
		cr := &categoryRec{id: c.newID("Category"), name: cat.Name, uri: uri, store: c.storeNamed(cat.Store)}
		c.categories = append(c.categories, cr)
		c.catByID[cr.id] = cr
	}
	for _, at := range ref.AttributeTypes {
		t := &attrTypeRec{name: at.Name, description: at.Description, objectType: at.ObjectType, mapped: at.Mapped, multi: at.Multi}
		if t.description == "" {
			t.description = at.Name
		}
		for _, e := range at.Elements {
			kind := e.Kind
			if kind == "" {
				kind = "INPUT"
			}
			desc := e.Description
			if desc == "" {
				desc = e.Key
			}
			t.elements = append(t.elements, attrElementDef{key: e.Key, description: desc, kind: kind})
		}
		c.attrTypes = append(c.attrTypes, t)
		c.attrTypeByNm[t.name] = t
	}
	for _, mv := range ref.MappedValues {
		t := c.attrTypeByNm[mv.Type]
		m := &mappedRec{id: c.newID("Attribute"), name: mv.Name, typ: t}
		for _, e := range t.elements {
			if v, ok := mv.Elements[e.key]; ok {
				m.elements = append(m.elements, keyValue{e.key, v})
			}
		}
		c.mapped = append(c.mapped, m)
		c.mappedByID[m.id] = m
	}
	for _, w := range ref.Warehouses {
		c.warehouses[c.newID("Warehouse")] = w
	}
	c.touch()
	return nil
}

// addSizeChart creates a chart and its sizes, and the size id conversions
// "ChartName|SizeName" that createSizeChart registers (§3.11, §9.11).
func (c *catalog) addSizeChart(integration string, sc SizeChartSeed) *sizeChartRec {
	divider := sc.DividerSymbol
	if divider == "" && len(sc.VerticalLabels) > 0 {
		divider = "x"
	}
	chart := &sizeChartRec{id: c.newID("SizeChart"), name: sc.Name, horizontal: sc.HorizontalLabels, vertical: sc.VerticalLabels, divider: divider}
	for _, name := range sizeNames(sc.HorizontalLabels, sc.VerticalLabels, divider) {
		s := &sizeRec{id: c.newID("Size"), name: name, chart: chart}
		chart.sizes = append(chart.sizes, s)
		c.sizeByID[s.id] = s
		c.conversions.set(integration, "Size", chart.name+"|"+s.name, s.id)
	}
	c.sizeCharts = append(c.sizeCharts, chart)
	c.chartByID[chart.id] = chart
	if sc.ExternalID != "" {
		c.conversions.set(integration, "SizeChart", sc.ExternalID, chart.id)
	}
	return chart
}

// sizeNames builds a chart's size names: the horizontal labels, or every "<h><divider><v>"
// of a two-dimensional chart (PIM example: X,Y,Z × A,B with "x" → XxA, XxB, YxA, ...).
func sizeNames(h, v []string, divider string) []string {
	if len(v) == 0 {
		return append([]string(nil), h...)
	}
	out := make([]string, 0, len(h)*len(v))
	for _, a := range h {
		for _, b := range v {
			out = append(out, a+divider+b)
		}
	}
	return out
}

func (c *catalog) checkReference(ref ReferenceData) error {
	stores := map[string]bool{}
	for _, s := range c.stores {
		stores[s.name] = true
	}
	for _, s := range ref.Stores {
		if s.Name == "" {
			return fmt.Errorf("a store needs a name")
		}
		if s.Type != "" && s.Type != "DIRECT_TO_CONSUMER" && s.Type != "WHOLESALE" {
			return fmt.Errorf("store %q: unknown type %q", s.Name, s.Type)
		}
		stores[s.Name] = true
	}
	markets := map[string]bool{}
	for _, m := range c.markets {
		markets[m.store.name+"/"+m.name] = true
	}
	for _, m := range ref.Markets {
		if !stores[m.Store] {
			return fmt.Errorf("market %q: unknown store %q", m.Name, m.Store)
		}
		if markets[m.Store+"/"+m.Name] {
			// Market names are unique per store (docs/reference/centra-api.md §2.1).
			return fmt.Errorf("market %q already exists in store %q", m.Name, m.Store)
		}
		markets[m.Store+"/"+m.Name] = true
	}
	for _, p := range ref.Pricelists {
		if !stores[p.Store] {
			return fmt.Errorf("pricelist %q: unknown store %q", p.Name, p.Store)
		}
		for _, m := range p.Markets {
			if !markets[p.Store+"/"+m] {
				return fmt.Errorf("pricelist %q: unknown market %q in store %q", p.Name, m, p.Store)
			}
		}
	}
	for _, b := range ref.Brands {
		if len(b.Stores) == 0 {
			// BrandCreateInput: "At least one store is required." (§2.6, §9.9)
			return fmt.Errorf("brand %q: at least one store is required", b.Name)
		}
		for _, s := range b.Stores {
			if !stores[s] {
				return fmt.Errorf("brand %q: unknown store %q", b.Name, s)
			}
		}
	}
	for _, sc := range ref.SizeCharts {
		if sc.Name == "" || len(sc.HorizontalLabels) == 0 {
			return fmt.Errorf("size chart %q needs a name and horizontal labels", sc.Name)
		}
	}
	for _, cat := range ref.Categories {
		if !stores[cat.Store] {
			return fmt.Errorf("category %q: unknown store %q", cat.Name, cat.Store)
		}
	}
	// mapped says, for every attribute type known after this seed, whether it is mapped.
	mapped := map[string]bool{}
	for _, t := range c.attrTypes {
		mapped[t.name] = t.mapped
	}
	for _, at := range ref.AttributeTypes {
		if _, dup := mapped[at.Name]; dup {
			// Type names cannot be renamed or redefined (§4).
			return fmt.Errorf("attribute type %q already exists", at.Name)
		}
		if !validAttributeTypeName(at.Name) {
			// Type names: "letters, digits, underscore _ and minus sign -" (§4).
			return fmt.Errorf("attribute type %q: name may hold only letters, digits, _ and -", at.Name)
		}
		if !validObjectTypes[at.ObjectType] {
			return fmt.Errorf("attribute type %q: unknown object type %q", at.Name, at.ObjectType)
		}
		if len(at.Elements) == 0 {
			return fmt.Errorf("attribute type %q needs at least one element", at.Name)
		}
		for _, e := range at.Elements {
			if e.Kind != "" && !validElementKinds[e.Kind] {
				return fmt.Errorf("attribute type %q element %q: unknown kind %q", at.Name, e.Key, e.Kind)
			}
		}
		mapped[at.Name] = at.Mapped
	}
	for _, mv := range ref.MappedValues {
		isMapped, ok := mapped[mv.Type]
		if !ok {
			return fmt.Errorf("mapped value %q: unknown attribute type %q", mv.Name, mv.Type)
		}
		if !isMapped {
			return fmt.Errorf("mapped value %q: attribute type %q is not mapped", mv.Name, mv.Type)
		}
	}
	return nil
}

var validObjectTypes = map[string]bool{
	"Account": true, "Category": true, "Customer": true, "DeliveryGroup": true, "Display": true, "Order": true,
	"OrderLine": true, "Product": true, "ProductVariant": true, "ProductMedia": true, "SizeChart": true,
	"StoreItem": true, "Voucher": true, "Campaign": true,
}

var validElementKinds = map[string]bool{
	"INPUT": true, "TEXTAREA": true, "READONLY": true, "BOOLEAN": true, "SELECT": true, "IMAGE": true, "FILE": true,
}

func validAttributeTypeName(name string) bool {
	if name == "" {
		return false
	}
	return strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}

func (c *catalog) storeNamed(name string) *storeRec {
	for _, s := range c.stores {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (c *catalog) marketNamed(store *storeRec, name string) *marketRec {
	for _, m := range c.markets {
		if m.name == name && (store == nil || m.store == store) {
			return m
		}
	}
	return nil
}
