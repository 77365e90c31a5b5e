package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// result is one scenario at one size.
type result struct {
	scenario                                      string
	skus                                          int
	plytix, centraRequests, mutations             int64
	floorPlytix, floorCentra, floorMutations      int64
	naivePlytix, naiveCentra, naiveMutations      int64
	wall                                          time.Duration
	peakHeap                                      uint64
	created, updated, unchanged, drifted, blocked int64
	// ledgerBytes and ledgerChunks are the stored ledger after the run.
	ledgerBytes, ledgerChunks int
}

// benchSize runs the four scenarios against a fresh world of n SKUs.
func benchSize(n int, latency time.Duration) ([]result, error) {
	w, stop, err := startWorld(n, latency)
	if err != nil {
		return nil, err
	}
	defer stop()
	var out []result
	add := func(name string, r *report.Report, wall time.Duration, heap uint64, m model) {
		floor, naive := m.floor(r), m.naive(r)
		out = append(out, result{scenario: name, skus: n, plytix: r.PlytixRequests, centraRequests: r.CentraRequests, mutations: r.CentraMutations,
			floorPlytix: floor.plytix, floorCentra: floor.centra, floorMutations: floor.mutations,
			naivePlytix: naive.plytix, naiveCentra: naive.centra, naiveMutations: naive.mutations,
			wall: wall, peakHeap: heap, created: r.Products.Created, updated: r.Products.Updated, unchanged: r.Products.Unchanged,
			drifted: r.Products.Drifted, blocked: r.Products.Blocked})
		stored, err := ledger.Encode(w.req.Ledger)
		if err == nil {
			for _, c := range stored.Chunks {
				out[len(out)-1].ledgerBytes += len(c)
			}
			out[len(out)-1].ledgerChunks = len(stored.Chunks)
		}
		fmt.Fprintf(os.Stderr, "%7d SKUs %-14s %s in %s, peak heap %d MiB, ledger %d KiB in %d chunks\n", n, name, r.Message,
			wall.Round(time.Millisecond), heap>>20, out[len(out)-1].ledgerBytes>>10, out[len(out)-1].ledgerChunks)
	}
	m := model{info: w.info}

	r, wall, heap, err := w.run()
	if err != nil {
		return nil, fmt.Errorf("initial load: %w", err)
	}
	add("initial load", r, wall, heap, m.initial())

	r, wall, heap, err = w.run()
	if err != nil {
		return nil, fmt.Errorf("no-op resync: %w", err)
	}
	add("no-op resync", r, wall, heap, m.noop())

	changed, err := w.editPlytix(max(w.info.Report.Parents/100, 1))
	if err != nil {
		return nil, err
	}
	r, wall, heap, err = w.run()
	if err != nil {
		return nil, fmt.Errorf("1%% delta: %w", err)
	}
	add("1 % delta", r, wall, heap, m.delta(changed))

	edited, err := w.editCentra(max(w.info.Report.Parents/100, 1))
	if err != nil {
		return nil, err
	}
	w.req.LastFullSync = time.Time{}
	r, wall, heap, err = w.run()
	if err != nil {
		return nil, fmt.Errorf("drift scan: %w", err)
	}
	add("drift scan", r, wall, heap, m.driftScan(edited))
	return out, nil
}

// benchWorld is an engine wired to sandboxes that hack/sandboxes serves in a child process.
type benchWorld struct {
	info   testworld.Info
	engine *engine.Engine
	req    engine.Request
}

