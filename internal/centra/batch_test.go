package centra_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// TestExecute_PartialFailureInAliasedBatch_Sec5_3: one failing alias does not hide the
// others' success, and its error names the object and the field path.
func TestExecute_PartialFailureInAliasedBatch_Sec5_3(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	seeded, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "OTHER")})
	base, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "BASE")})
	ts.ResetStats()
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "m1", Message: "Product number is reserved"})
	retail, _ := ref.StoreByName("Retail")
	ms := []centra.Mutation{
		centra.CreateProduct(tee(ref, "P-1")),
		centra.CreateProduct(tee(ref, "P-2")),
		// A display of BASE with a variant of OTHER: a refused user error (§9.8).
		centra.CreateDisplay(centra.DisplayCreate{Store: centra.IDRef{ID: retail.ID}, Product: centra.ByID(base[0].Ref.ID), Name: "Base",
			Status: centra.Active, AddProductVariants: []centra.VariantAdd{{ProductVariant: centra.ByID(seeded[0].Ref.Variants[0].ID)}}}),
		centra.CreateProduct(tee(ref, "P-3")),
	}
	out, err := c.Execute(ctx(t), ms)
	if err != nil {
		t.Fatalf("Execute: %v", err)
	}
	if out[0].Err != nil || out[3].Err != nil || out[0].Product.ProductNumber != "P-1" || out[3].Product.ProductNumber != "P-3" {
		t.Fatalf("successes = %+v / %+v", out[0], out[3])
	}
	var injected, refused *centra.UserErrorsError
	if !errors.As(out[1].Err, &injected) || injected.Alias != "m1" || injected.Object != `product "P-2"` ||
		injected.Error() != `centra createProduct for product "P-2" rejected: input: Product number is reserved` {
		t.Errorf("alias m1 error = %v", out[1].Err)
	}
	if !errors.As(out[2].Err, &refused) || !slices.Equal(refused.Errors[0].Path, []string{"input", "addProductVariants", "0", "productVariant"}) {
		t.Fatalf("alias m2 error = %v", out[2].Err)
	}
	wantMsg := fmt.Sprintf("Product variant %d does not belong to product %d; you can only add variants of the same product to a display",
		seeded[0].Ref.Variants[0].ID, base[0].Ref.ID)
	if refused.Errors[0].Message != wantMsg {
		t.Errorf("message = %q, want %q", refused.Errors[0].Message, wantMsg)
	}
	if _, ok := ts.Product("P-2"); ok {
		t.Error("P-2 was created despite its user error")
	}
	if _, ok := ts.Product("P-3"); !ok {
		t.Error("P-3, after the failures, was not created")
	}
	stats := ts.Stats()
	if stats.Requests != 1 || stats.TotalMutations() != 4 || stats.MutationUserErrors["createProduct"] != 1 || stats.MutationUserErrors["createDisplay"] != 1 {
		t.Errorf("stats = %+v, want one request of four mutations, two user errors", stats)
	}
	muts := c.MutationCounters().Snapshot()
	if muts[httpx.CallKey{Operation: "createProduct", Outcome: "ok"}] != 4 || muts[httpx.CallKey{Operation: "createDisplay", Outcome: "userErrors"}] != 1 {
		t.Errorf("mutation counters = %v", muts)
	}
}

// TestExecute_DeniedAliasNullsTheResponse: a missing permission on a non-null payload
// makes data null; the aliases before it ran (unknown outcome), those after it did not.
func TestExecute_DeniedAliasNullsTheResponse_Sec1_3(t *testing.T) {
	noDisplayWrite := slices.DeleteFunc(centratest.DefaultPermissions(), func(p string) bool { return p == "Display:write" })
	ts := sandbox(t, centratest.Options{Tokens: []centratest.Token{{Value: "limited", Permissions: noDisplayWrite}}})
	c := client(t, ts, func(cfg *centra.Config) { cfg.Token = secret.New("limited") })
	ref := mustReference(t, c)
	retail, _ := ref.StoreByName("Retail")
	out, err := c.Execute(ctx(t), []centra.Mutation{
		centra.CreateProduct(tee(ref, "A")),
		centra.CreateDisplay(centra.DisplayCreate{Store: centra.IDRef{ID: retail.ID}, Product: centra.ByExternalID("x"), Name: "d", Status: centra.Active}),
		centra.CreateProduct(tee(ref, "B")),
	})
	if err != nil {
		t.Fatal(err)
	}
	var unknown *centra.UnknownOutcomeError
	var gql *centra.GraphQLErrors
	if !errors.As(out[0].Err, &unknown) {
		t.Errorf("m0 = %v, want unknown outcome (it ran, its result is lost)", out[0].Err)
	}
	if !errors.As(out[1].Err, &gql) || !gql.Authorization() || gql.Errors[0].Message != "You need Display:write permission to access this field." {
		t.Errorf("m1 = %v, want the authorization error", out[1].Err)
	}
	if !errors.Is(out[2].Err, centra.ErrNotSent) {
		t.Errorf("m2 = %v, want ErrNotSent", out[2].Err)
	}
	if _, ok := ts.Product("A"); !ok {
		t.Error("A should exist: it ran before the denied field")
	}
	if _, ok := ts.Product("B"); ok {
		t.Error("B should not exist: serial execution stopped at the denied field")
	}
	// EnsureProducts recovers A by look-up instead of creating it twice.
	res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "A"), tee(ref, "B")})
	if err != nil || res[0].Created || res[0].Product == nil || !res[1].Created {
		t.Fatalf("EnsureProducts = %+v (%v)", res, err)
	}
	if len(ts.DuplicateProductNumbers()) != 0 {
		t.Errorf("duplicates = %v", ts.DuplicateProductNumbers())
	}
}

