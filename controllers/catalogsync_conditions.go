package controllers

import (
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// setConditions sets the kstatus conditions (Ready, Reconciling, Stalled) from the reconcile's
// error and the run's result, and the domain conditions from the run's report. Reconciling and
// Stalled are abnormal-true: they are removed, not set False, when they do not hold, as kstatus
// expects.
func setConditions(obj *pimv1alpha1.CatalogSync, o syncOutcome, now time.Time) {
	c := conditionSetter{conditions: &obj.Status.Conditions, generation: obj.Generation, now: metav1.NewTime(now)}
	r := o.report
	stalled, isStalled := syncerr.AsStalled(o.err)
	waiting, isWaiting := syncerr.AsWaiting(o.err)
	switch {
	case isStalled:
		c.set(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, stalled.Reason, stalled.Error())
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, stalled.Reason, stalled.Error())
		c.remove(pimv1alpha1.ConditionReconciling)
	case isWaiting:
		msg := fmt.Sprintf("Waiting %s: %s", waiting.RetryAfter.Round(time.Second), waiting.Error())
		if waiting.RetryAfter >= retry.MaxRetryAfter {
			msg = fmt.Sprintf("Waiting %s, the longest the operator waits (the server asked for at least as long): %s",
				retry.MaxRetryAfter, waiting.Error())
		}
		c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, waiting.Reason, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, waiting.Reason, msg)
		c.remove(pimv1alpha1.ConditionStalled)
	case o.err != nil:
		msg := "Retrying after an error: " + o.err.Error()
		c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressingRetry, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonProgressingRetry, msg)
		c.remove(pimv1alpha1.ConditionStalled)
	case r != nil && r.Result == report.ResultPartial:
		msg := partialMessage(r)
		c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonPartialRun, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonPartialRun, msg)
		c.remove(pimv1alpha1.ConditionStalled)
	case r != nil && r.Suspect != nil:
		// Everything else of the run went through, but the catalogue's edge (what is gone from
		// Plytix) is unknown until a human looks: not Ready, and not a stall either.
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, r.Suspect.Reason, r.Suspect.Message)
		c.remove(pimv1alpha1.ConditionReconciling)
		c.remove(pimv1alpha1.ConditionStalled)
	case r != nil:
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded, readyMessage(r))
		c.remove(pimv1alpha1.ConditionReconciling)
		c.remove(pimv1alpha1.ConditionStalled)
	}
	if r != nil && r.Result != report.ResultFailed {
		// A run that failed before reading anything has nothing to say about the catalogue:
		// the domain conditions keep describing the last run that did.
		setDomainConditions(c, r, obj.Spec.Drift.Mode)
	}
}

// suspendedStatus records a suspended CatalogSync's generation as observed and says so in Ready,
// without a run. What the spec asks, that nothing runs, is done: Ready is True (kstatus reads
// Current, kubectl wait returns) with reason Suspended, whose message says nothing is applied.
// It reports whether the status changed.
func suspendedStatus(obj *pimv1alpha1.CatalogSync, now time.Time) bool {
	ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady)
	if obj.Status.ObservedGeneration == obj.Generation && ready != nil && ready.Reason == pimv1alpha1.ReasonSuspended &&
		ready.ObservedGeneration == obj.Generation && meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReconciling) == nil &&
		meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionStalled) == nil {
		return false
	}
	c := conditionSetter{conditions: &obj.Status.Conditions, generation: obj.Generation, now: metav1.NewTime(now)}
	c.set(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSuspended,
		"Sync runs are suspended (spec.suspend is true): nothing is read or written until it is false")
	// Nothing is in progress, and a stall of an earlier spec is not this one's: a resumed sync
	// finds out again.
	c.remove(pimv1alpha1.ConditionReconciling)
	c.remove(pimv1alpha1.ConditionStalled)
	obj.Status.ObservedGeneration = obj.Generation
	return true
}

