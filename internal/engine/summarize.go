package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// summarize turns the run's items into the report: counts, attribute rows, failures, the plan
// and the watermark. Nothing here talks to an API.
func (r *run) summarize() {
	rep := r.rep
	var pending, pendingMutations int64
	for _, it := range r.items {
		if r.record(it) {
			pending++
			pendingMutations += estimatedMutations(it)
		}
	}
	if r.full && rep.Suspect == nil {
		// A sound full pass saw the whole scope: what it did not see is gone from it.
		for _, sku := range r.unreadable {
			r.book.Touch(ledger.Key(sku))
		}
		r.book.DropUnseen()
	}
	rep.PlytixRequests, rep.CentraRequests, rep.CentraMutations = r.src.Requests(), r.dst.Requests(), r.dst.Mutations()
	rep.Budgets = append([]report.BudgetState{report.BudgetStateOf("Plytix", "requests", r.src.Budget())}, r.dst.Budgets()...)
	rep.Watermark = r.watermark()
	r.book.Pass = ledger.Pass{Watermark: rep.Watermark, Full: rep.FullSync, Revision: r.mapping.Revision}
	rep.FinishedAt = r.now()
	mode := orMode(r.req.Spec.Mode)
	pending += r.deferred
	pendingMutations += 2 * r.deferred
	if mode == pimv1alpha1.SyncModeApply && pending > 0 {
		rep.Result = report.ResultPartial
		rep.Progress = report.Progress{Done: rep.InSync, Remaining: pending, ETA: r.eta(pendingMutations), ResumeAt: r.resumeAt,
			Message: r.stopMessage(), Deadline: r.deadline}
	}
	// The watermark and the revision go together: everything modified up to the watermark has
	// been applied with this mapping. That holds after an Apply run that read the whole scope
	// (even one a quota stopped: what it did not apply lies after the watermark), or after one
	// whose mapping did not change. Plan and Observe apply nothing.
	rep.Revision = r.req.LastRevision
	if mode == pimv1alpha1.SyncModeApply && (r.rep.FullSync || r.req.LastRevision == r.mapping.Revision) {
		rep.Revision = r.mapping.Revision
	}
	rep.Message = r.message()
}

// record counts one item in the report and writes its ledger record, and reports whether a
// write of it is left for the next run.
func (r *run) record(it *item) bool {
	entry := r.newRecord(it)
	r.out = sink{rep: r.rep, entry: entry}
	pending := r.recordItem(it)
	r.settle(it, entry)
	if it.orphan {
		r.book.Put(ledger.OrphanKey(it.built.ProductNumber), entry)
	} else {
		r.book.Put(ledger.Key(it.family.Parent.SKU), entry)
	}
	return pending
}

// recordItem counts one item and reports whether a write of it is left for the next run.
func (r *run) recordItem(it *item) bool {
	rep := r.rep
	skus := int64(len(it.built.SKUs))
	if it.orphan {
		rep.Products.Orphaned++
		r.recordPlan(it)
		return r.recordDeactivation(it, it.built.ProductNumber, true)
	}
	rep.Products.Seen++
	rep.SKUs.Seen += skus
	if it.built.Blocked() {
		r.recordBlocked(it)
		return r.recordDeactivation(it, it.family.Parent.SKU, false)
	}
	r.recordFailures(it, it.built.Failures)
	if it.pending() {
		r.recordPlan(it)
	}
	r.recordProduct(it, skus)
	r.recordAttributes(it)
	return it.pending()
}

// recordDeactivation counts the planned deactivation of an orphaned or blocked product and
// reports whether it is left for the next run: pending like any write (the run is Partial and
// says so), failed with Centra's reason when refused, an update of the orphan when done. A
// blocked product stays counted as blocked whatever happened to its display.
func (r *run) recordDeactivation(it *item, sku string, orphan bool) bool {
	if it.decision.Action != plan.ActionDeactivate {
		return false
	}
	rep, res := r.rep, it.result
	switch {
	case it.pending():
		rep.Products.Pending++
		return true
	case res.Err != nil || len(res.Failed) > 0:
		if orphan {
			rep.Products.Failed++
		}
		r.recordWriteFailures(sku, res)
	case orphan:
		rep.Products.Updated++
	}
	return false
}

// recordWriteFailures lists what Centra refused of a write, or could not be expressed.
func (r *run) recordWriteFailures(sku string, res plan.WriteResult) {
	if res.Err != nil {
		r.out.Fail(report.Failure{SKU: sku, Reason: pimv1alpha1.FailureCentraRejected, Message: res.Err.Error()})
	}
	for _, f := range res.Failed {
		r.out.Fail(report.Failure{SKU: sku, Attribute: f.Change.Target(), Reason: cmp.Or(f.Reason, pimv1alpha1.FailureCentraRejected), Message: f.Message})
	}
}

