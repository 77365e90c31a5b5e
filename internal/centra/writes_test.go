package centra_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
)

// TestEnsureProducts_NestedCreateIsOneMutation_Sec3_4: product, variants, sizes and
// attributes in one createProduct; the SKUs are product + variant + size number (§2.4).
func TestEnsureProducts_NestedCreateIsOneMutation_Sec3_4(t *testing.T) {
	ts := sandbox(t, centratest.Options{Strict: true})
	c := client(t, ts)
	ref := mustReference(t, c)
	pc := tee(ref, "NEST-1")
	fit, _ := ref.MappedValueID("fit", "Slim")
	navy, _ := ref.MappedValueID("color", "Navy")
	pc.ExternalID = "prd_NEST-1"
	pc.CountryOfOrigin = centra.Ptr(centra.ByCode("PT"))
	pc.MappedAttributes = []centra.MappedAttributeValue{{TypeName: "fit", ID: fit}}
	pc.DynamicAttributes = []centra.DynamicAttributeValue{{TypeName: "material_composition", Key: "text", Value: "100% organic cotton"}}
	pc.Variants = append(pc.Variants, centra.VariantSpec{Name: "Navy", Status: centra.Active, VariantNumber: "-NVY",
		SizeChart: pc.Variants[0].SizeChart, MappedAttributes: []centra.MappedAttributeValue{{TypeName: "color", ID: navy}},
		Sizes: []centra.SizeSpec{{Size: centra.ByName("XL"), SizeNumber: "-XL", EAN: "7350000000012", IsActive: true}}})
	res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{pc})
	if err != nil || res[0].Err != nil {
		t.Fatalf("EnsureProducts: %v %v", err, res[0].Err)
	}
	r := res[0]
	if !r.Created || r.Ref == nil || len(r.Ref.Variants) != 2 {
		t.Fatalf("result = %+v", r)
	}
	var skus []string
	for _, v := range r.Ref.Variants {
		for _, s := range v.Sizes {
			skus = append(skus, s.SKU)
		}
	}
	if !slices.Equal(skus, []string{"NEST-1-BLK-S", "NEST-1-BLK-M", "NEST-1-NVY-XL"}) {
		t.Errorf("SKUs = %v", skus)
	}
	stats := ts.Stats()
	if stats.TotalMutations() != 1 || stats.Mutations["createProduct"] != 1 {
		t.Errorf("mutations = %v, want one createProduct", stats.Mutations)
	}
	snap, _ := ts.Product("NEST-1")
	if snap.ExternalID != "prd_NEST-1" || snap.Country != "PT" || len(snap.Attributes) != 2 || snap.Variants[1].Attributes[0].MappedName != "Navy" {
		t.Errorf("stored product = %+v", snap)
	}
	// Creating again is a look-up only: nothing is sent but the query.
	again, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{pc})
	if err != nil || again[0].Created || again[0].Product == nil || again[0].Product.ID != r.Ref.ID {
		t.Fatalf("second EnsureProducts = %+v (%v)", again[0], err)
	}
	if got := ts.Stats().TotalMutations(); got != 1 {
		t.Errorf("mutations after the second call = %d, want still 1", got)
	}
}

func TestEnsureProducts_RejectsANumberGivenTwice(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "TW-1"), tee(ref, "TW-1")})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err != nil || !res[0].Created {
		t.Errorf("first = %+v", res[0])
	}
	if res[1].Err == nil || res[1].Err.Error() != `product number "TW-1" is given twice (also at 0)` {
		t.Errorf("second error = %v", res[1].Err)
	}
	if ts.ProductCount() != 1 {
		t.Errorf("products = %d, want 1", ts.ProductCount())
	}
}

