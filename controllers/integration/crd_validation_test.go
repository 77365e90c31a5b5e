package integration

// CRD validation tests: each invalid object is sent to the real API server, and the test asserts
// the exact message a platform engineer would see from `kubectl apply`. This tests the OpenAPI
// markers and CEL rules themselves, not a copy of them.

import (
	"context"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

func validCatalogSync(ns string) *pimv1alpha1.CatalogSync {
	return &pimv1alpha1.CatalogSync{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "sync-", Namespace: ns},
		Spec: pimv1alpha1.CatalogSyncSpec{
			Plytix: pimv1alpha1.PlytixSource{
				CredentialsSecretRef: &pimv1alpha1.PlytixCredentialsRef{Name: "plytix"},
			},
			Centra: pimv1alpha1.CentraTarget{
				URL:            "https://shop.centra.com/graphql",
				TokenSecretRef: &pimv1alpha1.SecretKeyRef{Name: "centra"},
				Store:          "Retail",
			},
			Mappings: pimv1alpha1.MappingSelection{Names: []string{"apparel"}},
		},
	}
}

func validMapping(ns string) *pimv1alpha1.AttributeMapping {
	return &pimv1alpha1.AttributeMapping{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "map-", Namespace: ns},
		Spec: pimv1alpha1.AttributeMappingSpec{
			Rules: []pimv1alpha1.AttributeRule{
				{From: pimv1alpha1.RuleSource{System: "label"}, To: pimv1alpha1.RuleTarget{ProductField: "name"}},
				{
					From: pimv1alpha1.RuleSource{Attribute: "material"},
					To:   pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_material", ElementKey: "text"}},
				},
			},
		},
	}
}

func duration(s string) metav1.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return metav1.Duration{Duration: d}
}