func (r *run) stopMessage() string {
	var exhausted *budget.ExhaustedError
	switch {
	case r.stopped == nil && r.deferred > 0:
		return fmt.Sprintf("Centra mutation quota: %d more products wait for the next hours' quota", r.deferred)
	case r.stopped == nil:
		return "Stopped before the end of the plan"
	case errors.As(r.stopped, &exhausted):
		return quotaName(exhausted.Name) + " exhausted"
	case errors.Is(r.stopped, context.DeadlineExceeded):
		return "The run reached spec.timeout"
	case errors.Is(r.stopped, context.Canceled):
		return "The operator stopped mid-run"
	}
	return "Stopped by an error: " + r.stopped.Error()
}

// quotaName names a budget as people call it.
func quotaName(limiter string) string {
	switch limiter {
	case centra.KindMutations:
		return "Centra mutation quota"
	case centra.KindRequests:
		return "Centra request quota"
	case centra.KindComplexity:
		return "Centra query-complexity quota"
	}
	return "Plytix request quota"
}

func (r *run) message() string {
	rep := r.rep
	kind := "Delta"
	if rep.FullSync {
		kind = "Full pass"
	}
	return fmt.Sprintf("%s: %d products in sync, %d created, %d updated, %d blocked, %d failed, %d drifted; %d Centra mutations",
		kind, rep.InSync, rep.Products.Created, rep.Products.Updated, rep.Products.Blocked, rep.Products.Failed, rep.Products.Drifted,
		rep.CentraMutations)
}

func (r *run) recordBlocked(it *item) {
	rep := r.rep
	skus := int64(len(it.built.SKUs))
	rep.Products.Blocked++
	rep.SKUs.Blocked += skus
	failures := append(append([]mapping.Failure(nil), it.extra...), it.built.Failures...)
	for _, f := range failures {
		if f.Blocking {
			r.out.Blocked(blockedPhrase(f))
			break
		}
	}
	r.recordFailures(it, failures)
	for _, o := range it.built.Outcomes {
		switch o.State {
		case mapping.OutcomeMissing:
			r.out.Attribute(o.Target, o.Source, report.AttributeMissing, o.SKUs, "")
		case mapping.OutcomeFailed:
			r.out.Attribute(o.Target, o.Source, report.AttributeFailed, o.SKUs, o.Err)
		}
	}
	if it.decision.Action == plan.ActionDeactivate {
		r.recordPlan(it)
	}
}

// blockedPhrase names what blocks a product, short enough for a condition message.
func blockedPhrase(f mapping.Failure) string {
	switch f.Reason {
	case pimv1alpha1.FailureMissingRequiredAttribute, pimv1alpha1.FailureMissingAxisValue:
		return "missing " + f.Attribute
	case pimv1alpha1.FailureBrandNotMapped:
		return fmt.Sprintf("brand '%s' not mapped", f.Value)
	case pimv1alpha1.FailureBrandNotInCentra:
		return fmt.Sprintf("brand '%s' not in Centra", f.Value)
	case pimv1alpha1.FailureBrandNotInStore:
		return fmt.Sprintf("brand '%s' not enabled in the store", f.Value)
	case pimv1alpha1.FailureMissingBrand:
		return "no brand"
	case pimv1alpha1.FailureCompletenessTooLow:
		return "below the completeness threshold"
	case pimv1alpha1.FailureStatusNotAllowed:
		return "Plytix status not allowed"
	case pimv1alpha1.FailureDuplicateAxisCombination:
		return "repeated colour and size"
	case pimv1alpha1.FailureSizeNotInChart:
		return "size not in the size chart"
	case pimv1alpha1.FailureSizeChartNotFound:
		return "size chart not in Centra"
	case pimv1alpha1.FailureSKUComposition:
		return "SKU not composable from the product number"
	case pimv1alpha1.FailureDuplicateSKU:
		return "duplicate SKU"
	case pimv1alpha1.FailureDuplicateInCentra:
		return "product number duplicated in Centra"
	case pimv1alpha1.FailureInvalidValue:
		return "invalid " + f.Attribute
	}
	return f.Reason
}

func (r *run) recordFailures(it *item, failures []mapping.Failure) {
	for _, f := range failures {
		r.out.Fail(report.Failure{SKU: f.SKU, Attribute: f.Attribute, Reason: f.Reason, Message: f.Message})
	}
}

