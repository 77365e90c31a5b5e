package mapping

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Build turns a Plytix family into the desired Centra product (docs/design.md §4),
// running every gate. Every failure is recorded, not just the first, so a merchandiser sees all
// that is wrong with a product at once; a blocking failure means no product is returned at all:
// half a product is never written.
func (m *Mapping) Build(f catalog.Family, ref *catalog.Reference) *Built {
	b := &builder{m: m, ref: ref, family: f, out: &Built{SKUs: f.SKUs()}}
	b.out.ProductNumber = b.productNumber()
	b.checkProductGates()
	brand := b.resolveBrand()
	var chart catalog.SizeChart
	var groups []*colourGroup
	if b.withoutAxes() {
		chart, groups = b.oneSize()
	} else {
		chart = b.resolveSizeChart()
		groups = b.groupVariants(chart)
	}
	product := &catalog.Product{
		ProductNumber: b.out.ProductNumber,
		ExternalID:    ExternalID(f.Parent.ID),
		Status:        m.newStatus(),
		Brand:         brand,
		Fields:        map[string]string{},
		Attributes:    catalog.Attributes{},
		MediaURLs:     slices.Clone(f.Parent.MediaURLs),
		Display: &catalog.Display{
			Status: m.newStatus(), Fields: map[string]string{}, Markets: slices.Clone(m.Markets), Attributes: catalog.Attributes{},
		},
	}
	for _, g := range groups {
		product.Variants = append(product.Variants, b.variant(g, chart))
		product.Display.Variants = append(product.Display.Variants, g.number)
	}
	b.applyRules(product, groups)
	b.applyLookups(product)
	b.nameProduct(product)
	if slices.ContainsFunc(b.out.Failures, func(f Failure) bool { return f.Blocking }) {
		return b.out
	}
	b.out.Product = product
	return b.out
}

type builder struct {
	m      *Mapping
	ref    *catalog.Reference
	family catalog.Family
	out    *Built
}

// fail records a failure; a blocking one keeps the whole family out of Centra.
func (b *builder) fail(sku, attribute, reason string, blocks bool, format string, args ...any) {
	b.out.Failures = append(b.out.Failures, Failure{
		SKU: sku, Attribute: attribute, Reason: reason, Message: fmt.Sprintf(format, args...), Blocking: blocks,
	})
}

func (m *Mapping) newStatus() string {
	if m.Publish.NewProducts == "Inactive" {
		return catalog.StatusInactive
	}
	return catalog.StatusActive
}

func (b *builder) productNumber() string {
	p := &b.family.Parent
	if label := b.m.Hierarchy.ProductNumberAttribute; label != "" {
		v, _ := sourceValue(Source{Attribute: label}, p, nil)
		if !v.Empty() {
			return strings.TrimSpace(v.Items[0])
		}
		b.fail(p.SKU, label, pimv1alpha1.FailureMissingRequiredAttribute, true,
			"%s has no %s, which holds the Centra product number", p.SKU, label)
		return ""
	}
	if strings.TrimSpace(p.SKU) == "" {
		b.fail(p.ID, "sku", pimv1alpha1.FailureMissingRequiredAttribute, true, "Plytix product %s has no SKU", p.ID)
	}
	return p.SKU
}

// checkProductGates runs the status, completeness and required-attribute gates.
func (b *builder) checkProductGates() {
	p := &b.family.Parent
	g := b.m.Gates
	if len(g.RequiredStatus) > 0 && !slices.Contains(g.RequiredStatus, p.Status) {
		b.fail(p.SKU, "status", pimv1alpha1.FailureStatusNotAllowed, true,
			"%s is %q in Plytix; only %s products are synced", p.SKU, p.Status, strings.Join(g.RequiredStatus, " or "))
	}
	if g.MinCompleteness != nil && *g.MinCompleteness > 0 && g.CompletenessAttribute != "" {
		b.checkCompleteness(p, int(*g.MinCompleteness), g.CompletenessAttribute)
	}
	for _, label := range g.RequiredAttributes {
		b.requireEverywhere(label, "gates.requiredAttributes")
	}
}

