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

// watchedCondition emits an event when the condition changes, of eventType when it becomes
// True (Ready becoming anything but True is always a Warning).
type watchedCondition struct {
	typ       string
	eventType string
}

// watchedConditions are a CatalogSync's.
var watchedConditions = []watchedCondition{
	{pimv1alpha1.ConditionReady, corev1.EventTypeNormal},
	{pimv1alpha1.ConditionStalled, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDataGaps, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionAttributesFailing, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionDrifted, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionSourceSuspect, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionBudgetExhausted, corev1.EventTypeNormal},
}

// watchedMappingConditions are an AttributeMapping's. Validated is abnormal-false: its event is
// a Warning when it becomes False.
var watchedMappingConditions = []watchedCondition{
	{pimv1alpha1.ConditionReady, corev1.EventTypeNormal},
	{pimv1alpha1.ConditionStalled, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionUnmappedAttributes, corev1.EventTypeWarning},
	{pimv1alpha1.ConditionAttributesFailing, corev1.EventTypeWarning},
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
	old := meta.FindStatusCondition(before.Status.Conditions, pimv1alpha1.ConditionValidated)
	cur := meta.FindStatusCondition(after.Status.Conditions, pimv1alpha1.ConditionValidated)
	if cur != nil && cur.Status != metav1.ConditionUnknown && (old == nil || old.Status != cur.Status || old.Reason != cur.Reason) {
		eventType := corev1.EventTypeNormal
		if cur.Status == metav1.ConditionFalse {
			eventType = corev1.EventTypeWarning
		}
		if old != nil || cur.Status == metav1.ConditionFalse {
			rec.Eventf(after, nil, eventType, cur.Reason, "Validate", "%s", cur.Message)
		}
	}
}

// conditionEvents records one event per watched condition that changed status or reason. A
// domain condition that first appears False is not news.
func conditionEvents(rec events.EventRecorder, obj runtime.Object, action string, watched []watchedCondition, before, after []metav1.Condition) {
	for _, w := range watched {
		old := meta.FindStatusCondition(before, w.typ)
		cur := meta.FindStatusCondition(after, w.typ)
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
			continue
		}
		rec.Eventf(obj, nil, eventType, cur.Reason, action, "%s", cur.Message)
	}
}
