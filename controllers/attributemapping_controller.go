package controllers

import (
	"context"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/tools/events"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// AttributeMappingReconciler is the only writer of AttributeMapping status: validation results
// and per-attribute results, aggregated from the CatalogSyncs that use the mapping.
type AttributeMappingReconciler struct {
	client.Client
	Clock clock.PassiveClock
	// Recorder records events when a condition changes; nil records none.
	Recorder events.EventRecorder
}

// Reconcile recomputes the mapping's status from its users and patches it once.
func (r *AttributeMappingReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	m := &pimv1alpha1.AttributeMapping{}
	if err := r.Get(ctx, req.NamespacedName, m); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	syncs := &pimv1alpha1.CatalogSyncList{}
	if err := r.List(ctx, syncs, client.InNamespace(m.Namespace)); err != nil {
		return ctrl.Result{}, err
	}
	var users []pimv1alpha1.CatalogSync
	for _, s := range syncs.Items {
		if usesMapping(&s, m.Name, m.Labels) {
			users = append(users, s)
		}
	}
	before := m.DeepCopy()
	m.Status = mappingStatus(m, users, r.Clock.Now())
	patchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := r.Status().Patch(patchCtx, m, client.MergeFrom(before)); err != nil {
		if apierrors.IsNotFound(err) {
			return ctrl.Result{}, nil
		}
		return ctrl.Result{}, err
	}
	emitMappingEvents(r.Recorder, before, m)
	return ctrl.Result{}, nil
}

// SetupWithManager watches AttributeMappings and the CatalogSyncs (status included) that use them.
func (r *AttributeMappingReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		For(&pimv1alpha1.AttributeMapping{}, builder.WithPredicates(predicate.Or(
			predicate.GenerationChangedPredicate{}, predicate.LabelChangedPredicate{}))).
		Watches(&pimv1alpha1.CatalogSync{}, handler.EnqueueRequestsFromMapFunc(r.mappingsUsedBy)).
		Named("attributemapping").
		Complete(r)
}

// mappingsUsedBy maps a CatalogSync to the mappings it names or selects.
func (r *AttributeMappingReconciler) mappingsUsedBy(ctx context.Context, o client.Object) []reconcile.Request {
	s := o.(*pimv1alpha1.CatalogSync)
	list := &pimv1alpha1.AttributeMappingList{}
	if err := r.List(ctx, list, client.InNamespace(s.Namespace)); err != nil {
		return nil
	}
	var out []reconcile.Request
	for _, m := range list.Items {
		if usesMapping(s, m.Name, m.Labels) {
			out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&m)})
		}
	}
	return out
}
