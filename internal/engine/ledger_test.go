package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// nextHour gives the run a fresh quota window, as an hour passing would: in the operator and
// in Centra, which reports the account's use.
func (w *world) nextHour() {
	w.centraHours.Add(1)
	w.budgets = budget.NewRegistry()
	w.engine.Connect = (&Clients{Budgets: w.budgets}).Connect
}

// TestMappingChangeStoppedByTheQuotaFinishes: a rule change that the mutation quota stops part
// way is finished over the next runs (each with a fresh hour of three mutations), every product
// updated and none reported as a hand edit; a full pass afterwards finds nothing to do.
// Without the ledger the second run read nothing (the watermark was already past every product)
// and said Succeeded, and the next full pass called the rest drift.
func TestMappingChangeStoppedByTheQuotaFinishes(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	const suffix = "<p>Made in Nordlys.</p>"
	rules := w.req.Mappings[0].Spec.Rules
	for i := range rules {
		if rules[i].From.Attribute == "description" {
			rules[i].Transforms = append(rules[i].Transforms, pimv1alpha1.Transform{Type: pimv1alpha1.TransformTemplate, Template: "{{value}}" + suffix})
		}
	}
	w.req.Mappings[0].Generation++
	w.req.Spec.Centra.RateLimits.Mutations = &pimv1alpha1.WindowLimits{PerHour: ptr64(3)}
	var runs int
	for ; runs < 20; runs++ {
		w.nextHour()
		rep := w.mustRun()
		if rep.Products.Drifted != 0 {
			t.Fatalf("run %d called %d products drift: %s", runs+1, rep.Products.Drifted, rep.Message)
		}
		if runs == 0 && rep.Result != report.ResultPartial {
			t.Fatalf("the first run after the change must be stopped by the quota: %s", rep.Message)
		}
		t.Logf("run %d: %s %s (%d mutations) %+v", runs+1, rep.Result, rep.Message, rep.CentraMutations, rep.Progress)
		if rep.Result == report.ResultSucceeded && rep.CentraMutations == 0 {
			break
		}
	}
	if runs < 3 || runs == 20 {
		t.Fatalf("the change took %d runs at three mutations an hour", runs)
	}
	for _, p := range w.centra.AllProducts() {
		if len(p.Displays) == 0 || !strings.HasSuffix(p.Displays[0].Description, suffix) {
			t.Errorf("%s: displays %+v lack the new rule's suffix", p.Number, p.Displays)
		}
	}
	w.req.LastFullSync = time.Time{}
	w.req.Spec.Centra.RateLimits.Mutations = nil
	w.nextHour()
	if full := w.mustRun(); !full.FullSync || full.CentraMutations != 0 || full.Products.Drifted != 0 {
		t.Errorf("full pass after the change: %s", full.Message)
	}
}

// TestDuplicateSKUInADeltaIsBlockedBeforeAnyWrite: a new Plytix product reusing the SKU of an
// existing variant, or a SKU differing from one only in case and spaces, is blocked by the delta
// run that reads it, naming the first holder; nothing of it reaches Centra.
func TestDuplicateSKUInADeltaIsBlockedBeforeAnyWrite(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	existing, _ := w.centra.Product("AP100000")
	taken := existing.Variants[0].Sizes[0].SKU
	for i, sku := range []string{taken, " " + strings.ToLower(taken) + " "} {
		parent := "NEW10000" + string(rune('0'+i))
		parentID, err := w.plytix.AddProduct(plytixtest.NewProduct{SKU: parent, Label: "New jacket", Status: "Completed",
			Attributes: w.attributesOf("AP100000")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.plytix.AddVariant(parentID, plytixtest.NewProduct{SKU: sku, Status: "Completed", Label: "New jacket / M",
			Attributes: map[string]any{"color": "Black", "size": "M"}}); err != nil {
			t.Fatal(err)
		}
		mutations := w.centra.Stats().TotalMutations()
		rep := w.mustRun()
		if rep.FullSync {
			t.Fatalf("want a delta: %s", rep.Message)
		}
		if !failed(rep, sku, "sku", pimv1alpha1.FailureDuplicateSKU, "AP100000") {
			t.Errorf("%q: no DuplicateSKU failure naming AP100000: %+v", sku, failures(rep))
		}
		if _, ok := w.centra.Product(parent); ok || w.centra.Stats().TotalMutations() != mutations {
			t.Errorf("%q: the duplicate reached Centra (%d mutations)", sku, w.centra.Stats().TotalMutations()-mutations)
		}
		if p := w.req.Ledger.Get(ledger.Key(parent)); p == nil || p.State != ledger.StateBlocked {
			t.Errorf("%q: ledger record %+v, want Blocked", sku, p)
		}
	}
}

// attributesOf are the attribute values of a Plytix product, for a look-alike.
func (w *world) attributesOf(sku string) map[string]any {
	w.t.Helper()
	p, err := w.plytix.Product(w.plytix.LookupSKU(sku)[0])
	if err != nil {
		w.t.Fatal(err)
	}
	return p.Attributes
}

// TestAdoptedProductHandEditIsReported: a Centra product that existed before the operator
// (matched by product number, no external id of ours) is recorded in the ledger as adopted, so
// the drift scan of a delta run finds a hand edit on it, as on the products the operator made.
func TestAdoptedProductHandEditIsReported(t *testing.T) {
	w := newWorld(t, problemCatalog)
	brand, _ := w.attributesOf("AP100003")[w.plytix.Report().BrandAttribute].(string)
	if err := w.centra.SeedProducts([]centratest.ProductSeed{{Number: "AP100003", Name: "Old name", Brand: brand, ExternalID: "erp:4711",
		Displays: []centratest.DisplaySeed{{Store: "Retail", Status: "ACTIVE", Markets: []string{"EU"}}}}}); err != nil {
		t.Fatal(err)
	}
	w.mustRun()
	p := w.req.Ledger.Get(ledger.Key("AP100003"))
	if p == nil || !p.Adopted || p.CentraID == 0 || p.State != ledger.StateInSync {
		t.Fatalf("ledger record of the adopted product: %+v", p)
	}
	if got, _ := w.centra.Product("AP100003"); got.ExternalID != "erp:4711" {
		t.Errorf("external id = %q: another integration's id must be left alone", got.ExternalID)
	}
	w.mustRun()
	w.afterLastRun()
	hand := "Edited in AMS"
	if err := w.centra.EditProduct("AP100003", centratest.ProductEdit{
		Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &hand}}}); err != nil {
		t.Fatal(err)
	}
	rep := w.mustRun()
	if rep.FullSync || rep.Products.Drifted != 1 {
		t.Errorf("the delta after a hand edit of the adopted product: %s", rep.Message)
	}
	if p := w.req.Ledger.Get(ledger.Key("AP100003")); p.State != ledger.StateDrifted {
		t.Errorf("ledger state %s, want Drifted", p.State)
	}
}