func TestExecute_SplitsLongBatchesByMaxMutationsPerRequest(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 30, Variants: 1, SizeChart: "One Size", Brand: "Northwind Apparel", Store: "Retail"})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t, ts)
	var ms []centra.Mutation
	for i := range numbers {
		ms = append(ms, centra.UpdateProduct(i+1, centra.ProductUpdate{Name: centra.Ptr(fmt.Sprintf("Renamed %d", i))}))
	}
	out, err := c.Execute(ctx(t), ms)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range out {
		if r.Err != nil || r.ID != i+1 {
			t.Errorf("result %d = %+v", i, r)
		}
	}
	if got := ts.Stats().ByOperation["MutationBatch"]; got != 2 {
		t.Errorf("requests = %d, want 2 (25 + 5)", got)
	}
	if snap, _ := ts.Product(numbers[29]); snap.Name != "Renamed 29" {
		t.Errorf("last product name = %q", snap.Name)
	}
}

func TestExecute_EmptyReferenceFailsBeforeSending(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.CreateVariant(centra.VariantCreate{VariantSpec: centra.VariantSpec{Name: "x", Status: centra.Active}})})
	if err == nil || out[0].Err == nil {
		t.Fatal("a variant without a product was sent")
	}
	var unknown *centra.UnknownOutcomeError
	if errors.As(err, &unknown) || !strings.Contains(err.Error(), "empty reference: give an id, external id, name or code") {
		t.Errorf("error = %v, want the empty reference, known not sent", err)
	}
	if ts.Stats().Requests != 0 {
		t.Errorf("requests = %d, want 0", ts.Stats().Requests)
	}
}

// TestExecute_FailedRequestMarksTheRestNotSent: a request that fails as a whole stops the
// batch; what follows is ErrNotSent, never silently dropped.
func TestExecute_FailedRequestMarksTheRestNotSent(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.MaxMutationsPerRequest = 2 })
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 403})
	var ms []centra.Mutation
	for i := range 5 {
		ms = append(ms, centra.UpdateProduct(i+1, centra.ProductUpdate{Status: centra.Ptr(centra.ProductActive)}))
	}
	out, err := c.Execute(ctx(t), ms)
	if !errors.Is(err, centra.ErrForbidden) {
		t.Fatalf("error = %v, want ErrForbidden", err)
	}
	if !errors.Is(out[0].Err, centra.ErrForbidden) || !errors.Is(out[1].Err, centra.ErrForbidden) {
		t.Errorf("first request results = %v / %v", out[0].Err, out[1].Err)
	}
	for _, r := range out[2:] {
		if !errors.Is(r.Err, centra.ErrNotSent) || !errors.Is(r.Err, centra.ErrForbidden) {
			t.Errorf("later result = %v, want ErrNotSent caused by the 403", r.Err)
		}
	}
}

// TestExecute_OneMutationOverTheRequestCapFailsAlone: a batch whose request would be over the
// size cap is sent in halves; the one mutation over the cap on its own fails with
// ErrRequestTooLarge, unsent, and every other mutation goes through.
func TestExecute_OneMutationOverTheRequestCapFailsAlone(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.MaxRequestBytes = 64 << 10 })
	ref := mustReference(t, c)
	huge := tee(ref, "P-HUGE")
	huge.Name = strings.Repeat("Very long name ", 10_000) // 150 KB
	ms := []centra.Mutation{
		centra.CreateProduct(tee(ref, "P-1")), centra.CreateProduct(tee(ref, "P-2")), centra.CreateProduct(huge),
		centra.CreateProduct(tee(ref, "P-3")), centra.CreateProduct(tee(ref, "P-4")),
	}
	out, err := c.Execute(ctx(t), ms)
	if err != nil {
		t.Fatalf("Execute: %v", err)
	}
	for i, r := range out {
		if i == 2 {
			if !errors.Is(r.Err, centra.ErrRequestTooLarge) {
				t.Errorf("the huge create: %v, want ErrRequestTooLarge", r.Err)
			}
			continue
		}
		if r.Err != nil || r.Product == nil {
			t.Errorf("mutation %d: %+v", i, r)
		}
	}
	if _, ok := ts.Product("P-HUGE"); ok {
		t.Error("the huge product reached Centra")
	}
}
