package controllers

import (
	"cmp"
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
		reason, msg := retryCondition(obj.Status.Conditions, o.err, now)
		if !retrying(obj.Status.Conditions) {
			// The failures start now: Ready's transition time is when they began, even when
			// Ready was False already (a partial run).
			c.remove(pimv1alpha1.ConditionReady)
		}
		c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, reason, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, reason, msg)
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
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded, readyMessage(r, o.catalogue))
		c.remove(pimv1alpha1.ConditionReconciling)
		c.remove(pimv1alpha1.ConditionStalled)
	}
	if r != nil && r.Result != report.ResultFailed {
		// A run that failed before reading anything has nothing to say about the catalogue:
		// the domain conditions keep describing the last run that did.
		setDomainConditions(c, r, o.catalogue, obj.Spec.Drift.Mode)
	}
	setLedgerCondition(c, o.ledger)
}

// setLedgerCondition says whether the run found the ledger whole, or had to rebuild it.
func setLedgerCondition(c conditionSetter, l ledgerOutcome) {
	switch {
	case !l.loaded:
		return
	case l.rebuilding:
		reason := pimv1alpha1.ReasonLedgerDamaged
		if l.health.Missing {
			reason = pimv1alpha1.ReasonLedgerMissing
		}
		c.set(pimv1alpha1.ConditionLedgerRebuilt, metav1.ConditionTrue, reason, l.health.Message+
			"; this run read the whole Plytix scope again to rebuild it, and wrote only what the watermark would have")
	case l.committed != nil:
		c.set(pimv1alpha1.ConditionLedgerRebuilt, metav1.ConditionFalse, pimv1alpha1.ReasonLedgerIntact, fmt.Sprintf(
			"The ledger holds %s in ConfigMap %s and %s (%s KiB compressed)", plural(int64(l.committed.Records), "product", "products"),
			l.headName, plural(int64(l.committed.Chunks), "chunk", "chunks"), formatCount((l.committed.StoredBytes+1023)/1024)))
	}
}

// OutageAfter is how long runs may fail with transient errors before the sync says an outage is
// ongoing (reason OutageOngoing, Degraded in Argo CD), so that rollouts stop on an outage as
// they do on a stall; shorter blips stay ProgressingWithRetry.
const OutageAfter = 30 * time.Minute

// retryCondition words a transient failure: ProgressingWithRetry, or OutageOngoing once the
// failures have lasted OutageAfter. The failures began when Ready last turned to a retry
// reason; a stretch of them is cut short by any other outcome.
func retryCondition(conditions []metav1.Condition, err error, now time.Time) (string, string) {
	msg := "Retrying after an error: " + err.Error()
	if !retrying(conditions) {
		return pimv1alpha1.ReasonProgressingRetry, msg
	}
	ready := meta.FindStatusCondition(conditions, pimv1alpha1.ConditionReady)
	if since := now.Sub(ready.LastTransitionTime.Time); since >= OutageAfter {
		return pimv1alpha1.ReasonOutageOngoing, fmt.Sprintf("Runs have failed for %s; retrying after an error: %s", since.Round(time.Minute), err.Error())
	}
	return pimv1alpha1.ReasonProgressingRetry, msg
}

// retrying reports whether the last reconcile ended in a transient failure too.
func retrying(conditions []metav1.Condition) bool {
	ready := meta.FindStatusCondition(conditions, pimv1alpha1.ConditionReady)
	return ready != nil && (ready.Reason == pimv1alpha1.ReasonProgressingRetry || ready.Reason == pimv1alpha1.ReasonOutageOngoing)
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
}

func (c conditionSetter) set(typ string, status metav1.ConditionStatus, reason, message string) {
	meta.SetStatusCondition(c.conditions, metav1.Condition{
		Type: typ, Status: status, Reason: reason, Message: shortenTo(message, 4096),
		ObservedGeneration: c.generation, LastTransitionTime: c.now,
	})
}

func (c conditionSetter) remove(typ string) { meta.RemoveStatusCondition(c.conditions, typ) }

