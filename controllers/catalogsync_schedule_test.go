package controllers

import (
	"context"
	"errors"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

func syncedAt(last time.Time, readyReason string, readyStatus metav1.ConditionStatus) *pimv1alpha1.CatalogSync {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 2}}
	obj.Spec.Interval = &metav1.Duration{Duration: 15 * time.Minute}
	obj.Status.ObservedGeneration = 2
	obj.Status.InputsDigest = "d"
	t := metav1.NewTime(last)
	obj.Status.LastSyncTime = &t
	meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{Type: "Ready", Status: readyStatus, Reason: readyReason})
	return obj
}

func stalledAt(last time.Time) *pimv1alpha1.CatalogSync {
	obj := syncedAt(last, "AuthenticationFailed", "False")
	meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{Type: "Stalled", Status: "True", Reason: "AuthenticationFailed"})
	return obj
}

func TestRunDue(t *testing.T) {
	now := statusNow
	cases := []struct {
		name     string
		obj      func() *pimv1alpha1.CatalogSync
		digest   string
		wantDue  bool
		wantWait time.Duration
	}{
		{"synced five minutes ago", func() *pimv1alpha1.CatalogSync { return syncedAt(now.Add(-5*time.Minute), "Succeeded", "True") }, "d", false, 9*time.Minute + 15*time.Second},
		{"interval is up", func() *pimv1alpha1.CatalogSync { return syncedAt(now.Add(-16*time.Minute), "Succeeded", "True") }, "d", true, 0},
		{"a mapping or Secret changed", func() *pimv1alpha1.CatalogSync { return syncedAt(now.Add(-time.Minute), "Succeeded", "True") }, "other", true, 0},
		{"never synced", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now, "Succeeded", "True")
			o.Status.LastSyncTime = nil
			return o
		}, "d", true, 0},
		{"spec changed", func() *pimv1alpha1.CatalogSync { o := syncedAt(now, "Succeeded", "True"); o.Generation = 3; return o }, "d", true, 0},
		{"reconcile requested", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now, "Succeeded", "True")
			o.Annotations = map[string]string{pimv1alpha1.ReconcileRequestAnnotation: "2026-11-27T10:00:00Z"}
			return o
		}, "d", true, 0},
		{"request already handled", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now.Add(-time.Minute), "Succeeded", "True")
			o.Annotations = map[string]string{pimv1alpha1.ReconcileRequestAnnotation: "x"}
			o.Status.LastHandledReconcileAt = "x"
			return o
		}, "d", false, 13*time.Minute + 15*time.Second},
		{"last attempt failed", func() *pimv1alpha1.CatalogSync {
			return syncedAt(now.Add(-time.Minute), "ProgressingWithRetry", "False")
		}, "d", true, 0},
		{"partial run waiting for its quota", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now.Add(-time.Minute), "PartialRun", "False")
			resume := metav1.NewTime(now.Add(30 * time.Minute))
			o.Status.Progress = &pimv1alpha1.SyncProgress{ResumeAt: &resume}
			return o
		}, "d", false, 30 * time.Minute},
		{"partial run stopped by its timeout carries on", func() *pimv1alpha1.CatalogSync {
			return syncedAt(now.Add(-time.Minute), "PartialRun", "False")
		}, "d", true, 0},
		{"jittered requeue a little before the interval runs", func() *pimv1alpha1.CatalogSync {
			return syncedAt(now.Add(-14*time.Minute-30*time.Second), "Succeeded", "True")
		}, "d", true, 0},
		{"stalled with the same inputs waits for a change", func() *pimv1alpha1.CatalogSync { return stalledAt(now.Add(-time.Hour)) }, "d", false, 0},
		{"stalled before any run waits too", func() *pimv1alpha1.CatalogSync {
			o := stalledAt(now)
			o.Status.LastSyncTime = nil
			return o
		}, "d", false, 0},
		{"stalled, then a Secret changed", func() *pimv1alpha1.CatalogSync { return stalledAt(now.Add(-time.Hour)) }, "other", true, 0},
		{"stalled, then a run was requested", func() *pimv1alpha1.CatalogSync {
			o := stalledAt(now.Add(-time.Hour))
			o.Annotations = map[string]string{pimv1alpha1.ReconcileRequestAnnotation: "retry"}
			return o
		}, "d", true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wait, due := runDue(tc.obj(), tc.digest, now)
			if due != tc.wantDue || wait != tc.wantWait {
				t.Errorf("runDue = %v, %v; want %v, %v", wait, due, tc.wantWait, tc.wantDue)
			}
		})
	}
}