// TestKilledLoadRestartsFromTheCheckpointedLedger: a load killed after its second batch of
// writes leaves, in the ledger last committed, every family it read (those written in sync, the
// rest pending) and how far it read. The manager restarts from that ledger and the status as it
// was before the run (no watermark): it reads only the pending families, creates them, writes
// nothing to the products the ledger holds, and Centra ends with every product once.
func TestKilledLoadRestartsFromTheCheckpointedLedger(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.engine.ApplyBatch = 2
	var committed ledger.Encoded
	var pass ledger.Pass // the Store keeps it in the head ConfigMap
	ctx, kill := context.WithCancel(context.Background())
	checkpoints := 0
	w.req.Checkpoint = func(context.Context) error {
		var err error
		committed, err = ledger.Encode(w.req.Ledger)
		pass = w.req.Ledger.Pass
		if checkpoints++; checkpoints == 2 {
			kill() // the manager dies right after its second commit
		}
		return err
	}
	if _, err := w.engine.Run(ctx, w.req); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("killed run: %v", err)
	}
	// What a restarted manager finds: the committed ledger, and the status from before the run.
	restored, err := ledger.Decode(committed.Chunks, committed.Checksum)
	if err != nil {
		t.Fatal(err)
	}
	restored.Pass = pass
	var held []string
	for _, key := range restored.Keys() {
		if p := restored.Get(key); p.State == ledger.StateInSync && p.CentraID != 0 {
			held = append(held, p.Number)
		}
	}
	if len(held) != 4 {
		t.Fatalf("the checkpointed ledger holds %d products in sync (%v), want the two batches of two", len(held), held)
	}
	before := map[string]time.Time{}
	for _, number := range held {
		p, _ := w.centra.Product(number)
		before[number] = p.UpdatedAt
	}
	// The controller carries on from the ledger's pass when it is ahead of the status.
	if p := restored.Pass; p.Watermark.IsZero() || !p.Full {
		t.Fatalf("the checkpointed ledger does not say how far the pass read: %+v", p)
	}
	w.req.Ledger, w.req.Checkpoint = restored, nil
	w.req.Watermark, w.req.LastRevision, w.req.ResumeFullPass = restored.Pass.Watermark, restored.Pass.Revision, true
	rep := w.mustRun()
	if rep.Result != report.ResultSucceeded || rep.Products.Created+int64(len(held)) != 10 {
		t.Errorf("restarted run: %s, want the %d products the ledger did not hold created", rep.Message, 10-len(held))
	}
	if rep.Products.Seen != int64(10-len(held)) {
		t.Errorf("restarted run read %d products, want only the %d the ledger has pending", rep.Products.Seen, 10-len(held))
	}
	if c := w.req.Ledger.Catalogue("Apply", time.Now()); c.InSync != 10 || c.Products.Blocked != 5 || c.Products.Pending != 0 {
		t.Errorf("catalogue after the restart: %d in sync, %+v", c.InSync, c.Products)
	}
	for _, number := range held {
		if p, _ := w.centra.Product(number); !p.UpdatedAt.Equal(before[number]) {
			t.Errorf("%s, which the ledger held, was written again", number)
		}
	}
	if n, dups := len(w.centra.AllProducts()), w.centra.DuplicateProductNumbers(); n != 10 || len(dups) != 0 {
		t.Errorf("%d products in Centra, duplicates %v", n, dups)
	}
}
