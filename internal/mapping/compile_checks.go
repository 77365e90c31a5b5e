package mapping

import (
	"fmt"
	"sort"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// compileLookups takes the brand, category, collection, folder and size-chart lookups of one
// mapping (a later mapping's lookup replaces an earlier one) and checks their Centra names.
func (c *compiler) compileLookups(am pimv1alpha1.AttributeMapping) {
	s := am.Spec
	if s.Brand != nil {
		c.m.Brand = newLookup(am.Name, s.Brand.Attribute, s.Brand.Values, "")
		c.checkBrands(am.Name, s.Brand)
	}
	ref := c.in.Reference
	type lookupSpec struct {
		spec   *pimv1alpha1.ValueLookup
		dst    **Lookup
		field  string
		known  func(string) bool
		entity string
	}
	has := func(m map[string]int) func(string) bool {
		return func(name string) bool { _, ok := m[name]; return ok }
	}
	var categories, collections, folders func(string) bool
	var sizeCharts func(string) bool
	if ref != nil {
		categories, collections, folders = has(ref.Categories), has(ref.Collections), has(ref.Folders)
		sizeCharts = func(name string) bool { _, ok := ref.SizeCharts[name]; return ok }
	}
	for _, l := range []lookupSpec{
		{s.Categories, &c.m.Categories, "spec.categories", categories, "category in store " + c.in.Spec.Centra.Store},
		{s.Collections, &c.m.Collections, "spec.collections", collections, "collection"},
		{s.Folders, &c.m.Folders, "spec.folders", folders, "folder"},
		{s.SizeCharts, &c.m.SizeCharts, "spec.sizeCharts", sizeCharts, "size chart"},
	} {
		if l.spec == nil {
			continue
		}
		*l.dst = newLookup(am.Name, l.spec.Attribute, l.spec.Entries, l.spec.Default)
		if l.spec.Attribute != "categories" {
			c.sourceDefinition(am.Name, l.field+".attribute", Source{Attribute: l.spec.Attribute})
		}
		if l.known == nil {
			continue
		}
		names := map[string]string{}
		for i, e := range l.spec.Entries {
			names[e.To] = fmt.Sprintf("%s.entries[%d].to", l.field, i)
		}
		if l.spec.Default != "" {
			names[l.spec.Default] = l.field + ".default"
		}
		for _, name := range sortedKeys(names) {
			if !l.known(name) {
				c.report(pimv1alpha1.ProblemLookupGap, am.Name, names[name], "Centra has no %s named %q", l.entity, name)
			}
		}
	}
}

func newLookup(mapping, attribute string, entries []pimv1alpha1.LookupEntry, def string) *Lookup {
	l := &Lookup{Attribute: attribute, Entries: make(map[string]string, len(entries)), Default: def, Mapping: mapping}
	if l.Attribute == "" {
		l.Attribute = "brand"
	}
	for _, e := range entries {
		l.Entries[e.From] = e.To
	}
	return l
}

// checkBrands reports brand entries Centra does not have or has not enabled in the store, and
// Plytix brand options with no entry: each would leave products blocked.
func (c *compiler) checkBrands(mapping string, b *pimv1alpha1.BrandMapping) {
	attribute := b.Attribute
	if attribute == "" {
		attribute = "brand"
	}
	def, known := c.sourceDefinition(mapping, "spec.brand.attribute", Source{Attribute: attribute})
	if ref := c.in.Reference; ref != nil {
		for i, e := range b.Values {
			brand, ok := ref.Brands[e.To]
			field := fmt.Sprintf("spec.brand.values[%d].to", i)
			switch {
			case !ok:
				c.report(pimv1alpha1.ProblemUnknownBrand, mapping, field, "Centra has no brand named %q; products of Plytix brand %q will be blocked", e.To, e.From)
			case !brand.EnabledIn(ref.Store.ID):
				c.report(pimv1alpha1.ProblemBrandNotInStore, mapping, field,
					"Centra brand %q is not enabled in store %s, so its products would be invisible there; they will be blocked until it is", e.To, ref.Store.Name)
			}
		}
	}
	if known && len(def.Options) > 0 {
		var missing []string
		for _, option := range def.Options {
			if _, ok := c.m.Brand.Entries[option]; !ok {
				missing = append(missing, option)
			}
		}
		if len(missing) > 0 {
			c.report(pimv1alpha1.ProblemUncoveredValues, mapping, "spec.brand.values",
				"Plytix brands with no Centra brand (their products will be blocked): %s", quoteList(missing, 10))
		}
	}
}

// checkHierarchyAndGates reports axis, gate and size-chart settings that name attributes or
// charts that do not exist.
func (c *compiler) checkHierarchyAndGates() {
	h, g := c.in.Spec.Hierarchy, c.in.Spec.Gates
	// A slice, not a map: the problems' order is the stall message's and the capped status
	// list's, which must not change from run to run.
	for _, s := range []struct{ field, label string }{
		{"spec.hierarchy.colorAxis", h.ColorAxis}, {"spec.hierarchy.sizeAxis", h.SizeAxis},
		{"spec.hierarchy.sizeChartAttribute", h.SizeChartAttribute},
		{"spec.hierarchy.productNumberAttribute", h.ProductNumberAttribute},
		{"spec.gates.completenessAttribute", g.CompletenessAttribute},
	} {
		if s.label != "" {
			c.sourceDefinition("", s.field, Source{Attribute: s.label})
		}
	}
	for i, label := range g.RequiredAttributes {
		if !isSystemField(label) {
			c.sourceDefinition("", fmt.Sprintf("spec.gates.requiredAttributes[%d]", i), Source{Attribute: label})
		}
	}
	if ref := c.in.Reference; ref != nil && h.SizeChart != "" {
		if _, ok := ref.SizeCharts[h.SizeChart]; !ok {
			c.report(pimv1alpha1.ProblemLookupGap, "", "spec.hierarchy.sizeChart", "Centra has no size chart named %q (it has %s)",
				h.SizeChart, quoteList(sortedKeys(ref.SizeCharts), 10))
		}
	}
	if ref := c.in.Reference; ref != nil {
		for i, market := range c.in.Spec.Centra.Markets {
			if _, ok := ref.Markets[market]; !ok {
				c.report(pimv1alpha1.ProblemLookupGap, "", fmt.Sprintf("spec.centra.markets[%d]", i), "Centra store %s has no market %q (it has %s)",
					ref.Store.Name, market, quoteList(sortedKeys(ref.Markets), 10))
			}
		}
	}
	if ref := c.in.Reference; ref != nil && h.OneSizeChart != "" {
		switch chart, ok := ref.SizeCharts[h.OneSizeChart]; {
		case !ok:
			c.report(pimv1alpha1.ProblemLookupGap, "", "spec.hierarchy.oneSizeChart", "Centra has no size chart named %q (it has %s)",
				h.OneSizeChart, quoteList(sortedKeys(ref.SizeCharts), 10))
		case len(chart.Sizes) != 1:
			c.report(pimv1alpha1.ProblemLookupGap, "", "spec.hierarchy.oneSizeChart", "Centra size chart %q has %d sizes (%s); a one-size chart has exactly one",
				h.OneSizeChart, len(chart.Sizes), quoteList(chart.Sizes, 10))
		}
	}
	if h.SizeChart == "" && h.SizeChartAttribute == "" {
		c.report(pimv1alpha1.ProblemLookupGap, "", "spec.hierarchy.sizeChart", "no size chart is configured: set hierarchy.sizeChart or hierarchy.sizeChartAttribute")
	}
	if h.SizeChartAttribute != "" && c.m.SizeCharts == nil {
		c.report(pimv1alpha1.ProblemLookupGap, "", "spec.hierarchy.sizeChartAttribute", "hierarchy.sizeChartAttribute is set but no AttributeMapping has a sizeCharts lookup")
	}
}

// checkUnmapped reports Plytix attributes that nothing reads: the new attribute nobody mapped.
func (c *compiler) checkUnmapped() {
	if c.in.Definitions == nil {
		return
	}
	used := map[string]bool{}
	for _, label := range c.m.SourceLabels() {
		used[label] = true
	}
	for _, am := range c.in.Mappings {
		for i, label := range am.Spec.IgnoredAttributes {
			if _, ok := c.in.Definitions[label]; !ok {
				c.report(pimv1alpha1.ProblemUnknownSourceAttribute, am.Name, fmt.Sprintf("spec.ignoredAttributes[%d]", i),
					"Plytix has no attribute labelled %q", label)
			}
			used[label] = true
		}
	}
	for _, label := range sortedKeys(c.in.Definitions) {
		def := c.in.Definitions[label]
		if used[label] || def.TypeClass == "CompletenessAttribute" {
			continue
		}
		if centraOwned(label) {
			c.report(pimv1alpha1.ProblemUnmappedSourceAttribute, "", "",
				"Plytix attribute %q (%s) looks like a price or stock figure, which is Centra's and never synced: list it in an AttributeMapping's spec.ignoredAttributes", label, def.Name)
			continue
		}
		c.report(pimv1alpha1.ProblemUnmappedSourceAttribute, "", "",
			"Plytix attribute %q (%s) is not mapped by any rule: add a rule, or list it in spec.ignoredAttributes if it is not to reach Centra", label, def.Name)
	}
}

// centraOwned reports a label that names a price or a stock figure: Centra owns those (the
// operator never writes them), so the advice for one is to ignore it, never to map it.
func centraOwned(label string) bool {
	for _, word := range strings.FieldsFunc(strings.ToLower(label), func(r rune) bool { return r == '_' || r == '-' || r == ' ' }) {
		switch word {
		case "price", "prices", "msrp", "rrp", "cost", "stock", "inventory", "quantity", "qty":
			return true
		}
	}
	return false
}

// SourceLabels are the Plytix custom attribute labels the mapping reads, sorted: the search
// projection of a run.
func (m *Mapping) SourceLabels() []string {
	set := map[string]bool{}
	add := func(label string) {
		if label != "" && !isSystemField(label) {
			set[label] = true
		}
	}
	for _, r := range m.Rules {
		add(r.Source.Attribute)
		for _, label := range r.templateLabels() {
			add(label)
		}
	}
	for _, l := range []*Lookup{m.Brand, m.Categories, m.Collections, m.Folders, m.SizeCharts} {
		if l != nil {
			add(l.Attribute)
		}
	}
	h, g := m.Hierarchy, m.Gates
	for _, label := range []string{h.ColorAxis, h.SizeAxis, h.SizeChartAttribute, h.ProductNumberAttribute, g.CompletenessAttribute} {
		add(label)
	}
	for _, label := range g.RequiredAttributes {
		add(label)
	}
	labels := make([]string, 0, len(set))
	for label := range set {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	return labels
}

var systemFields = map[string]bool{
	"sku": true, "label": true, "gtin": true, "status": true, "categories": true, "assets": true,
	"thumbnail": true, "created": true, "modified": true,
}

func isSystemField(label string) bool { return systemFields[label] }

// suggestion names a defined label that differs only in case or separators, the usual mistake
// of writing the display name.
func suggestion(label string, defs map[string]catalog.AttributeDefinition) string {
	normal := func(s string) string {
		return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(s))
	}
	for _, key := range sortedKeys(defs) {
		if normal(key) == normal(label) || normal(defs[key].Name) == normal(label) {
			return fmt.Sprintf("; did you mean %q?", key)
		}
	}
	return ""
}

// quoteList quotes up to limit items and says how many more there are.
func quoteList(items []string, limit int) string {
	quoted := make([]string, 0, min(len(items), limit))
	for i, item := range items {
		if i == limit {
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", item))
	}
	s := strings.Join(quoted, ", ")
	if len(items) > limit {
		s += fmt.Sprintf(" and %d more", len(items)-limit)
	}
	return s
}