func TestCatalogSyncValidation(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*pimv1alpha1.CatalogSync)
		want   []string // every string must appear in the API server's error
	}{
		{
			name:   "interval below one minute",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Interval = ptr.To(duration("30s")) },
			want:   []string{`spec.interval: Invalid value: "30s": interval must be at least 1m: the Plytix and Centra quotas are hourly, so syncing more often only spends them faster`},
		},
		{
			name: "fullSyncInterval shorter than interval",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Interval = ptr.To(duration("1h"))
				c.Spec.FullSyncInterval = ptr.To(duration("30m"))
			},
			want: []string{`spec: Invalid value: spec.fullSyncInterval must be at least spec.interval: a full pass is a slower, rarer kind of run`},
		},
		{
			name: "timeout longer than interval",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Interval = ptr.To(duration("5m"))
				c.Spec.Timeout = ptr.To(duration("1h"))
			},
			want: []string{`spec.timeout must not exceed spec.interval, or runs would overlap`},
		},
		{
			name:   "unknown mode",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Mode = "Delete" },
			want:   []string{`spec.mode: Unsupported value: "Delete": supported values: "Apply", "Plan", "Observe"`},
		},
		{
			name: "colour axis equals size axis",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Hierarchy = pimv1alpha1.Hierarchy{ColorAxis: "variant", SizeAxis: "variant"}
			},
			want: []string{`spec.hierarchy: Invalid value: hierarchy.colorAxis and hierarchy.sizeAxis must be different attributes: one attribute cannot split products into both variants and sizes`},
		},
		{
			name: "size chart given twice",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Hierarchy = pimv1alpha1.Hierarchy{SizeChart: "Letters", SizeChartAttribute: "size_system"}
			},
			want: []string{`spec.hierarchy: Invalid value: set hierarchy.sizeChart or hierarchy.sizeChartAttribute, not both`},
		},
		{
			name:   "plain http Plytix API on a public host",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.APIURL = "http://pim.plytix.com" },
			want:   []string{`spec.plytix.apiURL: Invalid value: "http://pim.plytix.com": apiURL must use https (plain http is allowed only to localhost, 127.x.x.x or [::1] for local sandboxes)`},
		},
		{
			name:   "plain http Centra on a private address",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Centra.URL = "http://10.0.0.5/graphql" },
			want:   []string{`spec.centra.url: Invalid value: "http://10.0.0.5/graphql": url must use https (plain http is allowed only to localhost, 127.x.x.x or [::1] for local sandboxes)`},
		},
		{
			name:   "plain http to a host that only starts like localhost",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.AuthURL = "http://localhost.evil.example" },
			want:   []string{`spec.plytix.authURL: Invalid value: "http://localhost.evil.example": authURL must use https`},
		},
		{
			name:   "trailing slash on the Centra URL",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Centra.URL = "https://shop.centra.com/graphql/" },
			want:   []string{`spec.centra.url: Invalid value: "https://shop.centra.com/graphql/": url must not end with a slash`},
		},
		{
			name:   "no Plytix credentials",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.CredentialsSecretRef = nil },
			want:   []string{`spec.plytix: Invalid value: plytix.credentialsSecretRef is required in every mode: Plan and Observe read Plytix too`},
		},
		{
			name: "no Centra token in Plan mode",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Mode = pimv1alpha1.SyncModePlan
				c.Spec.Centra.TokenSecretRef = nil
			},
			want: []string{`spec.centra: Invalid value: centra.tokenSecretRef is required in every mode: Plan and Observe read Centra too`},
		},
		{
			name:   "empty Plytix secret name",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.CredentialsSecretRef.Name = "" },
			want:   []string{`spec.plytix.credentialsSecretRef.name: Invalid value: "": spec.plytix.credentialsSecretRef.name in body should be at least 1 chars long`},
		},
		{
			name:   "no mapping selected",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Mappings = pimv1alpha1.MappingSelection{} },
			want:   []string{`spec.mappings: Invalid value: spec.mappings needs names or a selector: a CatalogSync without a mapping would sync nothing`},
		},
		{
			name:   "no store",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Centra.Store = "" },
			want:   []string{`spec.centra.store: Invalid value: "": spec.centra.store in body should be at least 1 chars long`},
		},
		{
			name: "in without values",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{{{Field: "attributes.brand", Operator: "in", Value: ptr.To("Nordlys")}}}
			},
			want: []string{`spec.plytix.filters[0][0]: Invalid value: in and !in take values (a list), not value`},
		},
		{
			name: "exists with a value",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{{{Field: "gtin", Operator: "exists", Value: ptr.To("x")}}}
			},
			want: []string{`spec.plytix.filters[0][0]: Invalid value: exists and !exists take no value`},
		},
		{
			name: "text_search with a single field",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{{{Field: "label", Operator: "text_search", Value: ptr.To("jacket")}}}
			},
			want: []string{`spec.plytix.filters[0][0]: Invalid value: text_search takes fields (a list); every other operator takes field`},
		},
		{
			name: "unknown filter operator",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{{{Field: "label", Operator: "contains", Value: ptr.To("x")}}}
			},
			want: []string{`spec.plytix.filters[0][0].operator: Unsupported value: "contains": supported values: "exists", "!exists", "eq", "!eq", "like", "in", "!in", "gt", "gte", "lt", "lte", "text_search"`},
		},
		{
			name: "too many OR groups",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				for i := 0; i < 11; i++ {
					c.Spec.Plytix.Filters = append(c.Spec.Plytix.Filters, []pimv1alpha1.PlytixFilter{{Field: "sku", Operator: "exists"}})
				}
			},
			want: []string{`spec.plytix.filters: Too many: 11: must have at most 10 items`},
		},
		{
			name: "completeness over 100",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Gates = pimv1alpha1.Gates{MinCompleteness: ptr.To[int32](150), CompletenessAttribute: "completeness"}
			},
			want: []string{`spec.gates.minCompleteness: Invalid value: 150: spec.gates.minCompleteness in body should be less than or equal to 100`},
		},
		{
			name:   "completeness without its attribute",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Gates = pimv1alpha1.Gates{MinCompleteness: ptr.To[int32](80)} },
			want:   []string{`spec.gates: Invalid value: gates.completenessAttribute is required when gates.minCompleteness is set: it names the Plytix completeness attribute to check`},
		},
		{
			name:   "unknown drift mode",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Drift.Mode = "Auto" },
			want:   []string{`spec.drift.mode: Unsupported value: "Auto": supported values: "Enforce", "Warn", "Disabled"`},
		},
		{
			name:   "hard delete is not a deletion policy",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.DeletionPolicy = "Delete" },
			want:   []string{`spec.deletionPolicy: Unsupported value: "Delete": supported values: "Orphan", "Deactivate"`},
		},
		{
			name: "zero mutation quota",
			mutate: func(c *pimv1alpha1.CatalogSync) {
				c.Spec.Centra.RateLimits = &pimv1alpha1.CentraRateLimits{Mutations: &pimv1alpha1.WindowLimits{PerHour: ptr.To[int64](0)}}
			},
			want: []string{`spec.centra.rateLimits.mutations.perHour: Invalid value: 0: spec.centra.rateLimits.mutations.perHour in body should be greater than or equal to 1`},
		},
		{
			name:   "a one-size chart name with a trailing space",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Hierarchy.OneSizeChart = "One Size " },
			want:   []string{`spec.hierarchy.oneSizeChart: Invalid value: "One Size ": hierarchy.oneSizeChart must not start or end with spaces: it is matched exactly against Centra's size chart names`},
		},
		{
			name:   "a mapping name that is no object name",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Mappings.Names = []string{"Nordlys_Apparel"} },
			want:   []string{`spec.mappings.names: Invalid value: spec.mappings.names holds AttributeMapping names: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`},
		},
		{
			name:   "a scope shrink limit of zero",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.ScopeShrinkLimitPercent = ptr.To[int32](0) },
			want:   []string{`spec.plytix.scopeShrinkLimitPercent: Invalid value: 0: spec.plytix.scopeShrinkLimitPercent in body should be greater than or equal to 1`},
		},
		{
			name:   "a scope shrink limit over 100",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Plytix.ScopeShrinkLimitPercent = ptr.To[int32](101) },
			want:   []string{`spec.plytix.scopeShrinkLimitPercent: Invalid value: 101: spec.plytix.scopeShrinkLimitPercent in body should be less than or equal to 100`},
		},
		{
			name:   "unknown publish state",
			mutate: func(c *pimv1alpha1.CatalogSync) { c.Spec.Publish.NewProducts = "Live" },
			want:   []string{`spec.publish.newProducts: Unsupported value: "Live": supported values: "Active", "Inactive"`},
		},
	}
	ns := newNamespace(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := validCatalogSync(ns)
			tc.mutate(obj)
			assertRejected(t, k8sClient.Create(context.Background(), obj), tc.want)
		})
	}
}

