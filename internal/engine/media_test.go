package engine

import (
	"strings"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// TestSlowMediaHoldsBackOnlyItsProduct: Centra processes media batches asynchronously
// (docs/reference/centra-api.md §3.10), and AP100003's batch is still running when the client stops waiting.
// Only AP100003 is held back: pending, without a display (invariant 3), reported with the
// reason; every other product of the run reaches the store, and the run is Partial, not an
// error. Later runs poll the running batch instead of sending the images again, and once it
// completes AP100003 is shown with each image once (no duplicate, as invariant 2 asks of
// products).
func TestSlowMediaHoldsBackOnlyItsProduct(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.engine.ApplyBatch = 1 // each product's images travel in a batch of their own
	clients := &Clients{Budgets: w.budgets, Centra: func(c *centra.Config) {
		c.MediaPollInterval, c.MediaPollTimeout = time.Millisecond, 20*time.Millisecond
	}}
	w.engine.Connect = clients.Connect
	w.centra.HoldMedia("/ap100003-")
	batches := func() int64 { return w.centra.Stats().Mutations["createMediaBatch"] }

	first, err := w.run()
	if err != nil {
		t.Fatalf("a slow media batch failed the run: %v", err)
	}
	if first.Result != report.ResultPartial || first.Products.Pending != 1 || first.Products.Created != 9 {
		t.Errorf("first run: %s, %s, %+v; want Partial with AP100003 alone pending", first.Result, first.Message, first.Products)
	}
	if !hasFailure(first, pimv1alpha1.FailureMediaPending, "AP100003") {
		t.Errorf("AP100003 is not reported with reason %s: %+v", pimv1alpha1.FailureMediaPending, failures(first))
	}
	for _, p := range w.centra.AllProducts() {
		if shown := len(p.Displays) > 0; shown != (p.Number != "AP100003") {
			t.Errorf("%s: %d displays; want one for every product but AP100003", p.Number, len(p.Displays))
		}
	}
	sent := batches()

	second := w.mustRun()
	if batches() != sent || second.Products.Pending != 1 {
		t.Errorf("the second run sent %d media batches more while the first still runs (pending %d)", batches()-sent, second.Products.Pending)
	}
	if p, _ := w.centra.Product("AP100003"); len(p.Displays) != 0 || len(p.Media) != 0 {
		t.Errorf("AP100003 shown (%d displays) or with media (%d) while its batch runs", len(p.Displays), len(p.Media))
	}

	w.centra.ReleaseMedia()
	third := w.mustRun()
	p, _ := w.centra.Product("AP100003")
	if third.Result != report.ResultSucceeded || len(p.Displays) != 1 || batches() != sent {
		t.Errorf("after the batch completed: %s, %s; AP100003 has %d displays; %d batches sent again",
			third.Result, third.Message, len(p.Displays), batches()-sent)
	}
	urls := map[string]int{}
	for _, m := range p.Media {
		urls[m.OriginalURL]++
		if urls[m.OriginalURL] > 1 || !strings.Contains(m.OriginalURL, "/ap100003-") {
			t.Errorf("AP100003 media %s: %d copies", m.OriginalURL, urls[m.OriginalURL])
		}
	}
	if len(urls) != 3 {
		t.Errorf("AP100003 has %d distinct images, want 3", len(urls))
	}
}