func (b *builder) checkCompleteness(p *catalog.SourceProduct, minimum int, label string) {
	v, _ := sourceValue(Source{Attribute: label}, p, nil)
	if v.Empty() {
		b.fail(p.SKU, label, pimv1alpha1.FailureCompletenessTooLow, true, "%s has no %s value; it must be at least %d%%", p.SKU, label, minimum)
		return
	}
	pct, err := parseNumber(v.Items[0])
	if err != nil {
		b.fail(p.SKU, label, pimv1alpha1.FailureInvalidValue, true, "%s has %s %q, which is not a percentage", p.SKU, label, v.Items[0])
		return
	}
	if pct < float64(minimum) {
		b.fail(p.SKU, label, pimv1alpha1.FailureCompletenessTooLow, true,
			"%s is %s%% complete in Plytix; at least %d%% is required", p.SKU, trimFloat(pct), minimum)
	}
}

// requireEverywhere blocks the family unless the attribute has a value on the parent or on
// every variant; each SKU without one is reported.
func (b *builder) requireEverywhere(label, why string) {
	f := &b.family
	read := func(p *catalog.SourceProduct) catalog.Value {
		if isSystemField(label) {
			return systemValue(label, p)
		}
		v, _ := sourceValue(Source{Attribute: label}, p, nil)
		return v
	}
	if !read(&f.Parent).Empty() {
		return
	}
	if len(f.Variants) == 0 {
		b.fail(f.Parent.SKU, label, pimv1alpha1.FailureMissingRequiredAttribute, true, "%s has no %s in Plytix (required by %s)", f.Parent.SKU, label, why)
		return
	}
	for i := range f.Variants {
		if read(&f.Variants[i]).Empty() {
			b.fail(f.Variants[i].SKU, label, pimv1alpha1.FailureMissingRequiredAttribute, true,
				"%s has no %s in Plytix, nor has its parent %s (required by %s)", f.Variants[i].SKU, label, f.Parent.SKU, why)
		}
	}
}

// resolveBrand looks the Plytix brand up in the mapping's table and checks it is a Centra
// brand enabled in the store: otherwise the product would be created invisible.
func (b *builder) resolveBrand() string {
	p := &b.family.Parent
	if b.m.Brand == nil {
		return ""
	}
	v, _ := sourceValue(Source{Attribute: b.m.Brand.Attribute}, p, nil)
	if v.Empty() {
		b.fail(p.SKU, b.m.Brand.Attribute, pimv1alpha1.FailureMissingBrand, true, "%s has no %s in Plytix", p.SKU, b.m.Brand.Attribute)
		return ""
	}
	plytixBrand := v.Items[0]
	name, ok := b.m.Brand.Resolve(plytixBrand)
	if !ok {
		b.fail(p.SKU, b.m.Brand.Attribute, pimv1alpha1.FailureBrandNotMapped, true,
			"brand %q is not mapped to a Centra brand in AttributeMapping %s", plytixBrand, b.m.Brand.Mapping)
		b.out.Failures[len(b.out.Failures)-1].Value = plytixBrand
		return ""
	}
	if b.ref == nil {
		return name
	}
	brand, ok := b.ref.Brands[name]
	switch {
	case !ok:
		b.fail(p.SKU, b.m.Brand.Attribute, pimv1alpha1.FailureBrandNotInCentra, true, "Centra has no brand %q (mapped from Plytix brand %q)", name, plytixBrand)
		b.out.Failures[len(b.out.Failures)-1].Value = name
	case !brand.EnabledIn(b.ref.Store.ID):
		b.fail(p.SKU, b.m.Brand.Attribute, pimv1alpha1.FailureBrandNotInStore, true,
			"Centra brand %q is not enabled in store %s, so the product would be invisible there", name, b.ref.Store.Name)
		b.out.Failures[len(b.out.Failures)-1].Value = name
	}
	return name
}

