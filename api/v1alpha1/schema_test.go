package v1alpha1

// Checks over the generated CRDs (config/crd/bases): every field documented, so `kubectl explain`
// reads well; every list and string bounded, so CEL stays within its cost budget and status stays
// small; and the stock/price deny rule in step with OwnedByCentraPattern.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

func loadCRDs(t *testing.T) []apiextensionsv1.CustomResourceDefinition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "config", "crd", "bases", "*.yaml"))
	if err != nil || len(files) != 2 {
		t.Fatalf("want 2 generated CRDs, found %v (%v)", files, err)
	}
	var crds []apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.UnmarshalStrict(data, &crd); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		crds = append(crds, crd)
	}
	return crds
}

// walk visits every property below schema with its dotted path.
func walk(path string, schema *apiextensionsv1.JSONSchemaProps, visit func(string, *apiextensionsv1.JSONSchemaProps)) {
	visit(path, schema)
	for name, prop := range schema.Properties {
		walk(path+"."+name, &prop, visit)
	}
	if schema.Items != nil && schema.Items.Schema != nil {
		walk(path+"[]", schema.Items.Schema, visit)
	}
}

// fromMetav1 reports paths whose schema comes from apimachinery (conditions, label selectors),
// which this project does not document or bound itself.
func fromMetav1(path string) bool {
	return strings.Contains(path, ".conditions[]") || strings.Contains(path, ".selector.") ||
		strings.HasPrefix(path, ".metadata")
}

func TestEveryFieldIsDocumented(t *testing.T) {
	for _, crd := range loadCRDs(t) {
		root := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
		walk("", root, func(path string, s *apiextensionsv1.JSONSchemaProps) {
			if path == "" || strings.HasSuffix(path, "[]") || fromMetav1(path) {
				return
			}
			if strings.TrimSpace(s.Description) == "" {
				t.Errorf("%s%s has no description", crd.Spec.Names.Kind, path)
			}
		})
	}
}

func TestEveryListAndStringIsBounded(t *testing.T) {
	for _, crd := range loadCRDs(t) {
		root := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
		walk("", root, func(path string, s *apiextensionsv1.JSONSchemaProps) {
			if fromMetav1(path) || path == ".apiVersion" || path == ".kind" {
				return
			}
			switch s.Type {
			case "array":
				if s.MaxItems == nil {
					t.Errorf("%s%s: list without maxItems", crd.Spec.Names.Kind, path)
				}
			case "string":
				if s.MaxLength == nil && len(s.Enum) == 0 && s.Format != "date-time" {
					t.Errorf("%s%s: string without maxLength or enum", crd.Spec.Names.Kind, path)
				}
			}
		})
	}
}

func TestStockAndPriceDenyRulesUseTheSharedPattern(t *testing.T) {
	const message = "Centra and the WMS own stock, inventory, quantity and price fields: a mapping may never write them"
	found := 0
	for _, crd := range loadCRDs(t) {
		walk("", crd.Spec.Versions[0].Schema.OpenAPIV3Schema, func(path string, s *apiextensionsv1.JSONSchemaProps) {
			for _, rule := range s.XValidations {
				if rule.Message != message {
					continue
				}
				found++
				if !strings.Contains(rule.Rule, "'"+OwnedByCentraPattern+"'") {
					t.Errorf("%s: deny rule %q does not use OwnedByCentraPattern %q", path, rule.Rule, OwnedByCentraPattern)
				}
			}
		})
	}
	// productField, variantField, sizeField, displayField and attribute.typeName.
	if found != 5 {
		t.Errorf("found %d stock/price deny rules, want 5", found)
	}
}