func TestEnsureProducts_DuplicateInCentraIsReportedNotCreated_Sec2_4(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	seed := centratest.ProductSeed{Number: "D-1", Name: "Dup", Brand: "Northwind Apparel"}
	if err := ts.SeedProducts([]centratest.ProductSeed{seed, seed}); err != nil {
		t.Fatal(err)
	}
	c := client(t, ts)
	ref := mustReference(t, c)
	res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "D-1")})
	if err != nil || res[0].Duplicates != 1 || res[0].Created || res[0].Product.ID != 1 {
		t.Fatalf("result = %+v (%v), want the oldest of two and nothing created", res[0], err)
	}
}

// TestUpdateProduct_OnlyChangedFields_Sec3_6: an update carries only what changed, so a
// field edited by hand and not in the update keeps its value, and an empty update is
// never sent.
func TestUpdateProduct_OnlyChangedFields_Sec3_6(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "U-1")})
	id := res[0].Ref.ID
	if err := ts.EditProduct("U-1", centratest.ProductEdit{HSCode: centra.Ptr("6109.10")}); err != nil {
		t.Fatal(err)
	}
	if !(centra.ProductUpdate{}).IsEmpty() || (centra.ProductUpdate{Name: centra.Ptr("x")}).IsEmpty() {
		t.Fatal("IsEmpty is wrong")
	}
	fjord, _ := ref.BrandByName("Fjord & Pine")
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.UpdateProduct(id, centra.ProductUpdate{
		Name: centra.Ptr("Tee, renamed"), Brand: centra.Ptr(centra.ByID(fjord.ID))})})
	if err != nil || out[0].Err != nil || out[0].ID != id {
		t.Fatalf("update: %v %+v", err, out[0])
	}
	snap, _ := ts.Product("U-1")
	if snap.Name != "Tee, renamed" || snap.Brand != "Fjord & Pine" || snap.HSCode != "6109.10" || len(snap.Variants) != 1 {
		t.Errorf("after update = %+v", snap)
	}
	out, _ = c.Execute(ctx(t), []centra.Mutation{centra.UpdateProduct(id, centra.ProductUpdate{Brand: centra.Ptr(centra.RemoveRef())})})
	if snap, _ = ts.Product("U-1"); out[0].Err != nil || snap.Brand != "" {
		t.Errorf("brand after removal = %q (%v)", snap.Brand, out[0].Err)
	}
}

func TestAssignAttributesBatch_UpTo100ObjectsPerMutation_Sec4(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 150, Variants: 1, SizeChart: "One Size", Brand: "Northwind Apparel", Store: "Retail"})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t, ts)
	ref := mustReference(t, c)
	products, err := c.ProductsByNumber(ctx(t), numbers)
	if err != nil {
		t.Fatal(err)
	}
	relaxed, _ := ref.MappedValueID("fit", "Relaxed")
	var items []centra.AttributeAssignment
	for _, n := range numbers {
		items = append(items, centra.AttributeAssignment{ObjectType: centra.AttributesOnProduct, ObjectID: products[n][0].ID,
			Mapped:  []centra.MappedAttributeValue{{TypeName: "fit", ID: relaxed}},
			Dynamic: []centra.DynamicAttributeValue{{TypeName: "material_composition", Key: "text", Value: "wool " + n}}})
	}
	ms := centra.AssignAttributesBatch(items)
	if len(ms) != 2 {
		t.Fatalf("mutations = %d, want 2 (100 + 50)", len(ms))
	}
	out, err := c.Execute(ctx(t), ms)
	if err != nil || out[0].Err != nil || out[1].Err != nil {
		t.Fatalf("Execute: %v %v %v", err, out[0].Err, out[1].Err)
	}
	if got := ts.Stats().Mutations["assignAttributesBatch"]; got != 2 {
		t.Errorf("assignAttributesBatch mutations = %d, want 2", got)
	}
	snap, _ := ts.Product(numbers[149])
	if len(snap.Attributes) != 2 || snap.Attributes[0].MappedName != "Relaxed" || snap.Attributes[1].Value != "wool "+numbers[149] {
		t.Errorf("attributes of the last product = %+v", snap.Attributes)
	}
	un := centra.UnassignAttributesBatch([]centra.AttributeUnassignment{{ObjectType: centra.AttributesOnProduct, ObjectID: products[numbers[0]][0].ID,
		Mapped: []centra.MappedAttributeRemoval{{TypeName: "fit"}}, Dynamic: []centra.DynamicAttributeRemoval{{TypeName: "material_composition", Key: "text"}}}})
	if out, err := c.Execute(ctx(t), un); err != nil || out[0].Err != nil {
		t.Fatalf("unassign: %v %v", err, out[0].Err)
	}
	if snap, _ := ts.Product(numbers[0]); len(snap.Attributes) != 0 {
		t.Errorf("attributes after unassign = %+v", snap.Attributes)
	}
}

