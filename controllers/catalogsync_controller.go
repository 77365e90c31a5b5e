package controllers

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// SyncRunner performs one sync run; *engine.Engine in production.
type SyncRunner interface {
	Run(ctx context.Context, req engine.Request) (*report.Report, error)
}

// CatalogSyncReconciler runs a CatalogSync's sync on its interval and records the outcome in
// its status.
type CatalogSyncReconciler struct {
	// Kubernetes.
	client.Client
	// APIReader reads Secrets straight from the API server: the cache holds only their
	// metadata, so no credential sits in the operator's memory longer than a run.
	APIReader client.Reader
	Recorder  events.EventRecorder

	// Runner performs the sync runs.
	Runner SyncRunner
	Clock  clock.PassiveClock
	// APIHosts are the hosts a CatalogSync may send credentials to.
	APIHosts APIHosts
	// MaxConcurrentSyncs bounds how many CatalogSyncs run at once.
	MaxConcurrentSyncs int
	Metrics            *Metrics
}

// Reconcile is a short driver: load, decide whether a run is due, resolve the configuration,
// load the ledger, run, commit the ledger, and let one deferred patch write the status, events
// and metrics.
func (r *CatalogSyncReconciler) Reconcile(ctx context.Context, req ctrl.Request) (result ctrl.Result, retErr error) {
	log := ctrl.LoggerFrom(ctx)
	// Read from the API server, not the cache: a reconcile queued while the last run was under
	// way would otherwise see the status from before that run, take the request it answered for
	// a new one and run again. One GET per reconcile is nothing beside a sync run.
	obj := &pimv1alpha1.CatalogSync{}
	if err := r.APIReader.Get(ctx, req.NamespacedName, obj); err != nil {
		if apierrors.IsNotFound(err) {
			r.Metrics.forget(req.Namespace, req.Name)
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !obj.DeletionTimestamp.IsZero() {
		r.Metrics.forget(req.Namespace, req.Name)
		return ctrl.Result{}, nil // no finalizer: deleting a CatalogSync never touches Centra
	}
	if obj.Spec.Suspend {
		log.V(1).Info("Sync is suspended")
		r.Metrics.recordSuspended(obj, true)
		err := r.markSuspended(ctx, obj)
		r.Metrics.recordConditions(obj)
		return ctrl.Result{}, err
	}
	r.Metrics.recordSuspended(obj, false)

	// original is the status events compare with; before is what the final patch diffs from,
	// which moves past the intermediate Reconciling patch.
	original := obj.DeepCopy()
	before := original
	// A request is answered by whatever this reconcile ends in, a stall before any run included,
	// so that `kubectl wait` on lastHandledReconcileAt never hangs.
	outcome := syncOutcome{requestedAt: obj.Annotations[pimv1alpha1.ReconcileRequestAnnotation]}
	defer func() {
		result, retErr = r.finish(ctx, original, before, obj, outcome, result, retErr)
	}()

	cfg, err := r.resolveConfig(ctx, obj)
	outcome.inputsDigest, outcome.credentials = cfg.inputsDigest, cfg.credentials()
	if err != nil {
		outcome.err = err
		return resultFor(obj, outcome, r.Clock.Now()), err
	}
	if wait, due := runDue(obj, cfg.inputsDigest, r.Clock.Now()); !due {
		log.V(1).Info("Sync not due yet", "requeueAfter", wait)
		return ctrl.Result{RequeueAfter: wait}, nil
	}
	if announceRun(obj, cfg.inputsDigest) {
		if err := r.markReconciling(ctx, obj); err != nil {
			return ctrl.Result{}, err
		}
		before = obj.DeepCopy()
	}
	book, l, err := r.loadLedger(ctx, obj)
	if err != nil {
		outcome.err = err
		return resultFor(obj, outcome, r.Clock.Now()), err
	}
	outcome = r.run(ctx, obj, cfg, book, l)
	r.commitLedger(ctx, obj, book, &outcome)
	return resultFor(obj, outcome, r.Clock.Now()), outcome.err
}

// announceRun reports whether a run answers a change a user made (a new generation, new
// inputs, a reconcile request, or the first run), which kstatus and Argo CD should show as in
// progress. A scheduled run does not flip a healthy CatalogSync to Progressing every interval.
func announceRun(obj *pimv1alpha1.CatalogSync, inputsDigest string) bool {
	st := obj.Status
	return st.ObservedGeneration != obj.Generation || st.InputsDigest != inputsDigest || st.LastSyncTime == nil || newRequest(obj)
}

// markSuspended says, once per generation, that the spec is seen but not applied: without it a
// suspended CatalogSync edited afterwards would stay InProgress for kstatus and kubectl wait.
func (r *CatalogSyncReconciler) markSuspended(ctx context.Context, obj *pimv1alpha1.CatalogSync) error {
	before := obj.DeepCopy()
	if !suspendedStatus(obj, r.Clock.Now()) {
		return nil
	}
	if err := r.Status().Patch(ctx, obj, client.MergeFrom(before)); err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	return nil
}

// markReconciling tells kstatus and Argo CD that a run is under way (Reconciling=True, Ready
// Unknown) before a run that may take minutes; the deferred patch settles both when it ends.
func (r *CatalogSyncReconciler) markReconciling(ctx context.Context, obj *pimv1alpha1.CatalogSync) error {
	before := obj.DeepCopy()
	c := conditionSetter{conditions: &obj.Status.Conditions, generation: obj.Generation, now: metav1.NewTime(r.Clock.Now())}
	c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressing, "Sync run in progress")
	if ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady); ready == nil || ready.Reason != pimv1alpha1.ReasonPartialRun {
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, "Sync run in progress")
	}
	return r.Status().Patch(ctx, obj, client.MergeFrom(before))
}

