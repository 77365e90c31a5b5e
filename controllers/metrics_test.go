package controllers

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

// TestAlertRulesUseExportedMetrics keeps config/monitoring in step with the metrics.
func TestAlertRulesUseExportedMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "eu"}}
	r := report.New("Apply", true, statusNow)
	r.FinishedAt = statusNow.Add(time.Minute)
	r.Budgets = []report.BudgetState{{System: "Centra", Bucket: "mutations", RemainingPerHour: 10}}
	m.recordRun(obj, syncOutcome{report: r, catalogue: r})
	m.recordRun(obj, syncOutcome{err: errors.New("boom")})
	m.recordSuspended(obj, false)
	obj.Status.Conditions = []metav1.Condition{{Type: pimv1alpha1.ConditionStalled, Status: metav1.ConditionTrue, Reason: pimv1alpha1.ReasonSecretNotFound}}
	m.recordConditions(obj)
	m.Observer("centra")(httpx.CallKey{Operation: "ProductsByNumber", Outcome: "429"}, 0)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	for _, f := range families {
		exported[f.GetName()] = true

	}
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(filepath.Join(root, "config", "monitoring", "prometheusrule.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`catalogsync_[a-z_]+`).FindAllString(string(rules), -1)
	if len(used) == 0 {
		t.Fatal("no metric found in the rules")
	}
	for _, name := range used {
		if !exported[name] {
			t.Errorf("config/monitoring uses %s, which the operator does not export (it exports %v)", name, exported)
		}
	}
}

// TestForgetDropsEverySeriesOfADeletedSync: once a CatalogSync is gone, none of its series
// remain; another sync's stay.
func TestForgetDropsEverySeriesOfADeletedSync(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	r := report.New("Apply", true, statusNow)
	r.FinishedAt = statusNow.Add(time.Minute)
	for _, name := range []string{"eu", "us"} {
		obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: name}}
		m.recordRun(obj, syncOutcome{report: r, catalogue: r})
		m.recordSuspended(obj, false)
	}
	m.forget("shop", "eu")
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	us := 0
	for _, f := range families {
		for _, metric := range f.GetMetric() {
			for _, l := range metric.GetLabel() {
				if l.GetName() != "name" {
					continue
				}
				if l.GetValue() == "eu" {
					t.Errorf("%s still has a series of the deleted sync", f.GetName())
				}
				if l.GetValue() == "us" {
					us++
				}
			}
		}
	}
	if us == 0 {
		t.Error("forget removed the other sync's series too")
	}
}

// TestConditionAndLastSuccessGauges: a stall is a gauge that stays 1 while it lasts and goes
// when the condition does; the last success is the finish time of a clean run only.
func TestConditionAndLastSuccessGauges(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "eu"}}
	obj.Status.Conditions = []metav1.Condition{
		{Type: pimv1alpha1.ConditionReady, Status: metav1.ConditionFalse, Reason: pimv1alpha1.ReasonSecretNotFound},
		{Type: pimv1alpha1.ConditionStalled, Status: metav1.ConditionTrue, Reason: pimv1alpha1.ReasonSecretNotFound},
	}
	m.recordConditions(obj)
	if v := testutil.ToFloat64(m.condition.WithLabelValues("shop", "eu", pimv1alpha1.ConditionStalled, "True")); v != 1 {
		t.Errorf("Stalled True = %v, want 1", v)
	}
	obj.Status.Conditions = obj.Status.Conditions[:1]
	obj.Status.Conditions[0].Status = metav1.ConditionTrue
	m.recordConditions(obj)
	if n := testutil.CollectAndCount(m.condition, "catalogsync_condition"); n != 3 {
		t.Errorf("%d condition series, want Ready's three: Stalled's must go with the condition", n)
	}
	r := report.New("Apply", true, statusNow)
	r.FinishedAt = statusNow.Add(time.Minute)
	m.recordRun(obj, syncOutcome{report: r, err: errors.New("Centra answered 503")})
	if n := testutil.CollectAndCount(m.lastSuccess); n != 0 {
		t.Errorf("a run that erred set the last success")
	}
	m.recordRun(obj, syncOutcome{report: r})
	if v := testutil.ToFloat64(m.lastSuccess.WithLabelValues("shop", "eu")); v != float64(r.FinishedAt.Unix()) {
		t.Errorf("last success = %v, want %d", v, r.FinishedAt.Unix())
	}
}

// TestRequestsAndMutationsAreSeparateFamilies: a request carrying three mutations is one
// request and three mutations, in two families, so neither sum counts anything twice.
func TestRequestsAndMutationsAreSeparateFamilies(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.Observer("centra")(httpx.CallKey{Operation: "MutationBatch", Outcome: "200"}, 0)
	for range 3 {
		m.MutationObserver("centra")(httpx.CallKey{Operation: "createProduct", Outcome: "ok"}, 0)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]float64{}
	for _, f := range families {
		for _, s := range f.GetMetric() {
			totals[f.GetName()] += s.GetCounter().GetValue()
		}
	}
	if totals["catalogsync_api_requests_total"] != 1 || totals["catalogsync_mutations_total"] != 3 {
		t.Errorf("requests %v, mutations %v; want 1 and 3", totals["catalogsync_api_requests_total"], totals["catalogsync_mutations_total"])
	}
}
