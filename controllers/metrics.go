package controllers

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// Metrics are the operator's Prometheus metrics. Labels are bounded: a CatalogSync, a system,
// an operation or an outcome, never a SKU or a product.
type Metrics struct {
	runs            *prometheus.CounterVec
	runDuration     *prometheus.HistogramVec
	products        *prometheus.GaugeVec
	attributes      *prometheus.GaugeVec
	suspended       *prometheus.GaugeVec
	condition       *prometheus.GaugeVec
	lastSuccess     *prometheus.GaugeVec
	apiRequests     *prometheus.CounterVec
	mutations       *prometheus.CounterVec
	throttled       *prometheus.CounterVec
	budgetRemaining *prometheus.GaugeVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "catalogsync_runs_total", Help: "Sync runs by result: Succeeded, Partial, Failed (the run errored) or Stalled (it needs a human).",
		}, []string{"namespace", "name", "result"}),
		runDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "catalogsync_run_duration_seconds", Help: "Duration of sync runs.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200},
		}, []string{"namespace", "name", "mode", "result"}),
		products: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_products", Help: "Products of the catalogue by state, as the ledger knows it after every run (in_sync, pending, blocked, failing, drifted, orphaned).",
		}, []string{"namespace", "name", "state"}),
		attributes: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_attributes", Help: "Mapped attribute targets with drifted, failing or missing values anywhere in the catalogue.",
		}, []string{"namespace", "name", "state"}),
		suspended: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_suspended", Help: "1 when the CatalogSync is suspended.",
		}, []string{"namespace", "name"}),
		condition: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_condition", Help: "1 for the status a CatalogSync's condition has now (True, False, Unknown), 0 for the others.",
		}, []string{"namespace", "name", "type", "status"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_last_success_timestamp_seconds", Help: "When the last sync run that finished without a failure or an error ended (Unix time).",
		}, []string{"namespace", "name"}),
		apiRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "catalogsync_api_requests_total", Help: "HTTP requests to Plytix and Centra by operation and outcome.",
		}, []string{"system", "operation", "outcome"}),
		mutations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "catalogsync_mutations_total", Help: "Centra mutations (one per aliased field of a request) by mutation and outcome.",
		}, []string{"system", "mutation", "outcome"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "catalogsync_api_throttled_total", Help: "Requests answered 429 by Plytix or Centra.",
		}, []string{"system"}),
		budgetRemaining: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "catalogsync_budget_remaining", Help: "What is left of each API quota a CatalogSync spends from, in its current window, as its last run saw it (-1: not limited).",
		}, []string{"namespace", "name", "system", "bucket", "window"}),
	}
	reg.MustRegister(m.runs, m.runDuration, m.products, m.attributes, m.suspended, m.condition, m.lastSuccess,
		m.apiRequests, m.mutations, m.throttled, m.budgetRemaining)
	return m
}

// Observer returns an httpx observer counting a system's calls; the clients call it.
func (m *Metrics) Observer(system string) httpx.Observer {
	if m == nil {
		return nil
	}
	return func(key httpx.CallKey, _ time.Duration) {
		m.apiRequests.WithLabelValues(system, key.Operation, key.Outcome).Inc()
		if key.Outcome == "429" {
			m.throttled.WithLabelValues(system).Inc()
		}
	}
}

// MutationObserver counts the mutations a system's requests carry, apart from the requests:
// one request carries up to 25, so summing both families would count each twice.
func (m *Metrics) MutationObserver(system string) httpx.Observer {
	if m == nil {
		return nil
	}
	return func(key httpx.CallKey, _ time.Duration) {
		m.mutations.WithLabelValues(system, key.Operation, key.Outcome).Inc()
	}
}

func (m *Metrics) recordSuspended(obj *pimv1alpha1.CatalogSync, suspended bool) {
	if m == nil {
		return
	}
	v := 0.0
	if suspended {
		v = 1
	}
	m.suspended.WithLabelValues(obj.Namespace, obj.Name).Set(v)
}

// forget removes every series of a CatalogSync that is gone, so dashboards and alerts do not
// keep reporting a sync nobody runs.
func (m *Metrics) forget(namespace, name string) {
	if m == nil {
		return
	}
	labels := prometheus.Labels{"namespace": namespace, "name": name}
	m.runs.DeletePartialMatch(labels)
	m.runDuration.DeletePartialMatch(labels)
	m.products.DeletePartialMatch(labels)
	m.attributes.DeletePartialMatch(labels)
	m.suspended.DeletePartialMatch(labels)
	m.condition.DeletePartialMatch(labels)
	m.lastSuccess.DeletePartialMatch(labels)
	m.budgetRemaining.DeletePartialMatch(labels)
}