func TestAttributeMappingValidation(t *testing.T) {
	price := pimv1alpha1.RuleTarget{ProductField: "price"}
	cases := []struct {
		name   string
		mutate func(*pimv1alpha1.AttributeMapping)
		want   []string
	}{
		{
			name:   "rule writes the product price",
			mutate: func(m *pimv1alpha1.AttributeMapping) { m.Spec.Rules[0].To = price },
			want:   []string{`spec.rules[0].to.productField: Invalid value: "price": Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them`},
		},
		{
			name: "rule writes variant stock",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{VariantField: "stockQuantity"}
			},
			want: []string{`spec.rules[0].to.variantField: Invalid value: "stockQuantity": Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them`},
		},
		{
			name: "rule writes a display's order quantity",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{DisplayField: "minimumOrderQuantity"}
			},
			want: []string{`spec.rules[0].to.displayField: Invalid value: "minimumOrderQuantity": Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them`},
		},
		{
			name: "rule writes an inventory custom attribute",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[1].To.Attribute.TypeName = "pr_Inventory_level"
			},
			want: []string{`spec.rules[1].to.attribute: Invalid value: Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them`},
		},
		{
			name: "unknown product field",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{ProductField: "colour"}
			},
			want: []string{`spec.rules[0].to.productField: Invalid value: "colour": productField must be one of name, harmonizedCommodityCode, harmonizedCommodityCodeDescription, countryOfOrigin, weight`},
		},
		{
			name: "variant number is derived from the SKUs, not mapped",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{VariantField: "variantNumber"}
			},
			want: []string{`spec.rules[0].to.variantField: Invalid value: "variantNumber": variantField must be name`},
		},
		{
			name: "two targets in one rule",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{ProductField: "name", DisplayField: "name"}
			},
			want: []string{`spec.rules[0].to: Invalid value: to needs exactly one target: productField, variantField, sizeField, displayField or attribute`},
		},
		{
			name:   "no target",
			mutate: func(m *pimv1alpha1.AttributeMapping) { m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{} },
			want:   []string{`spec.rules[0].to: Invalid value: to needs exactly one target`},
		},
		{
			name: "two rules write the same target",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules = append(m.Spec.Rules, pimv1alpha1.AttributeRule{
					From: pimv1alpha1.RuleSource{Attribute: "title"}, To: pimv1alpha1.RuleTarget{ProductField: "name"},
				})
			},
			want: []string{`spec.rules: Invalid value: two rules write the same Centra target: each target may be written by one rule only`},
		},
		{
			name: "source is both an attribute and a system field",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].From = pimv1alpha1.RuleSource{Attribute: "title", System: "label"}
			},
			want: []string{`spec.rules[0].from: Invalid value: from needs exactly one of attribute (a Plytix attribute label) or system (a Plytix system field)`},
		},
		{
			name: "source is a display name, not a label",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[1].From = pimv1alpha1.RuleSource{Attribute: "Material Composition"}
			},
			want: []string{`spec.rules[1].from.attribute: Invalid value: "Material Composition": spec.rules[1].from.attribute in body should match '^[A-Za-z0-9_]+$'`},
		},
		{
			name:   "unknown system field",
			mutate: func(m *pimv1alpha1.AttributeMapping) { m.Spec.Rules[0].From = pimv1alpha1.RuleSource{System: "price"} },
			want:   []string{`spec.rules[0].from.system: Unsupported value: "price": supported values: "sku", "label", "gtin", "status", "categories", "assets", "thumbnail", "created", "modified"`},
		},
		{
			name: "an attribute element named price",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].To = pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_extras", ElementKey: "price"}}
			},
			want: []string{`spec.rules[0].to.attribute: Invalid value: Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them, not even as an attribute element`},
		},
		{
			name: "Template with an unbalanced brace",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTemplate, Template: "{{value} by Nordlys"}}
			},
			want: []string{`spec.rules[0].transforms[0].template: Invalid value: "{{value} by Nordlys": template may hold only the placeholders {{value}} and {{attributes.<label>}}, each in double braces; a stray brace or another name is not allowed`},
		},
		{
			name: "Template naming an unknown variable",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTemplate, Template: "{{value}} ({{colour}})"}}
			},
			want: []string{`spec.rules[0].transforms[0].template: Invalid value: "{{value}} ({{colour}})": template may hold only the placeholders {{value}} and {{attributes.<label>}}, each in double braces; a stray brace or another name is not allowed`},
		},
		{
			name: "Case transform without a case",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformCase}}
			},
			want: []string{`spec.rules[0].transforms[0]: Invalid value: case is set exactly when type is Case`},
		},
		{
			name: "Truncate transform carrying a lookup",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{
					Type: pimv1alpha1.TransformTruncate, Lookup: []pimv1alpha1.LookupEntry{{From: "a", To: "b"}},
				}}
			},
			want: []string{
				`spec.rules[0].transforms[0]: Invalid value: lookup is set exactly when type is Lookup`,
				`spec.rules[0].transforms[0]: Invalid value: maxLength is set exactly when type is Truncate`,
			},
		},
		{
			name: "unit conversion from length to mass",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{
					Type: pimv1alpha1.TransformConvertUnit, Unit: &pimv1alpha1.UnitConversion{From: "cm", To: "kg"},
				}}
			},
			want: []string{`spec.rules[0].transforms[0].unit: Invalid value: unit.from and unit.to must both be lengths, both masses or both volumes`},
		},
		{
			name: "brand value mapped twice",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Brand = &pimv1alpha1.BrandMapping{Values: []pimv1alpha1.LookupEntry{
					{From: "Nordlys", To: "Nordlys Outdoor"}, {From: "Nordlys", To: "Nordlys Kids"},
				}}
			},
			want: []string{`spec.brand.values[1]: Duplicate value: {"from":"Nordlys"}`},
		},
		{
			name: "brand mapping without values",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				m.Spec.Brand = &pimv1alpha1.BrandMapping{Attribute: "brand"}
			},
			want: []string{`spec.brand.values: Required value`},
		},
		{
			name:   "empty mapping",
			mutate: func(m *pimv1alpha1.AttributeMapping) { m.Spec = pimv1alpha1.AttributeMappingSpec{} },
			want:   []string{`spec: Invalid value: an AttributeMapping needs at least one of brand, rules, categories, collections, folders or sizeCharts`},
		},
		{
			name: "too many transforms",
			mutate: func(m *pimv1alpha1.AttributeMapping) {
				for i := 0; i < 9; i++ {
					m.Spec.Rules[0].Transforms = append(m.Spec.Rules[0].Transforms, pimv1alpha1.Transform{Type: pimv1alpha1.TransformTrim})
				}
			},
			want: []string{`spec.rules[0].transforms: Too many: 9: must have at most 8 items`},
		},
	}
	ns := newNamespace(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := validMapping(ns)
			tc.mutate(obj)
			assertRejected(t, k8sClient.Create(context.Background(), obj), tc.want)
		})
	}
}

