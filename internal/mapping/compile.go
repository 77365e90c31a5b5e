package mapping

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Invalid reports a problem that makes the mapping wrong (a rule or lookup naming something that
// does not exist, or a type that cannot reach its target), as opposed to a gap in what it covers.
func (p Problem) Invalid() bool {
	switch p.Type {
	case pimv1alpha1.ProblemUnmappedSourceAttribute, pimv1alpha1.ProblemUncoveredValues, pimv1alpha1.ProblemBrandNotInStore:
		return false
	}
	return true
}

// Problem is something wrong with a mapping, found against the live definitions.
type Problem struct {
	Type string
	// Mapping is the AttributeMapping the problem is in; empty for problems of the
	// CatalogSync as a whole (an unmapped Plytix attribute).
	Mapping string
	Field   string
	Message string
}

// Rule is a compiled attribute rule.
type Rule struct {
	Target     Target
	Source     Source
	Required   bool
	Default    *string
	transforms []transformFunc
	templates  []string
	// Mapping and Index locate the rule in its AttributeMapping.
	Mapping string
	Index   int
}

// Source is where a rule reads from: a Plytix attribute label or a system field.
type Source struct {
	Attribute string
	System    string
}

// String renders the source as in status rows.
func (s Source) String() string {
	if s.System != "" {
		return s.System
	}
	return s.Attribute
}

// Lookup maps Plytix values to Centra names.
type Lookup struct {
	Attribute string
	Entries   map[string]string
	Default   string
	Mapping   string
}

// Resolve returns the Centra name for a Plytix value.
func (l *Lookup) Resolve(value string) (string, bool) {
	if to, ok := l.Entries[value]; ok {
		return to, true
	}
	return l.Default, l.Default != ""
}

// Mapping is everything a sync run needs to turn Plytix families into Centra products.
type Mapping struct {
	Rules       []Rule
	Brand       *Lookup
	Categories  *Lookup
	Collections *Lookup
	Folders     *Lookup
	SizeCharts  *Lookup
	Hierarchy   pimv1alpha1.Hierarchy
	Gates       pimv1alpha1.Gates
	Publish     pimv1alpha1.PublishPolicy
	Markets     []string
	// Revision changes whenever anything that shapes the desired Centra state changes, so a run
	// can tell "Plytix did not change but the mapping did" from drift.
	Revision string
}

// Input is what Compile works from.
type Input struct {
	Spec pimv1alpha1.CatalogSyncSpec
	// Mappings in the order the CatalogSync selects them; a later rule for the same target wins.
	Mappings []pimv1alpha1.AttributeMapping
	// Definitions are Plytix's attribute definitions by label; nil skips the checks against them.
	Definitions map[string]catalog.AttributeDefinition
	// Reference is Centra's reference data; nil skips the checks against it.
	Reference *catalog.Reference
}

// Compile turns the selected AttributeMappings and the CatalogSync's hierarchy, gates and
// publish policy into one Mapping, and reports every problem it finds against the live
// definitions. Problems do not stop compilation: a rule with a problem still runs and fails per
// SKU, so one bad rule never stops the others.
func Compile(in Input) (*Mapping, []Problem) {
	m := &Mapping{Hierarchy: in.Spec.Hierarchy, Gates: in.Spec.Gates, Publish: in.Spec.Publish, Markets: in.Spec.Centra.Markets}
	c := &compiler{in: in, m: m}
	byTarget := map[string]int{}
	for _, am := range in.Mappings {
		c.compileLookups(am)
		for i, r := range am.Spec.Rules {
			rule := c.compileRule(am.Name, i, r)
			if at, ok := byTarget[rule.Target.Name]; ok {
				m.Rules[at] = rule // a later mapping overrides
				continue
			}
			byTarget[rule.Target.Name] = len(m.Rules)
			m.Rules = append(m.Rules, rule)
		}
	}
	c.checkHierarchyAndGates()
	c.checkUnmapped()
	m.Revision = revision(in)
	return m, c.problems
}

type compiler struct {
	in       Input
	m        *Mapping
	problems []Problem
}

func (c *compiler) report(typ, mapping, field, format string, args ...any) {
	c.problems = append(c.problems, Problem{Type: typ, Mapping: mapping, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *compiler) compileRule(mapping string, index int, r pimv1alpha1.AttributeRule) Rule {
	rule := Rule{
		Target: targetOf(r.To), Source: Source{Attribute: r.From.Attribute, System: string(r.From.System)},
		Required: r.Required, Default: r.Default, Mapping: mapping, Index: index,
	}
	field := fmt.Sprintf("spec.rules[%d]", index)
	for j, t := range r.Transforms {
		if t.Type == pimv1alpha1.TransformTemplate {
			rule.templates = append(rule.templates, t.Template)
		}
		f, err := compileTransform(t)
		if err != nil {
			c.report(pimv1alpha1.ProblemTypeMismatch, mapping, fmt.Sprintf("%s.transforms[%d]", field, j), "%v", err)
			continue
		}
		rule.transforms = append(rule.transforms, f)
	}
	def, known := c.sourceDefinition(mapping, field+".from.attribute", rule.Source)
	c.checkTarget(mapping, field+".to", rule.Target)
	if known {
		c.checkTypes(mapping, field, r, rule.Target, def)
	}
	return rule
}

// sourceDefinition finds the Plytix definition of a rule's source and reports an unknown label.
func (c *compiler) sourceDefinition(mapping, field string, s Source) (catalog.AttributeDefinition, bool) {
	if s.Attribute == "" || c.in.Definitions == nil {
		return catalog.AttributeDefinition{}, false
	}
	def, ok := c.in.Definitions[s.Attribute]
	if !ok {
		c.report(pimv1alpha1.ProblemUnknownSourceAttribute, mapping, field,
			"Plytix has no attribute labelled %q (rules use the snake_case label, not the display name)%s",
			s.Attribute, suggestion(s.Attribute, c.in.Definitions))
	}
	return def, ok
}

func (c *compiler) checkTarget(mapping, field string, t Target) {
	if t.Attribute == nil || c.in.Reference == nil {
		return
	}
	typ, ok := c.in.Reference.AttributeTypes[t.Attribute.TypeName]
	if !ok {
		c.report(pimv1alpha1.ProblemUnknownTarget, mapping, field+".attribute.typeName",
			"Centra has no attribute type %q; attribute types are defined in Centra's configuration", t.Attribute.TypeName)
		return
	}
	if _, ok := typ.Elements[t.Attribute.ElementKey]; !ok {
		c.report(pimv1alpha1.ProblemUnknownTarget, mapping, field+".attribute.elementKey",
			"Centra attribute type %q has no element %q (it has %v)", typ.Name, t.Attribute.ElementKey, sortedKeys(typ.Elements))
	}
	if want := centraObjectTypes[t.Level]; typ.ObjectType != "" && typ.ObjectType != want {
		c.report(pimv1alpha1.ProblemUnknownTarget, mapping, field+".attribute.level",
			"Centra attribute type %q is set on %s objects, not on %s", typ.Name, typ.ObjectType, want)
	}
}

// checkTypes reports a Plytix value type that cannot reach the target as it is.
func (c *compiler) checkTypes(mapping, field string, r pimv1alpha1.AttributeRule, t Target, def catalog.AttributeDefinition) {
	joined := slices.ContainsFunc(r.Transforms, func(tr pimv1alpha1.Transform) bool {
		return tr.Type == pimv1alpha1.TransformJoin || tr.Type == pimv1alpha1.TransformTemplate
	})
	multi := def.TypeClass == "MultiSelectAttribute" || def.TypeClass == "MediaGalleryAttribute"
	mappedMulti := false
	if t.Attribute != nil && c.in.Reference != nil {
		typ := c.in.Reference.AttributeTypes[t.Attribute.TypeName]
		mappedMulti = typ.Mapped && typ.Multi
	}
	if multi && !joined && t.kind() != catalog.ListField && !mappedMulti {
		c.report(pimv1alpha1.ProblemTypeMismatch, mapping, field,
			"Plytix attribute %q holds several values (%s) but %s takes one; add a Join transform", def.Label, def.TypeClass, t.Name)
	}
	numeric := def.TypeClass == "IntAttribute" || def.TypeClass == "DecimalAttribute"
	converts := slices.ContainsFunc(r.Transforms, func(tr pimv1alpha1.Transform) bool { return tr.Type == pimv1alpha1.TransformConvertUnit })
	if converts && !numeric {
		c.report(pimv1alpha1.ProblemTypeMismatch, mapping, field, "ConvertUnit needs a number, but Plytix attribute %q is a %s", def.Label, def.TypeClass)
	}
	if t.kind() == catalog.NumberField && !numeric {
		c.report(pimv1alpha1.ProblemTypeMismatch, mapping, field, "%s takes a number, but Plytix attribute %q is a %s", t.Name, def.Label, def.TypeClass)
	}
	if def.TypeClass == "MediaAttribute" || def.TypeClass == "MediaGalleryAttribute" {
		if t.Attribute == nil || c.in.Reference == nil || c.in.Reference.AttributeTypes[t.Attribute.TypeName].Elements[t.Attribute.ElementKey] != "IMAGE" {
			c.report(pimv1alpha1.ProblemTypeMismatch, mapping, field, "Plytix media attribute %q can only reach an image attribute; product media sync from the product's assets", def.Label)
		}
	}
	c.checkLookupTransforms(mapping, field, r, def)
}

// checkLookupTransforms reports dropdown and multiselect options a Lookup transform has no entry for.
func (c *compiler) checkLookupTransforms(mapping, field string, r pimv1alpha1.AttributeRule, def catalog.AttributeDefinition) {
	for j, tr := range r.Transforms {
		if tr.Type != pimv1alpha1.TransformLookup || len(def.Options) == 0 {
			continue
		}
		var missing []string
		for _, option := range def.Options {
			if !slices.ContainsFunc(tr.Lookup, func(e pimv1alpha1.LookupEntry) bool { return e.From == option }) {
				missing = append(missing, option)
			}
		}
		if len(missing) > 0 {
			c.report(pimv1alpha1.ProblemUncoveredValues, mapping, fmt.Sprintf("%s.transforms[%d].lookup", field, j),
				"Plytix options of %q with no lookup entry: %s", def.Label, quoteList(missing, 10))
		}
		return
	}
}

func revision(in Input) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(struct {
		H pimv1alpha1.Hierarchy
		C pimv1alpha1.CentraTarget
		P pimv1alpha1.PublishPolicy
	}{in.Spec.Hierarchy, pimv1alpha1.CentraTarget{Store: in.Spec.Centra.Store, Markets: in.Spec.Centra.Markets}, in.Spec.Publish})
	for _, am := range in.Mappings {
		_ = enc.Encode(am.Spec)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// templateLabels are the Plytix labels the rule's templates refer to.
func (r *Rule) templateLabels() []string {
	var labels []string
	for _, t := range r.templates {
		for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
			if label, ok := strings.CutPrefix(m[1], "attributes."); ok {
				labels = append(labels, label)
			}
		}
	}
	return labels
}
