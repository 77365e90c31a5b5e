package plan

import (
	"reflect"
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
)

var fitKey = catalog.AttributeKey{TypeName: "pr_fit", ElementKey: "value"}
var materialKey = catalog.AttributeKey{TypeName: "pr_material", ElementKey: "text"}

func desiredJacket() *catalog.Product {
	return &catalog.Product{
		ProductNumber: "NL-1", Name: "Storm Jacket", Status: "ACTIVE", Brand: "Nordlys",
		Fields: map[string]string{"weight": "1.25"},
		Attributes: catalog.Attributes{
			materialKey: {Text: "nylon"},
			fitKey:      {Mapped: true, Options: []string{"Slim"}, OptionIDs: []int{2}},
		},
		MediaURLs: []string{"https://img/1.jpg"},
		Variants: []catalog.Variant{{
			VariantNumber: "-BLK-", Name: "Black", Status: "ACTIVE", SizeChart: "Letters", Fields: map[string]string{},
			Sizes: []catalog.Size{
				{Name: "S", SizeNumber: "S", SKU: "NL-1-BLK-S", Fields: map[string]string{"EAN": "111"}},
				{Name: "M", SizeNumber: "M", SKU: "NL-1-BLK-M", Fields: map[string]string{"EAN": "222"}},
			},
		}},
		Display: &catalog.Display{
			Name: "Storm Jacket", Status: "ACTIVE", Fields: map[string]string{"description": "Warm"},
			Categories: []string{"Jackets"}, Markets: []string{"EU"}, Variants: []string{"-BLK-"},
		},
	}
}

// observedJacket is the same product as Centra returns it, with ids and an extra category a
// merchandiser added.
func observedJacket() *catalog.Product {
	p := desiredJacket()
	p.ID = 7
	p.Fields = map[string]string{"weight": "1.250", "countryOfOrigin": "SE"}
	p.Attributes = catalog.Attributes{
		materialKey: {Text: "nylon\r\n"},
		fitKey:      {Mapped: true, Options: []string{"Slim"}, OptionIDs: []int{2}},
	}
	p.Display.Categories = []string{"Sale", "Jackets"}
	return p
}

// changeView is what people read of a change: its derived names and values.
type changeView struct {
	Target, Object, From, To string
	SKUs                     []string
	VariantNumber, SizeName  string
}

func viewsOf(changes []Change) []changeView {
	var out []changeView
	for _, c := range changes {
		out = append(out, changeView{Target: c.Target(), Object: c.Object(), From: c.From, To: c.To, SKUs: c.SKUs, VariantNumber: c.VariantNumber, SizeName: c.SizeName})
	}
	return out
}

