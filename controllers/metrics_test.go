package controllers

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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
	m.recordRun(obj, syncOutcome{report: r})
	m.recordRun(obj, syncOutcome{err: errors.New("boom")})
	m.recordSuspended(obj, false)
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
		m.recordRun(obj, syncOutcome{report: r})
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