func (b *builder) resolveSizeChart() catalog.SizeChart {
	p := &b.family.Parent
	name := b.m.Hierarchy.SizeChart
	if label := b.m.Hierarchy.SizeChartAttribute; label != "" && b.m.SizeCharts != nil {
		v, _ := sourceValue(Source{Attribute: label}, p, nil)
		if v.Empty() {
			b.fail(p.SKU, label, pimv1alpha1.FailureMissingRequiredAttribute, true, "%s has no %s, which picks its size chart", p.SKU, label)
			return catalog.SizeChart{}
		}
		resolved, ok := b.m.SizeCharts.Resolve(v.Items[0])
		if !ok {
			b.fail(p.SKU, label, pimv1alpha1.FailureLookupGap, true, "%s %q has no size chart in AttributeMapping %s", label, v.Items[0], b.m.SizeCharts.Mapping)
			return catalog.SizeChart{}
		}
		name = resolved
	}
	if b.ref == nil {
		return catalog.SizeChart{Name: name}
	}
	chart, ok := b.ref.SizeCharts[name]
	if !ok {
		b.fail(p.SKU, "sizeChart", pimv1alpha1.FailureSizeChartNotFound, true, "Centra has no size chart %q", name)
	}
	return chart
}

// withoutAxes reports a single product (no variants) with neither a colour nor a size: an item
// sold in one size, which Centra still holds as one variant and one size.
func (b *builder) withoutAxes() bool {
	f := &b.family
	if len(f.Variants) > 0 {
		return false
	}
	h := b.m.Hierarchy
	for _, label := range []string{h.ColorAxis, h.SizeAxis} {
		if v, msg := sourceValue(Source{Attribute: label}, &f.Parent, nil); msg == "" && len(v.Items) > 0 && strings.TrimSpace(v.Items[0]) != "" {
			return false
		}
	}
	return true
}

// oneSize makes a single product without axes a one-size product on spec.hierarchy.oneSizeChart:
// one variant, named and sized by the chart's only size, whose SKU is the product's. Without
// that chart the product is blocked: there is no size to sell it in.
func (b *builder) oneSize() (catalog.SizeChart, []*colourGroup) {
	p := &b.family.Parent
	name := b.m.Hierarchy.OneSizeChart
	if name == "" {
		b.fail(p.SKU, b.m.Hierarchy.SizeAxis, pimv1alpha1.FailureNoVariantAxes, true,
			"%s has no variants and neither %s nor %s: set spec.hierarchy.oneSizeChart to sell it in one size, or give it both in Plytix",
			p.SKU, b.m.Hierarchy.ColorAxis, b.m.Hierarchy.SizeAxis)
		return catalog.SizeChart{}, nil
	}
	chart := catalog.SizeChart{Name: name, Sizes: []string{name}}
	if b.ref != nil {
		var ok bool
		if chart, ok = b.ref.SizeCharts[name]; !ok || len(chart.Sizes) != 1 {
			b.fail(p.SKU, "sizeChart", pimv1alpha1.FailureSizeChartNotFound, true, "Centra has no one-size chart %q", name)
			return catalog.SizeChart{}, nil
		}
	}
	groups := []*colourGroup{{colour: chart.Sizes[0], items: []*catalog.SourceProduct{p}, sizes: []string{chart.Sizes[0]}}}
	b.numberVariants(groups)
	return chart, groups
}

// colourGroup is the Plytix variants of one colour: one Centra variant.
type colourGroup struct {
	colour string
	number string
	items  []*catalog.SourceProduct
	sizes  []string
}

// groupVariants groups variants by the colour axis and checks both axes: each variant needs a
// colour and a size, each combination may appear once, and each size must be in the chart.
func (b *builder) groupVariants(chart catalog.SizeChart) []*colourGroup {
	f := &b.family
	members := make([]*catalog.SourceProduct, 0, len(f.Variants))
	for i := range f.Variants {
		members = append(members, &f.Variants[i])
	}
	if len(members) == 0 {
		members = append(members, &f.Parent) // a single product is its own one variant
	}
	h := b.m.Hierarchy
	var groups []*colourGroup
	byColour := map[string]*colourGroup{}
	seen := map[string]string{}
	skus := map[string]bool{}
	for _, v := range members {
		if skus[v.SKU] {
			b.fail(v.SKU, "sku", pimv1alpha1.FailureDuplicateSKU, true, "SKU %s appears twice among the variants of %s", v.SKU, f.Parent.SKU)
			continue
		}
		skus[v.SKU] = true
		colour := b.axisValue(v, h.ColorAxis)
		size := b.axisValue(v, h.SizeAxis)
		if colour == "" || size == "" {
			continue
		}
		combination := colour + "\x00" + size
		if first, dup := seen[combination]; dup {
			b.fail(v.SKU, h.SizeAxis, pimv1alpha1.FailureDuplicateAxisCombination, true,
				"%s repeats %s %q and %s %q of %s: each colour and size may appear once", v.SKU, h.ColorAxis, colour, h.SizeAxis, size, first)
			continue
		}
		seen[combination] = v.SKU
		if chart.Name != "" && b.ref != nil && !chart.HasSize(size) {
			b.fail(v.SKU, h.SizeAxis, pimv1alpha1.FailureSizeNotInChart, true,
				"%s has %s %q, which is not in Centra size chart %q (%s)", v.SKU, h.SizeAxis, size, chart.Name, strings.Join(chart.Sizes, ", "))
		}
		g := byColour[colour]
		if g == nil {
			g = &colourGroup{colour: colour}
			byColour[colour] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, v)
		g.sizes = append(g.sizes, size)
	}
	b.numberVariants(groups)
	return groups
}