// finish writes the status once, emits events on transitions and records metrics. It turns a
// stalled error into a terminal one (no hot retry) and a transient one into a requeue after
// retryInterval: the engine has already retried it with backoff.
func (r *CatalogSyncReconciler) finish(ctx context.Context, original, before, obj *pimv1alpha1.CatalogSync, o syncOutcome,
	result ctrl.Result, err error) (ctrl.Result, error) {
	log := ctrl.LoggerFrom(ctx)
	applyOutcome(obj, o, r.Clock.Now())
	// The one guard between what APIs and users said and what anyone with view rights reads:
	// every string of the status (and so of the events, which quote its conditions) is scrubbed
	// of every credential, in every encoding.
	secret.ScrubAll(&obj.Status, o.credentials...)
	// The run's context may be cancelled by a shutdown; the status must still be written.
	patchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if patchErr := r.Status().Patch(patchCtx, obj, client.MergeFrom(before)); patchErr != nil && !apierrors.IsNotFound(patchErr) {
		log.Error(patchErr, "Failed to patch CatalogSync status")
		return ctrl.Result{}, errors.Join(err, patchErr)
	}
	emitEvents(r.Recorder, original, obj, o)
	r.Metrics.recordRun(obj, o)
	r.Metrics.recordConditions(obj)
	if stalled, ok := syncerr.AsStalled(err); ok {
		log.Info("Sync stalled until its inputs change", "reason", stalled.Reason, "error", stalled.Error())
		return ctrl.Result{}, reconcile.TerminalError(err)
	}
	if _, waiting := syncerr.AsWaiting(err); err != nil && !waiting {
		log.Error(err, "Sync failed; retrying", "retryInterval", retryInterval(obj))
	}
	return result, nil
}

// resultFor schedules the next reconcile: at the jittered interval after a finished run, at the
// resume time after a partial one, after the server's wait, or after retryInterval on an error.
func resultFor(obj *pimv1alpha1.CatalogSync, o syncOutcome, now time.Time) ctrl.Result {
	if w, ok := syncerr.AsWaiting(o.err); ok {
		return ctrl.Result{RequeueAfter: max(w.RetryAfter, time.Second)}
	}
	if o.err != nil {
		return ctrl.Result{RequeueAfter: retryInterval(obj)}
	}
	if o.report != nil && !o.report.Progress.ResumeAt.IsZero() {
		return ctrl.Result{RequeueAfter: max(o.report.Progress.ResumeAt.Sub(now), time.Second)}
	}
	if o.report != nil && o.report.Result == report.ResultPartial {
		if o.report.Progress.Deadline {
			return ctrl.Result{RequeueAfter: time.Second} // stopped by the run timeout: resume at once
		}
		// Something in the run could not finish and no quota says when it can: retry later
		// rather than spin on it.
		return ctrl.Result{RequeueAfter: retryInterval(obj)}
	}
	return ctrl.Result{RequeueAfter: jitter(interval(obj))}
}

// jitter spreads runs by ±5% so CatalogSyncs sharing a quota do not start together.
func jitter(d time.Duration) time.Duration {
	spread := int64(d) / 10
	if spread <= 0 {
		return d
	}
	return d - time.Duration(spread/2) + time.Duration(rand.Int64N(spread))
}

// SetupWithManager registers the controller: CatalogSyncs, and the AttributeMappings and
// Secrets they reference (Secrets by metadata only), through field indexes rather than polling.
func (r *CatalogSyncReconciler) SetupWithManager(ctx context.Context, mgr ctrl.Manager) error {
	if err := indexCatalogSyncs(ctx, mgr.GetFieldIndexer()); err != nil {
		return err
	}
	return ctrl.NewControllerManagedBy(mgr).
		For(&pimv1alpha1.CatalogSync{}, builder.WithPredicates(predicate.Or(
			predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		Watches(&pimv1alpha1.AttributeMapping{}, handler.EnqueueRequestsFromMapFunc(r.syncsUsingMapping),
			builder.WithPredicates(predicate.Or(predicate.GenerationChangedPredicate{}, predicate.LabelChangedPredicate{}))).
		WatchesMetadata(&corev1.Secret{}, handler.EnqueueRequestsFromMapFunc(r.syncsUsingSecret),
			builder.WithPredicates(predicate.ResourceVersionChangedPredicate{})).
		WithOptions(controller.Options{MaxConcurrentReconciles: max(r.MaxConcurrentSyncs, 1)}).
		Named("catalogsync").
		Complete(r)
}