type conditionSetter struct {
	conditions *[]metav1.Condition
	generation int64
	now        metav1.Time
	onlyRaise  bool
}

func (c conditionSetter) set(typ string, status metav1.ConditionStatus, reason, message string) {
	if c.onlyRaise {
		if old := meta.FindStatusCondition(*c.conditions, typ); old != nil && (old.Status == metav1.ConditionTrue || status != metav1.ConditionTrue) {
			old.ObservedGeneration = c.generation
			return
		}
	}
	meta.SetStatusCondition(c.conditions, metav1.Condition{
		Type: typ, Status: status, Reason: reason, Message: shortenTo(message, 4096),
		ObservedGeneration: c.generation, LastTransitionTime: c.now,
	})
}

func (c conditionSetter) remove(typ string) { meta.RemoveStatusCondition(c.conditions, typ) }

// raiseOnly returns a setter for the domain conditions of a delta run: it sets a condition True
// only where it is not True already (keeping the full pass's fuller message), and leaves a True
// condition in place rather than clearing it.
func (c conditionSetter) raiseOnly() conditionSetter {
	c.onlyRaise = true
	return c
}

func setDomainConditions(c conditionSetter, r *report.Report, driftMode pimv1alpha1.DriftMode) {
	catalogue := c
	if !r.FullSync {
		// A delta reads only the changed products: it can find a problem, but "none left" is
		// only a full pass's to say.
		catalogue = c.raiseOnly()
	}
	setCatalogueConditions(catalogue, r, driftMode)
	switch {
	case r.Suspect != nil:
		c.set(pimv1alpha1.ConditionSourceSuspect, metav1.ConditionTrue, r.Suspect.Reason, r.Suspect.Message)
	case r.FullSync:
		c.set(pimv1alpha1.ConditionSourceSuspect, metav1.ConditionFalse, pimv1alpha1.ReasonSourceSound, "The last full pass's Plytix answer looked sound")
	}
	if !r.Progress.ResumeAt.IsZero() {
		c.set(pimv1alpha1.ConditionBudgetExhausted, metav1.ConditionTrue, pimv1alpha1.ReasonQuotaExhausted, partialMessage(r))
	} else {
		c.set(pimv1alpha1.ConditionBudgetExhausted, metav1.ConditionFalse, pimv1alpha1.ReasonQuotaAvailable, "The run finished within the API quotas")
	}
}

// setCatalogueConditions says what the run found in the catalogue: blocked products, failing
// values and hand edits.
func setCatalogueConditions(c conditionSetter, r *report.Report, driftMode pimv1alpha1.DriftMode) {
	if r.Products.Blocked > 0 {
		c.set(pimv1alpha1.ConditionDataGaps, metav1.ConditionTrue, pimv1alpha1.ReasonProductsBlocked, blockedMessage(r))
	} else {
		c.set(pimv1alpha1.ConditionDataGaps, metav1.ConditionFalse, pimv1alpha1.ReasonNoDataGaps, "Every product in scope passes the gates")
	}
	if msg, failing := failingMessage(r); failing {
		c.set(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionTrue, pimv1alpha1.ReasonAttributesRejected, msg)
	} else {
		c.set(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, pimv1alpha1.ReasonNoFailures, "Every mapped value was written or is unchanged")
	}
	setDriftCondition(c, r, driftMode)
}

func setDriftCondition(c conditionSetter, r *report.Report, mode pimv1alpha1.DriftMode) {
	var skus int64
	counts := map[string]int64{}
	for _, row := range r.Attributes() {
		if row.Drifted > 0 {
			skus += row.Drifted
			counts[row.Name] = row.Drifted
		}
	}
	switch {
	case mode == pimv1alpha1.DriftModeDisabled:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonNoDrift, "Drift detection is disabled")
	case skus == 0:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonNoDrift, "Centra matches Plytix")
	case mode == pimv1alpha1.DriftModeEnforce && r.Mode == string(pimv1alpha1.SyncModeApply):
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonDriftCorrected,
			fmt.Sprintf("Corrected hand edits in Centra on %s: %s", plural(skus, "SKU", "SKUs"), countPhrase(counts, 5)))
	default:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionTrue, pimv1alpha1.ReasonDriftDetected,
			fmt.Sprintf("Centra was edited by hand on %s: %s (drift mode %s leaves Centra as it is)",
				plural(skus, "SKU", "SKUs"), countPhrase(counts, 5), mode))
	}
}