func TestAssignAttributes_UnknownTypeIsAUserError_Sec9_15(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "A-1")})
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.AssignAttributes(centra.AttributeAssignment{
		ObjectType: centra.AttributesOnProduct, ObjectID: res[0].Ref.ID,
		Dynamic: []centra.DynamicAttributeValue{{TypeName: "color", Key: "hex", Value: "#fff"}}})})
	if err != nil {
		t.Fatal(err)
	}
	var ue *centra.UserErrorsError
	if !errors.As(out[0].Err, &ue) {
		t.Fatalf("error = %v, want *UserErrorsError", out[0].Err)
	}
	want := fmt.Sprintf(`centra assignAttributes for Product %d rejected: input.dynamicAttributes.0.attributeTypeName: Attribute type "color" is for ProductVariant, not Product`, res[0].Ref.ID)
	if ue.Error() != want {
		t.Errorf("error = %q\nwant    %q", ue.Error(), want)
	}
}

func TestEnsureVariantsAndSizes_AddToExistingProduct(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "V-1")})
	pid := res[0].Ref.ID
	letter, _ := ref.SizeChartByName("Letter")
	vc := centra.VariantCreate{Product: centra.ByID(pid), ExternalID: "var_V-1-OLV", VariantSpec: centra.VariantSpec{Name: "Olive", Status: centra.Active,
		VariantNumber: "-OLV", SizeChart: centra.Ptr(centra.ByID(letter.ID)), Sizes: []centra.SizeSpec{{Size: centra.ByName("L"), SizeNumber: "-L", IsActive: true}}}}
	vs, err := c.EnsureVariants(ctx(t), []centra.VariantCreate{vc, {Product: centra.ByID(pid), VariantSpec: centra.VariantSpec{VariantNumber: "-BLK"}}})
	if err != nil || vs[0].Err != nil || !vs[0].Created || vs[1].Created || vs[1].Variant == nil {
		t.Fatalf("EnsureVariants = %+v (%v)", vs, err)
	}
	olive := vs[0].Ref.ID
	ss, err := c.EnsureSizes(ctx(t), []centra.SizeCreate{
		{ProductVariant: centra.ByID(olive), SizeSpec: centra.SizeSpec{Size: centra.ByName("XL"), SizeNumber: "-XL", EAN: "7350000000999", IsActive: true}},
		{ProductVariant: centra.ByID(olive), SizeSpec: centra.SizeSpec{Size: centra.ByName("L"), SizeNumber: "-L", IsActive: true}},
	})
	if err != nil || ss[0].Err != nil || !ss[0].Created || ss[0].Ref.SKU != "V-1-OLV-XL" || ss[1].Created || ss[1].Size.SKU != "V-1-OLV-L" {
		t.Fatalf("EnsureSizes = %+v (%v)", ss, err)
	}
	stats := ts.Stats()
	if stats.Mutations["createProductVariant"] != 1 || stats.Mutations["createProductSize"] != 1 {
		t.Errorf("mutations = %v", stats.Mutations)
	}
	// Deactivating a size is an update; the size chart of a variant is set once (§9.7).
	out, _ := c.Execute(ctx(t), []centra.Mutation{
		centra.UpdateSize(ss[0].Ref.ID, centra.SizeUpdate{IsActive: centra.Ptr(false)}),
		centra.UpdateVariant(olive, centra.VariantUpdate{SizeChart: centra.Ptr(centra.ByID(letter.ID + 1))}),
	})
	var ue *centra.UserErrorsError
	if out[0].Err != nil || !errors.As(out[1].Err, &ue) || ue.Errors[0].Message != "You can set the size chart only once" {
		t.Fatalf("results = %v / %v", out[0].Err, out[1].Err)
	}
	snap, _ := ts.Product("V-1")
	if snap.Variants[1].Sizes[1].Active || snap.Variants[1].SizeChart != "Letter" {
		t.Errorf("variant after updates = %+v", snap.Variants[1])
	}
}

