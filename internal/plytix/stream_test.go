package plytix_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// liveHeap returns the bytes reachable after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestScan_Streams60000ProductsInBoundedMemory: a full read of 60,000 products with rich
// columns keeps only a page alive at a time. Retaining every product would take well over
// 100 MiB (each carries its HTML description); the read must stay under 16 MiB above the
// starting heap (the sandbox's own catalogue included in the baseline).
func TestScan_Streams60000ProductsInBoundedMemory(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.ForSKUs(60000, 21)})
	c := e.client()
	columns := []string{"label", "status", "modified", "categories", "thumbnail",
		plytix.AttributeField("description"), plytix.AttributeField("brand"), plytix.AttributeField("color"), plytix.AttributeField("size")}
	base := liveHeap()
	var peak uint64
	var products, bytes int
	err := c.Scan(context.Background(), plytix.Query{Columns: columns}, func(p plytix.Page) error {
		for _, prod := range p.Products {
			products++
			bytes += len(prod.Attributes["description"])
		}
		if p.Number%60 == 0 {
			if now := liveHeap(); now > base && now-base > peak {
				peak = now - base
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if products != 60000 {
		t.Fatalf("streamed %d products, want 60000", products)
	}
	if got := e.count(searchOp, "200"); got != 600 {
		t.Fatalf("searches = %d, want 600 pages of 100", got)
	}
	t.Logf("streamed %d products (%d MiB of descriptions) with a peak live heap growth of %.1f MiB",
		products, bytes>>20, float64(peak)/(1<<20))
	if peak > 16<<20 {
		t.Fatalf("live heap grew by %d MiB while streaming; the read is not bounded", peak>>20)
	}
}
