package controllers

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/events"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// watchedCondition emits an event when the condition changes status or reason: Normal when it
// returns to good, eventType otherwise. A condition that first appears good is not news (Ready
// always is), nor is a condition other than Ready becoming Unknown.
type watchedCondition struct {
	typ       string
	good      metav1.ConditionStatus
	eventType string
}

// watchedConditions are a CatalogSync's.
var watchedConditions = []watchedCondition{
	{pimv1alpha1.ConditionReady, metav1.ConditionTrue, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionStalled, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDataGaps, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionSourceSuspect, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionBudgetExhausted, metav1.ConditionFalse, corev1.EventTypeNormal},
	{pimv1alpha1.ConditionLedgerRebuilt, metav1.ConditionFalse, corev1.EventTypeWarning},
}

// watchedMappingConditions are an AttributeMapping's; Validated is good when True.
var watchedMappingConditions = []watchedCondition{
	{pimv1alpha1.ConditionReady, metav1.ConditionTrue, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionStalled, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionValidated, metav1.ConditionTrue, corev1.EventTypeWarning},
}

// emitEvents records an event only when something changed: a condition moved (including a
// recovery) or the run wrote to Centra. An unchanged catalogue synced every interval stays quiet.
// Notes carry counts but no durations or times, so identical events deduplicate.
func emitEvents(rec events.EventRecorder, before, after *pimv1alpha1.CatalogSync, o syncOutcome) {
	if rec == nil {
		return
	}
	conditionEvents(rec, after, "Sync", watchedConditions, before.Status.Conditions, after.Status.Conditions)
	if r := o.report; r != nil && r.Mode == string(pimv1alpha1.SyncModeApply) && r.Products.Created+r.Products.Updated > 0 {
		rec.Eventf(after, nil, corev1.EventTypeNormal, pimv1alpha1.EventReasonProductsWritten, "Sync", "%s",
			fmt.Sprintf("Created %s and updated %s in Centra with %s",
				plural(r.Products.Created, "product", "products"), plural(r.Products.Updated, "product", "products"),
				plural(r.CentraMutations, "mutation", "mutations")))
	}
}

// emitMappingEvents records an AttributeMapping's condition changes: a stall, a validation that
// fails or recovers, new unmapped Plytix attributes.
func emitMappingEvents(rec events.EventRecorder, before, after *pimv1alpha1.AttributeMapping) {
	if rec == nil {
		return
	}
	conditionEvents(rec, after, "Validate", watchedMappingConditions, before.Status.Conditions, after.Status.Conditions)
}

// conditionEvents records one event per watched condition that changed status or reason.
func conditionEvents(rec events.EventRecorder, obj runtime.Object, action string, watched []watchedCondition, before, after []metav1.Condition) {
	for _, w := range watched {
		old := meta.FindStatusCondition(before, w.typ)
		cur := meta.FindStatusCondition(after, w.typ)
		if cur == nil || (old != nil && old.Status == cur.Status && old.Reason == cur.Reason) {
			continue
		}
		ready := w.typ == pimv1alpha1.ConditionReady
		if !ready && (cur.Status == metav1.ConditionUnknown || (old == nil && cur.Status == w.good)) {
			continue
		}
		eventType := w.eventType
		if cur.Status == w.good {
			eventType = corev1.EventTypeNormal
		}
		rec.Eventf(obj, nil, eventType, cur.Reason, action, "%s", cur.Message)
	}
}
