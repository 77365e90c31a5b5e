package controllers

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// watchedConditions emit an event when they change, with the type they take when they do.
var watchedConditions = []struct {
	typ string
	// eventType is the event type for the condition becoming True.
	eventType string
}{
	{pimv1alpha1.ConditionReady, corev1.EventTypeNormal},
	{pimv1alpha1.ConditionStalled, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDataGaps, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionAttributesFailing, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDrifted, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionSourceSuspect, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionBudgetExhausted, corev1.EventTypeNormal},
}

// emitEvents records an event only when something changed: a condition moved (including a
// recovery) or the run wrote to Centra. An unchanged catalogue synced every interval stays quiet.
// Notes carry counts but no durations or times, so identical events deduplicate.
func emitEvents(rec events.EventRecorder, before, after *pimv1alpha1.CatalogSync, o syncOutcome) {
	if rec == nil {
		return
	}
	for _, w := range watchedConditions {
		old := meta.FindStatusCondition(before.Status.Conditions, w.typ)
		cur := meta.FindStatusCondition(after.Status.Conditions, w.typ)
		if cur == nil || (old != nil && old.Status == cur.Status && old.Reason == cur.Reason) {
			continue
		}
		eventType := corev1.EventTypeNormal
		if cur.Status == metav1.ConditionTrue {
			eventType = w.eventType
		}
		if w.typ == pimv1alpha1.ConditionReady && cur.Status != metav1.ConditionTrue {
			eventType = corev1.EventTypeWarning
		}
		if old == nil && cur.Status == metav1.ConditionFalse && w.typ != pimv1alpha1.ConditionReady {
			continue // a domain condition appearing as False is not news
		}
		rec.Eventf(after, nil, eventType, cur.Reason, "Sync", "%s", cur.Message)
	}
	if r := o.report; r != nil && r.Mode == string(pimv1alpha1.SyncModeApply) && r.Products.Created+r.Products.Updated > 0 {
		rec.Eventf(after, nil, corev1.EventTypeNormal, pimv1alpha1.EventReasonProductsWritten, "Sync", "%s",
			fmt.Sprintf("Created %s and updated %s in Centra with %s",
				plural(r.Products.Created, "product", "products"), plural(r.Products.Updated, "product", "products"),
				plural(r.CentraMutations, "mutation", "mutations")))
	}
}
