package controllers

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// indexSecretRefs is a field index on CatalogSync, so a changed Secret finds the syncs that use
// it without listing them all. A changed AttributeMapping lists the namespace's syncs instead:
// a sync may select mappings by label, which no index can answer.
const indexSecretRefs = ".spec.secretRefs"

func indexCatalogSyncs(ctx context.Context, indexer client.FieldIndexer) error {
	return indexer.IndexField(ctx, &pimv1alpha1.CatalogSync{}, indexSecretRefs, func(o client.Object) []string {
		s := o.(*pimv1alpha1.CatalogSync)
		var names []string
		if ref := s.Spec.Plytix.CredentialsSecretRef; ref != nil {
			names = append(names, ref.Name)
		}
		if ref := s.Spec.Centra.TokenSecretRef; ref != nil {
			names = append(names, ref.Name)
		}
		return names
	})
}

func (r *CatalogSyncReconciler) syncsUsingSecret(ctx context.Context, secret client.Object) []reconcile.Request {
	list := &pimv1alpha1.CatalogSyncList{}
	if err := r.List(ctx, list, client.InNamespace(secret.GetNamespace()), client.MatchingFields{indexSecretRefs: secret.GetName()}); err != nil {
		return nil
	}
	return requestsFor(list.Items)
}

// syncsUsingMapping finds the CatalogSyncs that name the mapping or select it by label.
func (r *CatalogSyncReconciler) syncsUsingMapping(ctx context.Context, mapping client.Object) []reconcile.Request {
	list := &pimv1alpha1.CatalogSyncList{}
	if err := r.List(ctx, list, client.InNamespace(mapping.GetNamespace())); err != nil {
		return nil
	}
	var users []pimv1alpha1.CatalogSync
	for _, s := range list.Items {
		if usesMapping(&s, mapping.GetName(), mapping.GetLabels()) {
			users = append(users, s)
		}
	}
	return requestsFor(users)
}

// usesMapping reports whether a CatalogSync selects the mapping by name or by label.
func usesMapping(s *pimv1alpha1.CatalogSync, name string, mappingLabels map[string]string) bool {
	for _, n := range s.Spec.Mappings.Names {
		if n == name {
			return true
		}
	}
	if s.Spec.Mappings.Selector == nil {
		return false
	}
	selector, err := metav1.LabelSelectorAsSelector(s.Spec.Mappings.Selector)
	return err == nil && selector.Matches(labels.Set(mappingLabels))
}

func requestsFor(syncs []pimv1alpha1.CatalogSync) []reconcile.Request {
	out := make([]reconcile.Request, 0, len(syncs))
	for _, s := range syncs {
		out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&s)})
	}
	return out
}
