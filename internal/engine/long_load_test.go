package engine

import (
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// TestLongLoadFinishesWithoutReReadingTheCatalogue: an initial load that needs many hours of
// mutation quota finishes in the fewest runs the quota allows, and the runs after the first read
// from Plytix only what they write (the ledger holds the rest), not the catalogue again.
func TestLongLoadFinishesWithoutReReadingTheCatalogue(t *testing.T) {
	w := newWorld(t, plytixtest.CatalogOptions{Seed: 3, Parents: 60, Singles: 4})
	const perHour = 20 // ten creates of two mutations an hour
	w.req.Spec.Centra.RateLimits.Mutations = &pimv1alpha1.WindowLimits{PerHour: ptr64(perHour)}
	before := w.plytix.Counters().Total()
	rep := w.mustRun()
	firstRead := w.plytix.Counters().Total() - before
	total := rep.Products.Blocked
	created := rep.Products.Created
	runs := 1
	var resumedReads []int64
	for ; rep.Result == report.ResultPartial && runs < 40; runs++ {
		w.nextHour()
		before = w.plytix.Counters().Total()
		rep = w.mustRun()
		resumedReads = append(resumedReads, w.plytix.Counters().Total()-before)
		created += rep.Products.Created
		if rep.Products.Drifted != 0 {
			t.Fatalf("run %d: %s", runs+1, rep.Message)
		}
	}
	t.Logf("first read %d Plytix requests; resumed runs %v; %d runs, %d created, %d blocked", firstRead, resumedReads, runs, created, total)
	if rep.Result != report.ResultSucceeded {
		t.Fatalf("not done after %d runs: %s", runs, rep.Message)
	}
	products := int64(len(w.centra.AllProducts()))
	floor := (2*products + perHour - 1) / perHour
	if int64(runs) > floor+1 {
		t.Errorf("%d runs for %d products at %d mutations an hour; the floor is %d", runs, products, perHour, floor)
	}
	var resumed int64
	for _, n := range resumedReads {
		resumed += n
	}
	// Each resumed run reads the families it writes (a search and their variants) and the
	// delta: about one request per product written, never the catalogue again.
	if limit := 2*products + 8*int64(len(resumedReads)); resumed > limit {
		t.Errorf("resumed runs made %d Plytix requests in all (%v), over %d: they read the catalogue again", resumed, resumedReads, limit)
	}
	if dups := w.centra.DuplicateProductNumbers(); len(dups) != 0 {
		t.Errorf("duplicates %v", dups)
	}
}
