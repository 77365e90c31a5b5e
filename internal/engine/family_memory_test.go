package engine

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// oneLargeFamily is a world whose AP100002 has n more variants, all inheriting a 14 KB
// description: n/5 colours in five sizes each.
func oneLargeFamily(t *testing.T, n int) *world {
	t.Helper()
	w := newWorld(t, problemCatalog)
	parent := w.plytix.LookupSKU("AP100002")[0]
	if err := w.plytix.UpdateProduct(parent, plytixtest.ProductPatch{Attributes: map[string]any{"description": strings.Repeat("Warm and dry. ", 1000)}}); err != nil {
		t.Fatal(err)
	}
	sizes := []string{"XS", "S", "M", "L", "XL"}
	for i := range n {
		colour, size := fmt.Sprintf("Shade %04d", i/len(sizes)), sizes[i%len(sizes)]
		if _, err := w.plytix.AddVariant(parent, plytixtest.NewProduct{SKU: fmt.Sprintf("AP100002-Z%04d-%s", i/len(sizes), size),
			Status: "Completed", Label: colour + " / " + size, Attributes: map[string]any{"color": colour, "size": size}}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestFamilyMemoryGrowsLinearly: one family of 500, 1,000 and 2,000 variants inheriting a 14 KB
// description, read, built and created in one run. What the run allocates (the sandboxes' share
// included) must grow with the family, not with its square: each doubling may cost at most 2.5
// times as much. A quadratic step (every variant copying its siblings, or the parent's values)
// would cost four times.
func TestFamilyMemoryGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds families of thousands of variants")
	}
	var allocs []uint64
	for _, n := range []int{500, 1000, 2000} {
		w := oneLargeFamily(t, n)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rep := w.mustRun()
		runtime.ReadMemStats(&after)
		if p, ok := w.centra.Product("AP100002"); !ok || len(p.Variants) < n/5 {
			t.Fatalf("%d variants: the family was not created whole: %s", n, rep.Message)
		}
		allocs = append(allocs, after.TotalAlloc-before.TotalAlloc)
	}
	for i := 1; i < len(allocs); i++ {
		if ratio := float64(allocs[i]) / float64(allocs[i-1]); ratio > 2.5 {
			t.Errorf("doubling the family multiplied the allocations by %.1f (%d MB to %d MB)", ratio, allocs[i-1]>>20, allocs[i]>>20)
		}
	}
	t.Logf("allocations for 500, 1,000 and 2,000 variants: %d, %d and %d MB", allocs[0]>>20, allocs[1]>>20, allocs[2]>>20)
}

// TestTenThousandVariantFamilyStaysBounded: one family of 10,000 variants (the size that grew a
// run past 13 GB) is read, built and created whole with a peak heap, sampled every 10 ms and
// both sandboxes included, under 1 GiB (about 310 MB measured).
func TestTenThousandVariantFamilyStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a family of 10,000 variants")
	}
	w := oneLargeFamily(t, 10_000)
	runtime.GC()
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var highest uint64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			highest = max(highest, m.HeapInuse)
			select {
			case <-stop:
				peak <- highest
				return
			case <-tick.C:
			}
		}
	}()
	rep := w.mustRun()
	close(stop)
	highest := <-peak
	if p, ok := w.centra.Product("AP100002"); !ok || len(p.Variants) < 2_000 {
		t.Fatalf("the family was not created whole: %s", rep.Message)
	}
	if highest > 1<<30 {
		t.Errorf("peak heap %d MB for one family of 10,000 variants, want under 1024 MB", highest>>20)
	}
	t.Logf("peak heap %d MB", highest>>20)
}