func startWorld(n int, latency time.Duration) (*benchWorld, func(), error) {
	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return nil, nil, err
	}
	runner := filepath.Join(dir, "sandboxes")
	if out, err := exec.Command("go", "build", "-o", runner, "./hack/sandboxes").CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("building hack/sandboxes: %w\n%s", err, out)
	}
	infoFile := filepath.Join(dir, "world.json")
	catalog := catalogFor(n)
	child := exec.Command(runner, "-plytix", "127.0.0.1:0", "-centra", "127.0.0.1:0", "-problems=false", "-no-rate-limits",
		"-seed", fmt.Sprint(catalog.Seed), "-parents", fmt.Sprint(catalog.Parents), "-singles", fmt.Sprint(catalog.Singles),
		"-colours", fmt.Sprint(catalog.ColoursPerParent), "-sizes", fmt.Sprint(catalog.SizesPerParent),
		"-latency", latency.String(), "-info", infoFile)
	child.Stdout, child.Stderr = io.Discard, os.Stderr
	if err := child.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, err
	}
	stop := func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
		_ = os.RemoveAll(dir)
	}
	var data []byte
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if data, err = os.ReadFile(infoFile); err == nil {
			break
		}
		if time.Now().After(deadline) {
			stop()
			return nil, nil, fmt.Errorf("the sandboxes did not start")
		}
	}
	w := &benchWorld{}
	if err := json.Unmarshal(data, &w.info); err != nil {
		stop()
		return nil, nil, err
	}
	// Quotas are counted, not enforced: the hours they would take are computed instead.
	clients := &engine.Clients{
		Budgets: budget.NewRegistry(),
		Plytix: func(c *plytix.Config) {
			c.Limiter = budget.NewLimiter("plytix", []budget.Window{{Period: 10 * time.Second}, {Period: time.Hour}})
		},
		Centra: func(c *centra.Config) { c.Budgets = centra.NewBudgets(centra.Limits{}) },
	}
	w.engine = &engine.Engine{Connect: clients.Connect}
	m := testworld.Mapping("apparel", w.info.Report)
	spec := testworld.Spec(w.info.Report, w.info.PlytixURL, w.info.CentraURL, "apparel")
	w.req = engine.Request{Name: "bench", Spec: spec, Mappings: []pimv1alpha1.AttributeMapping{*m},
		PlytixAPIKey: secret.New(w.info.PlytixAPIKey), PlytixPassword: secret.New(w.info.PlytixPassword), CentraToken: secret.New(w.info.CentraToken),
		Ledger: ledger.New()}
	return w, stop, nil
}

// run performs one run, carrying its state over as the controller does, and measures it.
func (w *benchWorld) run() (*report.Report, time.Duration, uint64, error) {
	runtime.GC()
	sampler := startHeapSampler()
	start := time.Now()
	rep, err := w.engine.Run(context.Background(), w.req)
	wall := time.Since(start)
	heap := sampler.stop()
	if err != nil {
		return nil, 0, 0, err
	}
	w.req.Watermark, w.req.LastSync, w.req.LastRevision = rep.Watermark, rep.FinishedAt, rep.Revision
	if rep.FullSync && rep.Result == report.ResultSucceeded {
		w.req.LastFullSync = rep.FinishedAt
	}
	return rep, wall, heap, nil
}

// heapSampler records the peak of live heap while a run goes.
type heapSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			s.peak = max(s.peak, m.HeapInuse)
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *heapSampler) stop() uint64 {
	close(s.done)
	s.wg.Wait()
	return s.peak
}

// editPlytix changes the description of n parents (1 % of the catalogue) through the
// sandbox's controls.
func (w *benchWorld) editPlytix(n int) (int, error) {
	changed := 0
	for i := 0; changed < n && i < w.info.Report.Parents; i++ {
		for _, prefix := range []string{"AP", "FW"} {
			var found struct{ IDs []string }
			if err := getJSON(w.info.PlytixURL+"/_sandbox/skus/"+fmt.Sprintf("%s%06d", prefix, 100000+i), &found); err != nil || len(found.IDs) == 0 {
				continue
			}
			body := map[string]any{"attributes": map[string]any{"description": fmt.Sprintf("<p>Revised copy %d.</p>", i)}}
			if err := send(http.MethodPatch, w.info.PlytixURL+"/_sandbox/products/"+found.IDs[0], body); err != nil {
				return 0, err
			}
			changed++
		}
	}
	return changed, nil
}

// editCentra edits the display description of n products by hand, in Centra.
func (w *benchWorld) editCentra(n int) (int, error) {
	base := w.info.CentraURL[:len(w.info.CentraURL)-len("/graphql")]
	edited := 0
	for i := 0; edited < n && i < w.info.Report.Parents; i++ {
		for _, prefix := range []string{"AP", "FW"} {
			number := fmt.Sprintf("%s%06d", prefix, 100000+i)
			body := map[string]any{"displays": map[string]any{"Retail": map[string]any{"description": "Edited by hand"}}}
			if err := send(http.MethodPatch, base+"/_sandbox/products/"+number, body); err == nil {
				edited++
			}
		}
	}
	return edited, nil
}

func getJSON(url string, out any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func send(method, url string, body any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, url, resp.Status)
	}
	return nil
}