// TestDisplays_CreateThenDeltas_Sec2_5: a display is created once per product and store,
// and changed only through add/remove deltas; removing what is not there is a warning.
func TestDisplays_CreateThenDeltas_Sec2_5(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	pc := tee(ref, "DSP-1")
	pc.Variants = append(pc.Variants, centra.VariantSpec{Name: "White", Status: centra.Active, VariantNumber: "-WHT", SizeChart: pc.Variants[0].SizeChart,
		Sizes: []centra.SizeSpec{{Size: centra.ByName("S"), SizeNumber: "-S", IsActive: true}}})
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{pc})
	p := res[0].Ref
	retail, _ := ref.StoreByName("Retail")
	eu, _ := ref.MarketByName(retail.ID, "EU")
	us, _ := ref.MarketByName(retail.ID, "US")
	uk, _ := ref.MarketByName(retail.ID, "UK")
	women, _ := ref.CategoryByName(retail.ID, "Women")
	tops, _ := ref.CategoryByName(retail.ID, "Tops")
	dc := centra.DisplayCreate{Store: centra.IDRef{ID: retail.ID}, Product: centra.ByID(p.ID), Name: "Tee DSP-1", Status: centra.Active,
		Description: "Soft jersey", AddMarkets: []centra.Ref{centra.ByID(eu.ID), centra.ByID(us.ID)}, AddCategories: []centra.IDRef{{ID: women.ID}},
		AddProductVariants: []centra.VariantAdd{{ProductVariant: centra.ByID(p.Variants[0].ID)}, {ProductVariant: centra.ByID(p.Variants[1].ID)}}}
	ds, err := c.EnsureDisplays(ctx(t), []centra.DisplayCreate{dc})
	if err != nil || ds[0].Err != nil || !ds[0].Created || ds[0].URI != "tee-dsp-1" {
		t.Fatalf("EnsureDisplays = %+v (%v)", ds[0], err)
	}
	again, _ := c.EnsureDisplays(ctx(t), []centra.DisplayCreate{dc})
	if again[0].Created || again[0].ID != ds[0].ID {
		t.Fatalf("second EnsureDisplays = %+v", again[0])
	}
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.UpdateDisplay(ds[0].ID, centra.DisplayUpdate{
		AddMarkets: []centra.Ref{centra.ByID(uk.ID)}, RemoveMarkets: []centra.Ref{centra.ByID(us.ID)},
		AddCategories: []centra.IDRef{{ID: tops.ID}}, RemoveCategories: []centra.IDRef{{ID: women.ID}},
		RemoveProductVariants: []centra.Ref{centra.ByID(p.Variants[1].ID)}, Description: centra.Ptr("Heavy jersey")})})
	if err != nil || out[0].Err != nil {
		t.Fatalf("update: %v %v", err, out[0].Err)
	}
	snap, _ := ts.Product("DSP-1")
	d := snap.Displays[0]
	if !slices.Equal(d.Markets, []string{"EU", "UK"}) || !slices.Equal(d.Categories, []string{"Tops"}) ||
		!slices.Equal(d.Variants, []string{"-BLK"}) || d.Description != "Heavy jersey" {
		t.Errorf("display after deltas = %+v", d)
	}
	out, _ = c.Execute(ctx(t), []centra.Mutation{centra.UpdateDisplay(ds[0].ID, centra.DisplayUpdate{RemoveMarkets: []centra.Ref{centra.ByID(us.ID)}})})
	want := []centra.UserError{{Message: fmt.Sprintf("Market with id %d not assigned to display %d", us.ID, ds[0].ID), Path: []string{"input", "removeMarkets"}}}
	if out[0].Err != nil || !slices.EqualFunc(out[0].Warnings, want, func(a, b centra.UserError) bool { return a.String() == b.String() }) {
		t.Errorf("warnings = %+v (%v), want %+v", out[0].Warnings, out[0].Err, want)
	}
}

