package catalog

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

// TestCRDAllowsExactlyTheMappableFields: the AttributeMapping CRD's CEL rules on productField,
// variantField, sizeField and displayField admit exactly the fields the table marks mappable,
// level by level, so a field added to one and not the other fails here.
func TestCRDAllowsExactlyTheMappableFields(t *testing.T) {
	raw, err := os.ReadFile("../../config/crd/bases/pim.catalogsync.io_attributemappings.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.Unmarshal(raw, &crd); err != nil {
		t.Fatal(err)
	}
	to := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["rules"].Items.Schema.Properties["to"]
	allowList := regexp.MustCompile(`self in \[([^\]]*)\]`)
	for property, level := range map[string]Level{
		"productField": LevelProduct, "variantField": LevelVariant, "sizeField": LevelSize, "displayField": LevelDisplay,
	} {
		schema, ok := to.Properties[property]
		if !ok {
			t.Errorf("the CRD has no to.%s", property)
			continue
		}
		var allowed []string
		for _, v := range schema.XValidations {
			if m := allowList.FindStringSubmatch(v.Rule); m != nil {
				for _, quoted := range strings.Split(m[1], ",") {
					allowed = append(allowed, strings.Trim(strings.TrimSpace(quoted), "'"))
				}
			}
		}
		if want := MappableFields(level); !slices.Equal(allowed, want) {
			t.Errorf("to.%s: the CRD allows %q, the field table %q", property, allowed, want)
		}
	}
}

// TestFieldsAreDeclaredOnce: no level declares a field twice, and every field names itself as
// status rows do.
func TestFieldsAreDeclaredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Fields {
		target := f.Target()
		if seen[target] {
			t.Errorf("%s is declared twice", target)
		}
		seen[target] = true
		if got, ok := LookupField(f.Level, f.Name); !ok || got != f {
			t.Errorf("LookupField(%s, %s) = %+v, %v", f.Level, f.Name, got, ok)
		}
	}
	if _, ok := LookupField(LevelProduct, "stock"); ok {
		t.Error("the table declares a stock field")
	}
}