// axisValue reads a variant axis, falling back to the parent, and reports a missing one.
func (b *builder) axisValue(v *catalog.SourceProduct, label string) string {
	val, msg := sourceValue(Source{Attribute: label}, v, &b.family.Parent)
	if msg == "" && len(val.Items) > 0 {
		if axis := strings.TrimSpace(val.Items[0]); axis != "" {
			return axis
		}
	}
	b.fail(v.SKU, label, pimv1alpha1.FailureMissingAxisValue, true, "%s has no %s, so it cannot be placed as a Centra variant and size", v.SKU, label)
	return ""
}

// numberVariants derives the variant and size numbers so that Centra's read-only SKU
// (productNumber + variantNumber + sizeNumber, docs/reference/centra-api.md §2.4) equals each Plytix SKU.
// The variant number is the longest prefix the colour's SKUs share after the product number,
// cut back to a separator so it stays stable when a size is added.
func (b *builder) numberVariants(groups []*colourGroup) {
	productNumber := b.out.ProductNumber
	for _, g := range groups {
		rests := make([]string, 0, len(g.items))
		for _, v := range g.items {
			rest, ok := strings.CutPrefix(v.SKU, productNumber)
			if !ok || (len(b.family.Variants) > 0 && rest == "") {
				b.fail(v.SKU, "sku", pimv1alpha1.FailureSKUComposition, true,
					"%s does not extend product number %q, so Centra's SKU (product + variant + size number) cannot equal it", v.SKU, productNumber)
				continue
			}
			rests = append(rests, rest)
		}
		if len(rests) != len(g.items) {
			continue
		}
		g.number = variantNumber(rests)
	}
}

const skuSeparators = "-_./ "

