package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// killer is a transport that kills the run at its nth Centra request: before sending it, or
// after Centra ran it but before the answer arrives (the crash between lookup and create,
// docs/reference/centra-api.md §5.4).
type killer struct {
	next      http.RoundTripper
	at        int64
	afterSend bool
	n         atomic.Int64
	cancel    context.CancelFunc
}

var errKilled = errors.New("killed")

func (k *killer) RoundTrip(r *http.Request) (*http.Response, error) {
	if k.n.Add(1) != k.at {
		return k.next.RoundTrip(r)
	}
	k.cancel()
	if k.afterSend {
		if resp, err := k.next.RoundTrip(r.WithContext(context.WithoutCancel(r.Context()))); err == nil {
			resp.Body.Close()
		}
	}
	return nil, errKilled
}

// centraState is what a run leaves in Centra, for comparing runs.
func centraState(w *world) []string {
	var out []string
	for _, p := range w.centra.AllProducts() {
		out = append(out, productLine(p))
	}
	slices.Sort(out)
	return out
}

// productLine is one product's state, for comparing runs.
func productLine(p centratest.ProductSnapshot) string {
	line := fmt.Sprintf("%s %s %s", p.Number, p.Name, p.Status)
	for _, v := range p.Variants {
		line += fmt.Sprintf(" [%s %s", v.Number, v.Name)
		for _, s := range v.Sizes {
			line += " " + s.SKU
		}
		line += "]"
	}
	for _, d := range p.Displays {
		line += fmt.Sprintf(" {%s %s %s %v %v}", d.Store, d.Status, d.Description, d.Markets, d.Variants)
	}
	return line + fmt.Sprintf(" attrs=%d media=%d", len(p.Attributes), len(p.Media))
}

// halfShown lists the products visible in Retail/EU that are not yet as an uninterrupted run
// leaves them (invariant 3: a product is never visible half-written).
func halfShown(t *testing.T, w *world, want map[string]string) []string {
	t.Helper()
	if err := w.centra.PriceAll("EUR", 49.95); err != nil { // as the ERP would; the operator never does
		t.Fatal(err)
	}
	var out []string
	for _, p := range w.centra.AllProducts() {
		if w.centra.Visibility(p.Number, "Retail", "EU").Visible && productLine(p) != want[p.Number] {
			out = append(out, fmt.Sprintf("%s\n  is   %s\n  want %s", p.Number, productLine(p), want[p.Number]))
		}
	}
	return out
}

// TestKillAtAnyPointThenRerunConverges kills a run at every Centra request in turn, before or
// after Centra ran it, then runs again from the state the last completed run left (a crash
// saves no status), and checks Centra ends exactly as an uninterrupted run leaves it: no
// duplicate and nothing half-written (invariants 2 and 3). Right after each kill, every product
// already visible must be complete (invariant 3).
func TestKillAtAnyPointThenRerunConverges(t *testing.T) {
	reference := newWorld(t, problemCatalog)
	reference.mustRun()
	want := centraState(reference)
	complete := map[string]string{}
	for _, p := range reference.centra.AllProducts() {
		complete[p.Number] = productLine(p)
	}
	requests := reference.centra.Stats().Requests
	if requests < 5 {
		t.Fatalf("the uninterrupted run made only %d requests", requests)
	}
	for at := int64(1); at <= requests; at++ {
		for _, afterSend := range []bool{false, true} {
			t.Run(fmt.Sprintf("request %d, after sending %v", at, afterSend), func(t *testing.T) {
				w := newWorld(t, problemCatalog)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				k := &killer{next: http.DefaultTransport, at: at, afterSend: afterSend, cancel: cancel}
				connect := w.engine.Connect
				w.engine.Connect = func(_ context.Context, req Request) (Source, Target, error) {
					clients := &Clients{Budgets: w.budgets, Centra: func(c *centra.Config) { c.HTTPClient = &http.Client{Transport: k} }}
					return clients.Connect(ctx, req)
				}
				_, _ = w.engine.Run(ctx, w.req) // the crash: its report is lost
				if half := halfShown(t, w, complete); len(half) != 0 {
					t.Errorf("invariant 3: visible but half-written right after the kill:\n%s", strings.Join(half, "\n"))
				}
				w.engine.Connect = connect
				rep := w.mustRun()
				if rep.Result != report.ResultSucceeded {
					t.Fatalf("rerun: %s", rep.Message)
				}
				if dups := w.centra.DuplicateProductNumbers(); len(dups) != 0 {
					t.Fatalf("invariant 2: duplicates %v", dups)
				}
				if got := centraState(w); !slices.Equal(got, want) {
					t.Errorf("Centra after kill and rerun differs from an uninterrupted run:\ngot  %q\nwant %q", got, want)
				}
				if invisible := w.invisible(); len(invisible) != 0 {
					t.Errorf("invariant 3: half-written products %v", invisible)
				}
			})
		}
	}
}