// TestActivateDeactivate_ChangesVisibility_Sec7 drives a product to visible and back with
// the status mutations, asserting with the sandbox's visibility check.
func TestActivateDeactivate_ChangesVisibility_Sec7(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "VIS-1")})
	p := res[0].Ref
	retail, _ := ref.StoreByName("Retail")
	eu, _ := ref.MarketByName(retail.ID, "EU")
	women, _ := ref.CategoryByName(retail.ID, "Women")
	ds, _ := c.EnsureDisplays(ctx(t), []centra.DisplayCreate{{Store: centra.IDRef{ID: retail.ID}, Product: centra.ByID(p.ID), Name: "Tee",
		Status: centra.Inactive, AddMarkets: []centra.Ref{centra.ByID(eu.ID)}, AddCategories: []centra.IDRef{{ID: women.ID}},
		AddProductVariants: []centra.VariantAdd{{ProductVariant: centra.ByID(p.Variants[0].ID)}}}})
	if err := ts.SetPrice("VIS-1", "EUR", 29); err != nil {
		t.Fatal(err)
	}
	v := ts.Visibility("VIS-1", "Retail", "EU")
	if v.Visible || !slices.Equal(v.Reasons, []string{fmt.Sprintf("display %d status is INACTIVE, not ACTIVE", ds[0].ID)}) {
		t.Fatalf("before activation: %+v", v)
	}
	if _, err := c.Execute(ctx(t), []centra.Mutation{centra.SetDisplayStatus(ds[0].ID, centra.Active)}); err != nil {
		t.Fatal(err)
	}
	if v := ts.Visibility("VIS-1", "Retail", "EU"); !v.Visible {
		t.Fatalf("after activation: %+v", v)
	}
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.SetVariantStatus(p.Variants[0].ID, centra.Inactive), centra.UpdateProduct(p.ID, centra.ProductUpdate{Status: centra.Ptr(centra.ProductInactive)})})
	if err != nil || out[0].Err != nil || out[1].Err != nil {
		t.Fatal(err, out[0].Err, out[1].Err)
	}
	v = ts.Visibility("VIS-1", "Retail", "EU")
	if v.Visible || !slices.Equal(v.Reasons, []string{"product status is INACTIVE, not ACTIVE", "product has no ACTIVE variant"}) {
		t.Errorf("after deactivation: %+v", v)
	}
}

