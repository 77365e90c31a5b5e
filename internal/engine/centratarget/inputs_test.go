package centratarget

import (
	"reflect"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
)

// TestProductCreateFailuresInFieldOrder: the values a create leaves out are reported in field
// order, the same on every run.
func TestProductCreateFailuresInFieldOrder(t *testing.T) {
	target := &Target{ref: &centra.ReferenceData{}}
	p := &catalog.Product{ProductNumber: "P1", Name: "P", Fields: map[string]string{
		"weight": "heavy", "folder": "Outlet", "collection": "SS27", "countryOfOrigin": "SE", "harmonizedCommodityCode": "6110",
	}}
	var first []string
	for i := range 50 {
		_, failedFields, err := target.productCreate(p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range failedFields {
			got = append(got, f.Change.Target())
		}
		if i == 0 {
			first = got
			if want := []string{"product.collection", "product.folder", "product.weight"}; !reflect.DeepEqual(got, want) {
				t.Fatalf("failures %q, want %q", got, want)
			}
		} else if !reflect.DeepEqual(got, first) {
			t.Fatalf("failures changed between two runs: %q, then %q", first, got)
		}
	}
}