// setDomainConditions sets the conditions about the catalogue from the ledger's view of it
// (a delta run that read three clean products says nothing of the others), and those about the
// run (its Plytix answer, its quota) from the run.
func setDomainConditions(c conditionSetter, r, catalogue *report.Report, driftMode pimv1alpha1.DriftMode) {
	if catalogue != nil {
		setCatalogueConditions(c, r, catalogue, driftMode)
	}
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

// setCatalogueConditions says what the catalogue holds: blocked products, failing values and
// hand edits (and, for the drift corrected, what the run did).
func setCatalogueConditions(c conditionSetter, run, r *report.Report, driftMode pimv1alpha1.DriftMode) {
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
	setDriftCondition(c, run, r, driftMode)
}

// setDriftCondition reports the hand edits left in Centra, which the catalogue counts; the run
// says which it corrected.
func setDriftCondition(c conditionSetter, run, r *report.Report, mode pimv1alpha1.DriftMode) {
	skus, counts := driftedSKUs(r)
	corrected, correctedCounts := driftedSKUs(run)
	switch {
	case mode == pimv1alpha1.DriftModeDisabled:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonNoDrift, "Drift detection is disabled")
	case skus == 0 && corrected > 0 && mode == pimv1alpha1.DriftModeEnforce && run.Mode == string(pimv1alpha1.SyncModeApply):
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonDriftCorrected,
			fmt.Sprintf("Corrected hand edits in Centra on %s: %s", plural(corrected, "SKU", "SKUs"), countPhrase(correctedCounts, 5)))
	case skus == 0:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonNoDrift, "Centra matches Plytix")
	default:
		c.set(pimv1alpha1.ConditionDrifted, metav1.ConditionTrue, pimv1alpha1.ReasonDriftDetected,
			fmt.Sprintf("Centra was edited by hand on %s: %s (drift mode %s leaves Centra as it is)",
				plural(skus, "SKU", "SKUs"), countPhrase(counts, 5), mode))
	}
}

// driftedSKUs counts the drifted SKUs of a report, in all and by attribute target.
func driftedSKUs(r *report.Report) (int64, map[string]int64) {
	var skus int64
	counts := map[string]int64{}
	for _, row := range r.Attributes() {
		if row.Drifted > 0 {
			skus += row.Drifted
			counts[row.Name] = row.Drifted
		}
	}
	return skus, counts
}

// readyMessage summarises a finished run and the catalogue after it: what is in sync and what
// needs attention.
func readyMessage(run, catalogue *report.Report) string {
	c := cmp.Or(catalogue, run)
	var parts []string
	switch run.Mode {
	case string(pimv1alpha1.SyncModePlan):
		parts = append(parts, fmt.Sprintf("Plan: %s to write (%s); nothing written in mode Plan",
			plural(run.PlanTotal, "product", "products"), countPhrase(run.PlanByAction, 5)))
		if run.PlanTotal == 0 {
			parts[0] = "Plan: nothing to write; Centra matches Plytix"
		}
	case string(pimv1alpha1.SyncModeObserve):
		parts = append(parts, fmt.Sprintf("Observed %s; %s in sync", plural(run.Products.Seen, "product", "products"), formatCount(run.InSync)))
	case string(pimv1alpha1.SyncModeApply), "":
		if !run.FullSync {
			// What the delta read, then the catalogue: "3 products in sync" of a 10,000-product
			// catalogue would mislead.
			parts = append(parts, fmt.Sprintf("Delta run read %s changed in Plytix or Centra; %s of %s in sync",
				plural(run.Products.Seen, "product", "products"), formatCount(c.InSync), plural(c.Products.Seen, "product", "products")))
			break
		}
		parts = append(parts, fmt.Sprintf("%s in sync", plural(c.InSync, "product", "products")))
	}
	if c.Products.Blocked > 0 {
		parts = append(parts, fmt.Sprintf("%s blocked", formatCount(c.Products.Blocked)))
	}
	if c.Products.Pending > 0 && run.Mode != string(pimv1alpha1.SyncModePlan) {
		parts = append(parts, fmt.Sprintf("%s pending", formatCount(c.Products.Pending)))
	}
	if _, failing := failingMessage(c); failing {
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