// readyMessage summarises a finished run: what is in sync and what needs attention.
func readyMessage(r *report.Report) string {
	var parts []string
	switch r.Mode {
	case string(pimv1alpha1.SyncModePlan):
		parts = append(parts, fmt.Sprintf("Plan: %s to write (%s); nothing written in mode Plan",
			plural(r.PlanTotal, "product", "products"), countPhrase(r.PlanByAction, 5)))
		if r.PlanTotal == 0 {
			parts[0] = "Plan: nothing to write; Centra matches Plytix"
		}
	case string(pimv1alpha1.SyncModeObserve):
		parts = append(parts, fmt.Sprintf("Observed %s; %s in sync", plural(r.Products.Seen, "product", "products"), formatCount(r.InSync)))
	case string(pimv1alpha1.SyncModeApply), "":
		if !r.FullSync {
			// The counts cover only what changed; saying "3 products in sync" of a 10,000
			// product catalogue would mislead.
			parts = append(parts, fmt.Sprintf("Delta run: read %s changed in Plytix or Centra, %s in sync",
				plural(r.Products.Seen, "product", "products"), formatCount(r.InSync)))
			break
		}
		parts = append(parts, fmt.Sprintf("%s in sync", plural(r.InSync, "product", "products")))
	}
	if r.Products.Blocked > 0 {
		parts = append(parts, fmt.Sprintf("%s blocked", formatCount(r.Products.Blocked)))
	}
	if _, failing := failingMessage(r); failing {
		parts = append(parts, "attributes failing")
	}
	return strings.Join(parts, "; ")
}

// blockedMessage reads "19 products blocked: 12 missing material_composition, 7 brand 'Castore
// Kids' not mapped".
func blockedMessage(r *report.Report) string {
	return fmt.Sprintf("%s blocked: %s", plural(r.Products.Blocked, "product", "products"), countPhrase(r.BlockedBy, 5))
}

// failingMessage names the attributes whose values failed, with the last error of the worst.
func failingMessage(r *report.Report) (string, bool) {
	counts := map[string]int64{}
	var worst report.AttributeRow
	for _, row := range r.Attributes() {
		if row.Failed > 0 {
			counts[row.Name] = row.Failed
			if row.Failed > worst.Failed {
				worst = row
			}
		}
	}
	if len(counts) == 0 && r.Products.Failed == 0 {
		return "", false
	}
	var parts []string
	if r.Products.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%s could not be written", plural(r.Products.Failed, "product", "products")))
	}
	if len(counts) > 0 {
		parts = append(parts, fmt.Sprintf("failing values by SKU: %s; last error on %s: %s", countPhrase(counts, 5), worst.Name, worst.LastError))
	}
	return strings.Join(parts, "; "), true
}

// partialMessage reads "Centra mutation quota exhausted: 312 of 10,000 products applied; resumes
// at 14:03 UTC, about 9h40m for the rest at the current quota".
func partialMessage(r *report.Report) string {
	p := r.Progress
	msg := p.Message
	if msg == "" {
		msg = "Stopped before the end of the run"
	}
	msg += fmt.Sprintf(": %s of %s products applied", formatCount(p.Done), formatCount(p.Done+p.Remaining))
	if !p.ResumeAt.IsZero() {
		msg += "; resumes at " + p.ResumeAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	if !p.ETA.IsZero() {
		msg += "; all done by about " + p.ETA.UTC().Format("2006-01-02 15:04 UTC") + " at the current quota"
	}
	return msg
}

// formatCount writes 1820 as 1,820.
func formatCount(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
