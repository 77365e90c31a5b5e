package engine

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// world is both sandboxes, filled to fit each other, and an engine wired to them with the
// real clients over HTTP.
type world struct {
	t       *testing.T
	plytix  *plytixtest.Server
	centra  *centratest.TestServer
	engine  *Engine
	req     Request
	budgets *budget.Registry
	// centraHours moves the Centra sandbox's clock on by whole hours, so its quota windows
	// roll over (nextHour).
	centraHours atomic.Int64
}

func newWorld(t *testing.T, catalog plytixtest.CatalogOptions) *world {
	t.Helper()
	p := plytixtest.NewTestServer(t, plytixtest.Options{Catalog: catalog, RateLimits: plytixtest.Unlimited(), IDFilter: true})
	seed := testworld.CentraSeed(p.Report())
	w := &world{t: t, plytix: p, budgets: budget.NewRegistry()}
	w.centra = centratest.NewTestServer(t, centratest.Options{Seed: &seed, Strict: true, RateLimits: &centratest.RateLimits{Disabled: true},
		MediaPendingPolls: -1, Now: func() time.Time { return time.Now().Add(time.Duration(w.centraHours.Load()) * time.Hour) }})
	c := w.centra
	fast := retry.Policy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxElapsed: time.Second}
	clients := &Clients{
		Budgets: w.budgets,
		Plytix:  func(c *plytix.Config) { c.Retry = fast },
		Centra:  func(c *centra.Config) { c.Retry = &fast; c.MediaPollInterval = time.Millisecond },
	}
	// The run's clock follows the Centra sandbox's, so the drift scan's "since the last run"
	// means the same in both when tests move Centra's clock on (nextHour).
	w.engine = &Engine{Connect: clients.Connect, Now: func() time.Time { return time.Now().Add(time.Duration(w.centraHours.Load()) * time.Hour) }}
	key, password := p.Credentials()
	m := testworld.Mapping("apparel", p.Report())
	w.req = Request{
		Name: "test/sync", Spec: testworld.Spec(p.Report(), p.URL, c.URL, "apparel"),
		Mappings: []pimv1alpha1.AttributeMapping{*m}, PlytixAPIKey: secret.New(key), PlytixPassword: secret.New(password),
		CentraToken: secret.New(centratest.DefaultToken), Ledger: ledger.New(),
	}
	// Tests run many syncs back to back: lift the request quota (not the mutation quota,
	// which tests of the budget lower).
	w.req.Spec.Centra.RateLimits = &pimv1alpha1.CentraRateLimits{Requests: &pimv1alpha1.WindowLimits{Per10Seconds: ptr64(100_000), PerHour: ptr64(1_000_000)}}
	w.req.Spec.Plytix.RateLimits = &pimv1alpha1.WindowLimits{Per10Seconds: ptr64(100_000), PerHour: ptr64(1_000_000)}
	return w
}

// run performs a run and carries its state over to the next request, as the controller does
// through the CatalogSync status (the ledger, which the run updates in place, through its
// ConfigMaps).
func (w *world) run() (*report.Report, error) {
	w.t.Helper()
	rep, err := w.engine.Run(context.Background(), w.req)
	if rep != nil {
		w.req.Watermark = rep.Watermark
		w.req.LastRevision = rep.Revision
		w.req.LastSync = rep.FinishedAt // the drift scan of the next delta starts here
		w.req.ResumeFullPass = rep.FullSync && rep.Result == report.ResultPartial
		// As the controller: a run that erred, or whose Plytix answer looked wrong, is no full
		// pass, and only a sound one says how large the scope is.
		if rep.FullSync && rep.Result == report.ResultSucceeded && err == nil && rep.Suspect == nil {
			w.req.LastFullSync = rep.FinishedAt
			if rep.Scope > 0 {
				w.req.PreviousScope = rep.Scope
			}
		}
	}
	return rep, err
}

// afterLastRun waits until the second after the last run finished: the drift scan starts there
// (Centra stamps updatedAt to the second), so a hand edit made sooner waits for a full pass.
func (w *world) afterLastRun() {
	time.Sleep(time.Until(w.req.LastSync.Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
}

func (w *world) mustRun() *report.Report {
	w.t.Helper()
	rep, err := w.run()
	if err != nil {
		w.t.Fatalf("run failed: %v", err)
	}
	return rep
}

// invisible prices every product, as the ERP would (the operator never does,
// invariant 1), and returns the products of Centra that are not visible in Retail/EU, with
// the sandbox's reasons.
func (w *world) invisible() map[string][]string {
	w.t.Helper()
	if err := w.centra.PriceAll("EUR", 49.95); err != nil {
		w.t.Fatal(err)
	}
	out := map[string][]string{}
	for _, s := range w.centra.AllProducts() {
		if v := w.centra.Visibility(s.Number, "Retail", "EU"); !v.Visible {
			out[s.Number] = v.Reasons
		}
	}
	return out
}