// variantNumber is the longest prefix the colour's SKU remainders share, cut back to just after
// a separator unless it already ends at one; without any separator a lone size keeps its whole
// remainder as the size number.
func variantNumber(rests []string) string {
	prefix := rests[0]
	for _, s := range rests[1:] {
		for !strings.HasPrefix(s, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	for !utf8.ValidString(prefix) {
		prefix = prefix[:len(prefix)-1]
	}
	if prefix == "" || strings.ContainsAny(prefix[len(prefix)-1:], skuSeparators) {
		return prefix
	}
	if i := strings.LastIndexAny(prefix, skuSeparators); i >= 0 {
		return prefix[:i+1]
	}
	if len(rests) == 1 {
		return ""
	}
	return prefix
}

func (b *builder) variant(g *colourGroup, chart catalog.SizeChart) catalog.Variant {
	v := catalog.Variant{
		VariantNumber: g.number, Name: g.colour, Status: catalog.StatusActive, SizeChart: chart.Name,
		Fields: map[string]string{}, Attributes: catalog.Attributes{},
	}
	if len(b.family.Variants) > 0 {
		// A colour's own images: those its variants carry beyond the parent's, which Plytix
		// variants inherit. A single product's images are the product's.
		for _, url := range g.items[0].MediaURLs {
			if !slices.Contains(b.family.Parent.MediaURLs, url) {
				v.MediaURLs = append(v.MediaURLs, url)
			}
		}
	}
	for i, item := range g.items {
		sizeNumber := strings.TrimPrefix(strings.TrimPrefix(item.SKU, b.out.ProductNumber), g.number)
		v.Sizes = append(v.Sizes, catalog.Size{
			Name: g.sizes[i], SizeNumber: sizeNumber, SKU: item.SKU, SourceSKU: item.SKU, Fields: map[string]string{},
		})
	}
	if chart.Name != "" {
		order := func(name string) int { return slices.Index(chart.Sizes, name) }
		slices.SortStableFunc(v.Sizes, func(a, b catalog.Size) int { return order(a.Name) - order(b.Name) })
	}
	return v
}

// applyRules evaluates every rule at its level and writes the values into the product.
func (b *builder) applyRules(p *catalog.Product, groups []*colourGroup) {
	parent := &b.family.Parent
	for i := range b.m.Rules {
		r := &b.m.Rules[i]
		switch r.Target.Level {
		case catalog.LevelProduct, catalog.LevelDisplay:
			b.record(r, r.evaluate(parent, nil), b.out.SKUs, func(text string, attr catalog.AttributeValue) {
				fields, attrs := p.Fields, p.Attributes
				if r.Target.Level == catalog.LevelDisplay {
					fields, attrs = p.Display.Fields, p.Display.Attributes
				}
				setTarget(r.Target, fields, attrs, text, attr)
			})
		case catalog.LevelVariant:
			for gi, g := range groups {
				variant := &p.Variants[gi]
				b.record(r, r.evaluate(g.items[0], parent), skusOf(g.items), func(text string, attr catalog.AttributeValue) {
					setTarget(r.Target, variant.Fields, variant.Attributes, text, attr)
				})
			}
		case catalog.LevelSize:
			for gi, g := range groups {
				for _, item := range g.items {
					size := sizeBySKU(&p.Variants[gi], item.SKU)
					b.record(r, r.evaluate(item, parent), []string{item.SKU}, func(text string, _ catalog.AttributeValue) {
						if size != nil {
							size.Fields[r.Target.Field] = text
						}
					})
				}
			}
		}
	}
}

func sizeBySKU(v *catalog.Variant, sku string) *catalog.Size {
	for i := range v.Sizes {
		if v.Sizes[i].SourceSKU == sku {
			return &v.Sizes[i]
		}
	}
	return nil
}

func setTarget(t Target, fields map[string]string, attrs catalog.Attributes, text string, attr catalog.AttributeValue) {
	if t.Attribute != nil {
		attrs[*t.Attribute] = attr
		return
	}
	fields[t.Field] = text
}

// record renders an evaluation for its target, calls set with the Centra value, and records
// the outcome; a required rule without a value blocks the family.
func (b *builder) record(r *Rule, e evaluation, skus []string, set func(string, catalog.AttributeValue)) {
	outcome := RuleOutcome{Target: r.Target.Name, Source: r.Source.String(), SKUs: skus}
	switch {
	case e.err != "":
		outcome.State, outcome.Err = OutcomeFailed, e.err
	case e.missing:
		outcome.State = OutcomeMissing
		// A value cleared in Plytix is cleared in Centra too: Plytix owns it.
		set("", catalog.AttributeValue{Mapped: r.Target.Attribute != nil && b.isMapped(*r.Target.Attribute)})
	case hostileItems(e.value) != "":
		outcome.State, outcome.Err = OutcomeFailed, fmt.Sprintf(
			"the Plytix value contains %s; remove it in Plytix, or add the StripControl transform to the rule", hostileItems(e.value))
	default:
		var err error
		if r.Target.Attribute != nil {
			var attr catalog.AttributeValue
			if attr, err = attributeValue(*r.Target.Attribute, e.value, b.ref); err == nil {
				set("", attr)
			}
		} else {
			var text string
			if text, err = fieldValue(r.Target, e.value); err == nil {
				set(text, catalog.AttributeValue{})
			}
		}
		if err != nil {
			outcome.State, outcome.Err = OutcomeFailed, err.Error()
		}
	}
	b.out.Outcomes = append(b.out.Outcomes, outcome)
	sku := skus[0]
	if len(skus) > 1 {
		sku = b.family.Parent.SKU
	}
	switch {
	case outcome.State == OutcomeFailed:
		b.fail(sku, r.Target.Name, pimv1alpha1.FailureInvalidValue, r.Required, "%s: %s", r.Target.Name, outcome.Err)
	case outcome.State == OutcomeMissing && r.Required:
		b.fail(sku, r.Source.String(), pimv1alpha1.FailureMissingRequiredAttribute, true,
			"%s has no %s in Plytix (required by the rule for %s in AttributeMapping %s)", sku, r.Source, r.Target.Name, r.Mapping)
	}
}

func skusOf(items []*catalog.SourceProduct) []string {
	skus := make([]string, len(items))
	for i, item := range items {
		skus[i] = item.SKU
	}
	return skus
}

// applyLookups resolves categories, collection and folder. A value without an entry is
// reported and skipped; it does not block the product.
func (b *builder) applyLookups(p *catalog.Product) {
	parent := &b.family.Parent
	if l := b.m.Categories; l != nil {
		values := parent.Categories
		if l.Attribute != "categories" {
			v, _ := sourceValue(Source{Attribute: l.Attribute}, parent, nil)
			values = v.Items
		}
		for _, value := range values {
			name, ok := l.Resolve(value)
			if !ok {
				b.fail(parent.SKU, "categories", pimv1alpha1.FailureLookupGap, false,
					"category %q has no Centra category in AttributeMapping %s", value, l.Mapping)
				continue
			}
			if !slices.Contains(p.Display.Categories, name) {
				p.Display.Categories = append(p.Display.Categories, name)
			}
		}
		// A product with no category at all still gets the default: Centra shows a product
		// only in a category, so one without is invisible in the store.
		if len(p.Display.Categories) == 0 && l.Default != "" {
			p.Display.Categories = append(p.Display.Categories, l.Default)
		}
		if len(p.Display.Categories) == 0 {
			b.fail(parent.SKU, "categories", pimv1alpha1.FailureNoCategory, false,
				"%s has no Centra category, so the store will not show it: give it a Plytix category the AttributeMapping %s maps, or set spec.categories.default",
				parent.SKU, l.Mapping)
		}
	}
	// In a fixed order, so the failures come out the same on every run.
	for _, lf := range []struct {
		field string
		l     *Lookup
	}{{catalog.FieldCollection, b.m.Collections}, {catalog.FieldFolder, b.m.Folders}} {
		field, l := lf.field, lf.l
		if l == nil {
			continue
		}
		v, _ := sourceValue(Source{Attribute: l.Attribute}, parent, nil)
		if v.Empty() {
			continue
		}
		if name, ok := l.Resolve(v.Items[0]); ok {
			p.Fields[field] = name
		} else {
			b.fail(parent.SKU, l.Attribute, pimv1alpha1.FailureLookupGap, false, "%s %q has no Centra %s in AttributeMapping %s", l.Attribute, v.Items[0], field, l.Mapping)
		}
	}
}

// nameProduct takes the product name from its rule, falling back to the Plytix label; Centra
// requires a name, so a product without one is blocked.
func (b *builder) nameProduct(p *catalog.Product) {
	p.Name = p.Fields[catalog.FieldName]
	delete(p.Fields, catalog.FieldName)
	if p.Name == "" {
		p.Name = strings.TrimSpace(b.family.Parent.Label)
	}
	if p.Name == "" {
		b.fail(b.family.Parent.SKU, catalog.Field{Level: catalog.LevelProduct, Name: catalog.FieldName}.Target(), pimv1alpha1.FailureMissingRequiredAttribute, true,
			"%s has no name: Centra requires one (map product.name or give the product a Plytix label)", b.family.Parent.SKU)
	}
	p.Display.Name = p.Name
	if name := p.Display.Fields[catalog.FieldName]; name != "" {
		p.Display.Name = name
	}
	delete(p.Display.Fields, catalog.FieldName)
	for i := range p.Variants {
		if name := p.Variants[i].Fields[catalog.FieldName]; name != "" {
			p.Variants[i].Name = name
		}
		delete(p.Variants[i].Fields, catalog.FieldName)
	}
}

func (b *builder) isMapped(key catalog.AttributeKey) bool {
	return b.ref != nil && b.ref.AttributeTypes[key.TypeName].Mapped
}

// ExternalID is the Centra external id of the product made from a Plytix product: a second
// key, besides the product number, by which a create is looked up before it is repeated.
func ExternalID(plytixID string) string {
	if plytixID == "" {
		return ""
	}
	return ExternalIDPrefix + plytixID
}

// ExternalIDPrefix marks the Centra products this operator created, so that only those are
// ever taken for orphans.
const ExternalIDPrefix = "plytix:"