// TestEnsureMedia_DeduplicatedBySourceURLAndPolled_Sec3_10.
func TestEnsureMedia_DeduplicatedBySourceURLAndPolled_Sec3_10(t *testing.T) {
	ts := sandbox(t, centratest.Options{MediaPendingPolls: 2})
	rec, url := recorded(t, ts)
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint = url })
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "M-1"), tee(ref, "M-2")})
	p1, p2 := res[0].Ref, res[1].Ref
	first, err := c.EnsureMedia(ctx(t), []centra.MediaRequest{{ProductID: p1.ID, URL: "https://pim.example/a.jpg"}})
	if err != nil || first[0].Err != nil || !first[0].Created {
		t.Fatalf("first EnsureMedia = %+v (%v)", first, err)
	}
	reqs := []centra.MediaRequest{
		{ProductID: p1.ID, URL: "https://pim.example/a.jpg"},                               // exists
		{ProductID: p1.ID, VariantID: p1.Variants[0].ID, URL: "https://pim.example/b.jpg"}, // new
		{ProductID: p1.ID, URL: "https://pim.example/b.jpg"},                               // same URL again
		{ProductID: p2.ID, URL: "https://pim.example/a.jpg", AltText: "front"},             // same URL, other product
	}
	got, err := c.EnsureMedia(ctx(t), reqs)
	if err != nil {
		t.Fatal(err)
	}
	created := []bool{got[0].Created, got[1].Created, got[2].Created, got[3].Created}
	if !slices.Equal(created, []bool{false, true, true, true}) || got[0].MediaID != first[0].MediaID || got[1].MediaID != got[2].MediaID {
		t.Fatalf("EnsureMedia = %+v", got)
	}
	for _, g := range got {
		if g.Err != nil || g.MediaID == 0 {
			t.Errorf("request %+v: id %d, err %v", g.MediaRequest, g.MediaID, g.Err)
		}
	}
	stats := ts.Stats()
	if stats.Mutations["createMediaBatch"] != 2 {
		t.Errorf("createMediaBatch = %d, want 2 (one per EnsureMedia)", stats.Mutations["createMediaBatch"])
	}
	polls := 0
	for _, op := range rec.operations() {
		if op == "MediaBatches" {
			polls++
		}
	}
	if polls != 6 { // each batch answers IN_PROGRESS twice, then COMPLETED
		t.Errorf("polls = %d, want 6", polls)
	}
	snap, _ := ts.Product("M-1")
	if len(snap.Media) != 2 || snap.Media[1].Variant != "-BLK" {
		t.Errorf("media of M-1 = %+v", snap.Media)
	}
	// Nothing is uploaded again.
	if _, err := c.EnsureMedia(ctx(t), reqs); err != nil || ts.Stats().Mutations["createMediaBatch"] != 2 {
		t.Errorf("third EnsureMedia sent a batch (%v)", err)
	}
}

// TestEnsureMedia_LostResponseQueuesAgain: a createMediaBatch whose response is lost is
// looked up after a poll interval and queued again only for what is still missing.
func TestEnsureMedia_LostResponseQueuesAgain_Sec3_10(t *testing.T) {
	ts := sandbox(t, centratest.Options{MediaPendingPolls: -1})
	c := client(t, ts, func(cfg *centra.Config) { cfg.RequestTimeout = 200 * time.Millisecond })
	// The lost batch times out when the sandbox holds it, not on a timer that the requests
	// that are answered could race.
	asked := timeOutWhileHeld(c, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "ML-1")})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultHang, Operation: "CreateMediaBatch", AfterExecute: true})
	got, err := c.EnsureMedia(ctx(t), []centra.MediaRequest{{ProductID: res[0].Ref.ID, URL: "https://pim.example/lost.jpg"}})
	if err != nil || got[0].Err != nil || !got[0].Created || got[0].MediaID == 0 {
		t.Fatalf("EnsureMedia = %+v (%v)", got, err)
	}
	if n := ts.Stats().Mutations["createMediaBatch"]; n != 2 {
		t.Errorf("createMediaBatch = %d, want 2 (the lost one and the retry)", n)
	}
	// The sandbox completes a batch only when it is polled (§9.16), so the lost batch,
	// whose queue id the client never learnt, leaves no media behind.
	if snap, _ := ts.Product("ML-1"); len(snap.Media) != 1 {
		t.Errorf("media = %+v, want one", snap.Media)
	}
	if got := asked(); !allEqual(got, 200*time.Millisecond) || int64(len(got)) != ts.Stats().Requests {
		t.Errorf("request timeouts = %v, want RequestTimeout for each of the %d requests", got, ts.Stats().Requests)
	}
}