// recordProduct counts a product by what happened to it.
func (r *run) recordProduct(it *item, skus int64) {
	rep := r.rep
	for _, c := range it.decision.Locked {
		r.out.Fail(report.Failure{SKU: it.family.Parent.SKU, Attribute: c.Target(), Reason: pimv1alpha1.FailureSizeChartLocked,
			Message: fmt.Sprintf("variant %s uses size chart %q in Centra, which cannot be changed to %q; recreate the variant in Centra",
				c.VariantNumber, c.From, c.To)})
	}
	if len(it.decision.Drift) > 0 {
		rep.Products.Drifted++
		rep.SKUs.Drifted += skus
	}
	res := it.result
	switch action := it.decision.Action; {
	case it.pending():
		rep.Products.Pending++
		rep.SKUs.Pending += skus
		r.recordWriteFailures(it.family.Parent.SKU, plan.WriteResult{Failed: res.Failed}) // why it waits, if known
	case action == plan.ActionUnchanged || action == plan.ActionDrifted:
		if action == plan.ActionUnchanged {
			rep.Products.Unchanged++
			rep.SKUs.Unchanged += skus
			rep.InSync++
		}
	case res.Err != nil || len(res.Failed) > 0:
		rep.Products.Failed++
		rep.SKUs.Failed += skus
		r.recordWriteFailures(it.family.Parent.SKU, res)
	case action == plan.ActionCreate && res.Created:
		rep.Products.Created++
		rep.SKUs.Created += skus
		rep.InSync++
	default:
		rep.Products.Updated++
		rep.SKUs.Updated += skus
		rep.InSync++
	}
}

// recordAttributes counts each rule's SKUs: synced when Centra has the value after the run,
// pending when the write is still to come, drifted when a hand edit was left in place, failed
// when the value could not be made or Centra rejected it.
func (r *run) recordAttributes(it *item) {
	planned := map[string]bool{}
	for _, c := range it.decision.Changes {
		planned[c.Target()] = true
	}
	drifted := map[string][]string{}
	for _, c := range it.decision.Drift {
		drifted[c.Target()] = append(drifted[c.Target()], c.SKUs...)
	}
	rejected := map[string]string{}
	for _, f := range it.result.Failed {
		rejected[f.Change.Target()] = f.Message
	}
	for _, o := range it.built.Outcomes {
		switch {
		case o.State == mapping.OutcomeMissing:
			r.out.Attribute(o.Target, o.Source, report.AttributeMissing, o.SKUs, "")
		case o.State == mapping.OutcomeFailed:
			r.out.Attribute(o.Target, o.Source, report.AttributeFailed, o.SKUs, o.Err)
		case rejected[o.Target] != "":
			r.out.Attribute(o.Target, o.Source, report.AttributeFailed, o.SKUs, rejected[o.Target])
		case len(drifted[o.Target]) > 0 && (!planned[o.Target] || it.pending()):
			// Left as it is (Warn), or to be corrected by a run that has not yet (Plan, Observe,
			// a quota): either way Centra differs from Plytix now.
			r.out.Attribute(o.Target, o.Source, report.AttributeDrifted, o.SKUs, "")
		case planned[o.Target] && (it.pending() || it.result.Err != nil):
			r.out.Attribute(o.Target, o.Source, report.AttributePending, o.SKUs, "")
		default:
			if len(drifted[o.Target]) > 0 {
				// Corrected in this run: news of the run, not a state of the catalogue.
				r.rep.Attribute(o.Target, o.Source, report.AttributeDrifted, o.SKUs, "")
			}
			r.out.Attribute(o.Target, o.Source, report.AttributeSynced, o.SKUs, "")
		}
	}
}

// recordPlan adds a product to the plan sample: in mode Plan every write, in mode Apply the
// writes left for the next run.
func (r *run) recordPlan(it *item) {
	if orMode(r.req.Spec.Mode) == pimv1alpha1.SyncModeObserve || !it.decision.Action.Writes() {
		return
	}
	if orMode(r.req.Spec.Mode) == pimv1alpha1.SyncModeApply && !it.pending() {
		return
	}
	p := report.PlannedProduct{ProductNumber: it.built.ProductNumber, Action: string(it.decision.Action)}
	for _, c := range it.decision.Changes {
		p.Changes = append(p.Changes, report.PlannedChange{Target: c.Target(), Object: c.Object(), From: c.From, To: c.To})
	}
	r.rep.Plan(p)
}

// watermark is the Plytix modification time up to which the run has read every change: the
// latest it read. It speaks only for what Plytix changed; what is still to write is the
// ledger's to remember, and the next runs read those families again by SKU
// (unfinishedInLedger), so a long load is never read twice. It never moves back.
func (r *run) watermark() time.Time {
	old := r.req.Watermark
	if orMode(r.req.Spec.Mode) != pimv1alpha1.SyncModeApply {
		return old
	}
	var latest time.Time
	for _, it := range r.items {
		if !it.orphan && it.lastModified.After(latest) {
			latest = it.lastModified
		}
	}
	if latest.Before(old) {
		return old
	}
	return latest
}