// recordConditions exports the state of every condition: an alert on "Stalled is True" needs a
// gauge that stays 1 while it is, not a counter of stalled runs.
func (m *Metrics) recordConditions(obj *pimv1alpha1.CatalogSync) {
	if m == nil {
		return
	}
	present := map[string]bool{}
	for _, c := range obj.Status.Conditions {
		present[c.Type] = true
		for _, s := range []metav1.ConditionStatus{metav1.ConditionTrue, metav1.ConditionFalse, metav1.ConditionUnknown} {
			v := 0.0
			if c.Status == s {
				v = 1
			}
			m.condition.WithLabelValues(obj.Namespace, obj.Name, c.Type, string(s)).Set(v)
		}
	}
	// A condition removed (Reconciling after a run, Stalled after a fix) has no series left.
	for _, typ := range append([]string{pimv1alpha1.ConditionReconciling}, conditionTypes(watchedConditions)...) {
		if !present[typ] {
			m.condition.DeletePartialMatch(prometheus.Labels{"namespace": obj.Namespace, "name": obj.Name, "type": typ})
		}
	}
}

func conditionTypes(watched []watchedCondition) []string {
	out := make([]string, len(watched))
	for i, w := range watched {
		out[i] = w.typ
	}
	return out
}

func (m *Metrics) recordRun(obj *pimv1alpha1.CatalogSync, o syncOutcome) {
	if m == nil || (o.report == nil && o.err == nil) {
		return
	}
	result := "Failed"
	switch _, stalled := syncerr.AsStalled(o.err); {
	case stalled:
		result = "Stalled"
	case o.err == nil:
		result = string(o.report.Result)
	}
	m.runs.WithLabelValues(obj.Namespace, obj.Name, result).Inc()
	if o.report == nil {
		return
	}
	r := o.report
	if o.err == nil && r.Result == report.ResultSucceeded {
		m.lastSuccess.WithLabelValues(obj.Namespace, obj.Name).Set(float64(r.FinishedAt.Unix()))
	}
	m.runDuration.WithLabelValues(obj.Namespace, obj.Name, r.Mode, string(r.Result)).Observe(r.FinishedAt.Sub(r.StartedAt).Seconds())
	for _, b := range r.Budgets {
		// Per CatalogSync: each spends from its own Plytix account's and Centra environment's
		// quotas, and one gauge for all environments would show whichever ran last.
		m.budgetRemaining.WithLabelValues(obj.Namespace, obj.Name, strings.ToLower(b.System), b.Bucket, "10s").Set(float64(b.RemainingPer10Seconds))
		m.budgetRemaining.WithLabelValues(obj.Namespace, obj.Name, strings.ToLower(b.System), b.Bucket, "1h").Set(float64(b.RemainingPerHour))
	}
	if o.catalogue != nil {
		m.recordCatalogue(obj, o.catalogue)
	}
}

// recordCatalogue sets the gauges that describe the catalogue, from the ledger: a delta run that
// read three clean products leaves them as the catalogue is.
func (m *Metrics) recordCatalogue(obj *pimv1alpha1.CatalogSync, c *report.Report) {
	for state, n := range map[string]int64{
		"in_sync": c.InSync, "pending": c.Products.Pending, "blocked": c.Products.Blocked, "failing": c.Products.Failed,
		"drifted": c.Products.Drifted, "orphaned": c.Products.Orphaned,
	} {
		m.products.WithLabelValues(obj.Namespace, obj.Name, state).Set(float64(n))
	}
	var drifted, failing, missing float64
	for _, row := range c.Attributes() {
		if row.Drifted > 0 {
			drifted++
		}
		if row.Failed > 0 {
			failing++
		}
		if row.Missing > 0 {
			missing++
		}
	}
	m.attributes.WithLabelValues(obj.Namespace, obj.Name, "drifted").Set(drifted)
	m.attributes.WithLabelValues(obj.Namespace, obj.Name, "failing").Set(failing)
	m.attributes.WithLabelValues(obj.Namespace, obj.Name, "missing").Set(missing)
}