func TestResultFor(t *testing.T) {
	obj := syncedAt(statusNow, "Succeeded", "True")
	obj.Spec.RetryInterval = &metav1.Duration{Duration: 3 * time.Minute}
	partial := report.New("Apply", true, statusNow)
	partial.Result = report.ResultPartial
	partial.Progress.ResumeAt = statusNow.Add(20 * time.Minute)
	timedOut := report.New("Apply", true, statusNow)
	timedOut.Result = report.ResultPartial
	timedOut.Progress.Deadline = true
	stuck := report.New("Apply", true, statusNow)
	stuck.Result = report.ResultPartial
	cases := []struct {
		name     string
		o        syncOutcome
		min, max time.Duration
	}{
		{"finished: the jittered interval", syncOutcome{report: report.New("Apply", false, statusNow)}, 14*time.Minute + 15*time.Second, 15*time.Minute + 45*time.Second},
		{"partial: the resume time", syncOutcome{report: partial}, 20 * time.Minute, 20 * time.Minute},
		{"stopped by the timeout: at once", syncOutcome{report: timedOut}, time.Second, time.Second},
		{"partial for another reason: retryInterval, no hot loop", syncOutcome{report: stuck}, 3 * time.Minute, 3 * time.Minute},
		{"transient: retryInterval", syncOutcome{err: errors.New("boom")}, 3 * time.Minute, 3 * time.Minute},
		{"waiting: the server's time", syncOutcome{err: syncerr.Wait("QuotaExhausted", 90*time.Second, errors.New("429"))}, 90 * time.Second, 90 * time.Second},
	}
	for _, tc := range cases {
		got := resultFor(obj, tc.o, statusNow).RequeueAfter
		if got < tc.min || got > tc.max {
			t.Errorf("%s: RequeueAfter = %v, want within [%v, %v]", tc.name, got, tc.min, tc.max)
		}
	}
}

// TestAnnounceRun: only a run answering a user's change shows as Progressing; a scheduled run
// of a healthy CatalogSync does not flap its Argo CD health every interval.
func TestAnnounceRun(t *testing.T) {
	now := statusNow
	cases := []struct {
		name   string
		obj    func() *pimv1alpha1.CatalogSync
		digest string
		want   bool
	}{
		{"scheduled run", func() *pimv1alpha1.CatalogSync { return syncedAt(now.Add(-16*time.Minute), "Succeeded", "True") }, "d", false},
		{"spec changed", func() *pimv1alpha1.CatalogSync { o := syncedAt(now, "Succeeded", "True"); o.Generation = 3; return o }, "d", true},
		{"a mapping changed", func() *pimv1alpha1.CatalogSync { return syncedAt(now, "Succeeded", "True") }, "other", true},
		{"first run", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now, "Succeeded", "True")
			o.Status.LastSyncTime = nil
			return o
		}, "d", true},
		{"reconcile requested", func() *pimv1alpha1.CatalogSync {
			o := syncedAt(now, "Succeeded", "True")
			o.Annotations = map[string]string{pimv1alpha1.ReconcileRequestAnnotation: "now"}
			return o
		}, "d", true},
	}
	for _, tc := range cases {
		if got := announceRun(tc.obj(), tc.digest); got != tc.want {
			t.Errorf("%s: announceRun = %v, want %v", tc.name, got, tc.want)
		}
	}
}

type capturingRunner struct{ req engine.Request }

func (c *capturingRunner) Run(_ context.Context, req engine.Request) (*report.Report, error) {
	c.req = req
	return report.New("Apply", false, statusNow), nil
}

// TestRunCarriesTheLastRunOver: what the status and the ledger remember reaches the engine, so
// a new spec reaches every product, and a lost ledger is rebuilt by a full pass.
func TestRunCarriesTheLastRunOver(t *testing.T) {
	runner := &capturingRunner{}
	r := &CatalogSyncReconciler{Runner: runner}
	obj := syncedAt(statusNow, "Succeeded", "True")
	book := ledger.New()
	r.run(context.Background(), obj, syncConfig{}, book, ledgerOutcome{loaded: true, health: ledger.Health{Intact: true}})
	if runner.req.ForceFullPass || runner.req.Ledger != book {
		t.Errorf("an unchanged spec: full pass forced %v, ledger passed %v", runner.req.ForceFullPass, runner.req.Ledger == book)
	}
	r.run(context.Background(), obj, syncConfig{}, book, ledgerOutcome{loaded: true, rebuilding: true})
	if !runner.req.ForceFullPass {
		t.Error("a ledger being rebuilt did not force a full pass")
	}
	// A run killed after it committed the ledger is carried on from how far it had read.
	ahead := book.Pass.Watermark
	book.Pass = ledger.Pass{Watermark: statusNow.Add(time.Hour), Full: true, Revision: "r2"}
	r.run(context.Background(), obj, syncConfig{}, book, ledgerOutcome{loaded: true, health: ledger.Health{Intact: true}})
	if !runner.req.Watermark.Equal(book.Pass.Watermark) || !runner.req.ResumeFullPass || runner.req.LastRevision != "r2" {
		t.Errorf("with the ledger's pass ahead: watermark %v, resume %v, revision %q", runner.req.Watermark, runner.req.ResumeFullPass, runner.req.LastRevision)
	}
	book.Pass.Watermark = ahead
	obj.Generation++
	r.run(context.Background(), obj, syncConfig{}, book, ledgerOutcome{loaded: true, health: ledger.Health{Intact: true}})
	if !runner.req.ForceFullPass {
		t.Error("a new generation did not force a full pass")
	}
}