func TestDiff(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(d, o *catalog.Product)
		want   []changeView
	}{
		{name: "equal after normalising numbers and line breaks; extra category kept", mutate: func(d, o *catalog.Product) {}},
		{
			name:   "a changed description",
			mutate: func(d, _ *catalog.Product) { d.Display.Fields["description"] = "Warmer" },
			want:   []changeView{{Target: "display.description", Object: "display", From: "Warm", To: "Warmer", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}}},
		},
		{
			name: "a different mapped option",
			mutate: func(_, o *catalog.Product) {
				o.Attributes[fitKey] = catalog.AttributeValue{Mapped: true, Options: []string{"Regular"}, OptionIDs: []int{1}}
			},
			want: []changeView{{Target: "attribute:pr_fit.value", Object: "product", From: "Regular", To: "Slim", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}}},
		},
		{
			name:   "a value cleared in Plytix is cleared in Centra",
			mutate: func(d, _ *catalog.Product) { d.Attributes[materialKey] = catalog.AttributeValue{} },
			want:   []changeView{{Target: "attribute:pr_material.text", Object: "product", From: "nylon\r\n", To: "", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}}},
		},
		{
			name: "a new size and a changed EAN",
			mutate: func(d, _ *catalog.Product) {
				d.Variants[0].Sizes[1].Fields["EAN"] = "333"
				d.Variants[0].Sizes = append(d.Variants[0].Sizes, catalog.Size{Name: "L", SizeNumber: "L", SKU: "NL-1-BLK-L", Fields: map[string]string{}})
			},
			want: []changeView{
				{Target: "size.EAN", Object: "size NL-1-BLK-M", From: "222", To: "333", SKUs: []string{"NL-1-BLK-M"}, VariantNumber: "-BLK-", SizeName: "M"},
				{Target: TargetSize, Object: "size NL-1-BLK-L", To: "L", SKUs: []string{"NL-1-BLK-L"}, VariantNumber: "-BLK-", SizeName: "L"},
			},
		},
		{
			name: "a new colour needs a variant and its display activation",
			mutate: func(d, _ *catalog.Product) {
				d.Variants = append(d.Variants, catalog.Variant{VariantNumber: "-NVY-", Name: "Navy", SizeChart: "Letters",
					Sizes: []catalog.Size{{Name: "S", SKU: "NL-1-NVY-S"}}})
				d.Display.Variants = append(d.Display.Variants, "-NVY-")
			},
			want: []changeView{
				{Target: TargetVariant, Object: "variant -NVY-", To: "Navy", SKUs: []string{"NL-1-NVY-S"}, VariantNumber: "-NVY-"},
				{Target: TargetDisplayVariants, Object: "display", To: "-NVY-", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M", "NL-1-NVY-S"}, VariantNumber: "-NVY-"},
			},
		},
		{
			name:   "a size chart Centra will not change",
			mutate: func(_, o *catalog.Product) { o.Variants[0].SizeChart = "Numeric" },
			want:   []changeView{{Target: TargetSizeChart, Object: "variant -BLK-", From: "Numeric", To: "Letters", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}, VariantNumber: "-BLK-"}},
		},
		{
			name:   "a missing image",
			mutate: func(d, _ *catalog.Product) { d.MediaURLs = append(d.MediaURLs, "https://img/2.jpg") },
			want:   []changeView{{Target: TargetProductMedia, Object: "product", To: "https://img/2.jpg", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}}},
		},
		{
			name:   "no display in the store",
			mutate: func(_, o *catalog.Product) { o.Display = nil },
			want:   []changeView{{Target: TargetDisplay, Object: "display", To: "Storm Jacket", SKUs: []string{"NL-1-BLK-S", "NL-1-BLK-M"}}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, o := desiredJacket(), observedJacket()
			tc.mutate(d, o)
			got := viewsOf(Diff(d, o))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Diff =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestDiffAgainstNothingListsEveryValueToCreate(t *testing.T) {
	changes := Diff(desiredJacket(), nil)
	targets := map[string]bool{}
	for _, c := range changes {
		targets[c.Target()] = true
	}
	for _, want := range []string{TargetName, TargetBrand, "product.weight", "attribute:pr_material.text", "attribute:pr_fit.value", TargetProductMedia, TargetVariant, TargetDisplay} {
		if !targets[want] {
			t.Errorf("create plan lacks %s: %+v", want, changes)
		}
	}
}

func TestDecide(t *testing.T) {
	built := func() *mapping.Built { return &mapping.Built{ProductNumber: "NL-1", Product: desiredJacket()} }
	blocked := &mapping.Built{ProductNumber: "NL-1"}
	edited := func() *catalog.Product {
		o := observedJacket()
		o.Display.Fields["description"] = "Edited by hand"
		return o
	}
	editedTwice := func() *catalog.Product {
		o := edited()
		o.Name = "Renamed by hand"
		return o
	}
	cases := []struct {
		name        string
		built       *mapping.Built
		observed    *catalog.Product
		changed     bool
		opts        Options
		wantAction  Action
		wantChanges int
		wantDrift   int
	}{
		{"new product", built(), nil, true, Options{}, ActionCreate, len(Diff(desiredJacket(), nil)), 0},
		{"in sync", built(), observedJacket(), false, Options{DriftMode: "Warn"}, ActionUnchanged, 0, 0},
		{"Plytix changed", built(), edited(), true, Options{DriftMode: "Warn"}, ActionUpdate, 1, 0},
		{"hand edit, Warn", built(), edited(), false, Options{DriftMode: "Warn"}, ActionDrifted, 0, 1},
		{"hand edit, Enforce", built(), edited(), false, Options{DriftMode: "Enforce"}, ActionCorrect, 1, 1},
		{"hand edit, Disabled", built(), edited(), false, Options{DriftMode: "Disabled"}, ActionUnchanged, 0, 0},
		{"hand edit on an ignored attribute", built(), edited(), false,
			Options{DriftMode: "Enforce", Ignored: map[string]bool{"display.description": true}}, ActionUnchanged, 0, 0},
		{"half-created product is completed", built(), func() *catalog.Product { o := observedJacket(); o.Display = nil; return o }(), false,
			Options{DriftMode: "Disabled"}, ActionComplete, 1, 0},
		// A difference on a target whose last write failed is that Plytix change, retried.
		{"failed before, Warn", built(), edited(), false,
			Options{DriftMode: "Warn", Retry: map[string]bool{"display.description": true}}, ActionUpdate, 1, 0},
		{"failed before, Disabled", built(), edited(), false,
			Options{DriftMode: "Disabled", Retry: map[string]bool{"display.description": true}}, ActionUpdate, 1, 0},
		{"failed before on an ignored attribute", built(), edited(), false,
			Options{DriftMode: "Warn", Ignored: map[string]bool{"display.description": true}, Retry: map[string]bool{"display.description": true}},
			ActionUpdate, 1, 0},
		{"failed before, beside a hand edit, Warn", built(), editedTwice(), false,
			Options{DriftMode: "Warn", Retry: map[string]bool{"display.description": true}}, ActionUpdate, 1, 1},
		{"failed before, beside a hand edit, Enforce", built(), editedTwice(), false,
			Options{DriftMode: "Enforce", Retry: map[string]bool{"display.description": true}}, ActionUpdate, 2, 1},
		{"failed before on another target", built(), edited(), false,
			Options{DriftMode: "Warn", Retry: map[string]bool{"product.weight": true}}, ActionDrifted, 0, 1},
		{"blocked, not in Centra", blocked, nil, true, Options{OnGateFailure: "Deactivate"}, ActionBlocked, 0, 0},
		{"blocked, live, Keep", blocked, observedJacket(), true, Options{OnGateFailure: "Keep"}, ActionBlocked, 0, 0},
		{"blocked, live, Deactivate", blocked, observedJacket(), true, Options{OnGateFailure: "Deactivate"}, ActionDeactivate, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Decide(tc.built, tc.observed, tc.changed, tc.opts)
			if d.Action != tc.wantAction || len(d.Changes) != tc.wantChanges || len(d.Drift) != tc.wantDrift {
				t.Errorf("Decide = %s with %d changes, %d drift; want %s, %d, %d\n%+v", d.Action, len(d.Changes), len(d.Drift),
					tc.wantAction, tc.wantChanges, tc.wantDrift, d)
			}
		})
	}
}

func TestOrphan(t *testing.T) {
	live := observedJacket()
	inactive := observedJacket()
	inactive.Status, inactive.Display.Status = "INACTIVE", "INACTIVE"
	// The product's own status is shared by every store; only this store's display counts.
	hiddenHere := observedJacket()
	hiddenHere.Display.Status = "INACTIVE"
	notDisplayedHere := observedJacket()
	notDisplayedHere.Display = nil
	cases := []struct {
		name     string
		observed *catalog.Product
		policy   pimv1alpha1.DeletionPolicy
		want     Action
	}{
		{"live, Orphan", live, pimv1alpha1.DeletionPolicyOrphan, ActionOrphaned},
		{"live, Deactivate", live, pimv1alpha1.DeletionPolicyDeactivate, ActionDeactivate},
		{"inactive, Deactivate", inactive, pimv1alpha1.DeletionPolicyDeactivate, ActionOrphaned},
		{"active product, display inactive here", hiddenHere, pimv1alpha1.DeletionPolicyDeactivate, ActionOrphaned},
		{"active product, no display here", notDisplayedHere, pimv1alpha1.DeletionPolicyDeactivate, ActionOrphaned},
	}
	for _, tc := range cases {
		if got := Orphan(tc.observed, tc.policy).Action; got != tc.want {
			t.Errorf("%s: Orphan(%s) = %s, want %s", tc.name, tc.policy, got, tc.want)
		}
	}
}

// A half-created product is finished before new creates start; launches come before updates.
func TestPriorityFinishesHalfCreatedProductsThenLaunches(t *testing.T) {
	order := []Action{ActionComplete, ActionCreate, ActionUpdate, ActionCorrect, ActionDeactivate}
	for i := 1; i < len(order); i++ {
		if order[i-1].Priority() >= order[i].Priority() {
			t.Errorf("%s must come before %s", order[i-1], order[i])
		}
	}
	for _, a := range []Action{ActionUnchanged, ActionDrifted, ActionBlocked, ActionOrphaned} {
		if a.Writes() {
			t.Errorf("%s must not write", a)
		}
	}
}

// TestDiffCarriesTypedLocators: a change says where it lands and keeps what the write needs
// (an attribute's option ids), so no writer parses the names people read.
func TestDiffCarriesTypedLocators(t *testing.T) {
	d, o := desiredJacket(), observedJacket()
	d.Attributes[fitKey] = catalog.AttributeValue{Mapped: true, Options: []string{"Regular"}, OptionIDs: []int{3}}
	d.Variants[0].Sizes[0].Fields["EAN"] = "999"
	got := Diff(d, o)
	want := []Locator{
		{Level: catalog.LevelProduct, Kind: KindAttribute, Attribute: fitKey},
		{Level: catalog.LevelSize, Kind: KindField, Field: catalog.FieldEAN, VariantNumber: "-BLK-", SizeName: "S", SKU: "NL-1-BLK-S"},
	}
	if len(got) != len(want) {
		t.Fatalf("Diff = %+v, want changes at %+v", got, want)
	}
	for i := range want {
		if got[i].Locator != want[i] {
			t.Errorf("change %d at %+v, want %+v", i, got[i].Locator, want[i])
		}
	}
	if !reflect.DeepEqual(got[0].Want.OptionIDs, []int{3}) || !reflect.DeepEqual(got[0].Have.OptionIDs, []int{2}) {
		t.Errorf("attribute change keeps option ids %v (want) and %v (have), want [3] and [2]", got[0].Want.OptionIDs, got[0].Have.OptionIDs)
	}
}