// TestValidTemplatesAndEmptyLookups: the placeholders the engine fills are accepted, spaced or
// not; an empty Lookup table (sent as JSON, which a typed client would drop) is rejected.
func TestValidTemplatesAndEmptyLookups(t *testing.T) {
	ns := newNamespace(t)
	obj := validMapping(ns)
	obj.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTemplate,
		Template: "{{value}} — {{ attributes.material_composition }}, {{attributes.fit}}"}}
	if err := k8sClient.Create(context.Background(), obj); err != nil {
		t.Fatalf("a valid template was rejected: %v", err)
	}
	raw := validMapping(ns)
	raw.Name = "empty-lookup"
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(raw)
	if err != nil {
		t.Fatal(err)
	}
	u["apiVersion"], u["kind"] = pimv1alpha1.GroupVersion.String(), "AttributeMapping"
	rules, _, _ := unstructured.NestedSlice(u, "spec", "rules")
	rules[0].(map[string]any)["transforms"] = []any{map[string]any{"type": "Lookup", "lookup": []any{}}}
	if err := unstructured.SetNestedSlice(u, rules, "spec", "rules"); err != nil {
		t.Fatal(err)
	}
	assertRejected(t, k8sClient.Create(context.Background(), &unstructured.Unstructured{Object: u}),
		[]string{`spec.rules[0].transforms[0].lookup: Invalid value: 0: spec.rules[0].transforms[0].lookup in body should have at least 1 items`})
}

func assertRejected(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("the API server accepted the object; want an error containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not contain\n  %s\ngot\n  %s", w, err)
		}
	}
}
