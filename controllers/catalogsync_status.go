package controllers

import (
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// syncOutcome is what one reconcile of a CatalogSync found and did; the status is computed from
// it by the pure functions below, which table tests cover without a cluster.
type syncOutcome struct {
	// ran is true when a sync run happened in this reconcile.
	ran bool
	// report is the run's report; nil when no run happened.
	report *report.Report
	// err is the reconcile's error, typed with syncerr.
	err error
	// inputsDigest identifies the inputs the run used.
	inputsDigest string
	// requestedAt is the reconcile-request annotation this reconcile answered.
	requestedAt string
	// mappings are the AttributeMappings the run used.
	mappings []pimv1alpha1.ObservedMapping
	// credentials are the values read for the run, scrubbed from the status.
	credentials []secret.Value
	// catalogue is the whole catalogue as the ledger knows it after the run (nil when no run
	// got far enough to update it); status counts, attribute rows, failures and the domain
	// conditions come from it, never from the run's report alone.
	catalogue *report.Report
	// ledger is what the run found of the stored ledger, and what it committed.
	ledger ledgerOutcome
}

// ledgerOutcome is what happened to the stored ledger in one reconcile.
type ledgerOutcome struct {
	// health is what loading found; loaded is false when it was not loaded at all.
	health ledger.Health
	loaded bool
	// rebuilding is set when a CatalogSync that ran before found its ledger missing or damaged.
	rebuilding bool
	// committed describes the new generation, when one was committed.
	committed *ledger.Stats
	headName  string
}

// applyOutcome writes a reconcile's outcome into the status: run results when a run happened,
// then every condition. observedGeneration advances only when the spec was acted on.
func applyOutcome(obj *pimv1alpha1.CatalogSync, o syncOutcome, now time.Time) {
	st := &obj.Status
	if o.requestedAt != "" {
		st.LastHandledReconcileAt = o.requestedAt
	}
	switch {
	case o.ran && o.report != nil && o.report.Result == report.ResultFailed:
		// A run that failed before reading anything keeps the last run's numbers; its
		// mapping problems are what the AttributeMappings report.
		st.MappingProblems = problemList(o.report)
		st.History = prependRun(st.History, runRecord(o.report))
		st.InputsDigest, st.ObservedMappings = o.inputsDigest, o.mappings
	case o.ran && o.report != nil:
		lastFullSync, scope := st.LastFullSyncTime, st.ScopeProducts
		applyReport(st, o.report)
		if o.catalogue != nil {
			applyCatalogue(st, o.catalogue, o.ledger)
		}
		if o.err != nil {
			// A run that ended in an error (a stall, an outage) was no complete full pass,
			// whatever its report counted: the next one must still read the whole scope.
			st.LastFullSyncTime, st.ScopeProducts = lastFullSync, scope
		}
		st.InputsDigest, st.ObservedMappings = o.inputsDigest, o.mappings
	}
	_, stalled := syncerr.AsStalled(o.err)
	if stalled {
		// A stall waits for new inputs: remember which inputs stalled, so runDue can tell. A
		// stall before the inputs could be read (a Secret or mapping missing) has none, which
		// clears the digest: once they are back, even exactly as before, a run is due.
		st.InputsDigest = o.inputsDigest
	}
	setConditions(obj, o, now)
	if o.err == nil || stalled {
		// A stalled spec has been observed too: the status describes it, and waiting for a
		// new generation is what the user should do.
		st.ObservedGeneration = obj.Generation
	}
}

// applyReport copies a run's report into the status, within the API's caps.
func applyReport(st *pimv1alpha1.CatalogSyncStatus, r *report.Report) {
	finished := metav1.NewTime(r.FinishedAt)
	st.LastSyncTime = &finished
	if r.FullSync && r.Result == report.ResultSucceeded && r.Suspect == nil {
		st.LastFullSyncTime = &finished
		if r.Scope > 0 {
			st.ScopeProducts = r.Scope
		}
	}
	if !r.Watermark.IsZero() {
		w := metav1.NewTime(r.Watermark)
		st.Watermark = &w
	}
	if r.Revision != "" {
		st.LastAppliedRevision = r.Revision
	}
	st.LastRun = &pimv1alpha1.SyncSummary{
		ProductsInSync: r.InSync, ProductsBlocked: r.Products.Blocked,
		Products: outcomeCounts(r.Products), SKUs: outcomeCounts(r.SKUs),
		PlytixRequests: r.PlytixRequests, CentraRequests: r.CentraRequests, CentraMutations: r.CentraMutations,
		FullSync: r.FullSync,
	}
	st.Plan = planSummary(r)
	st.MappingProblems = problemList(r)
	st.Budgets = budgetStatuses(r.Budgets)
	st.Progress = progress(r)
	st.History = prependRun(st.History, runRecord(r))
}

// prependRun puts the newest run first and keeps the last few.
func prependRun(history []pimv1alpha1.RunRecord, run pimv1alpha1.RunRecord) []pimv1alpha1.RunRecord {
	history = append([]pimv1alpha1.RunRecord{run}, history...)
	return history[:min(len(history), pimv1alpha1.MaxRunHistory)]
}

func outcomeCounts(c report.Counts) pimv1alpha1.OutcomeCounts {
	return pimv1alpha1.OutcomeCounts{
		Seen: c.Seen, Created: c.Created, Updated: c.Updated, Unchanged: c.Unchanged,
		Drifted: c.Drifted, Blocked: c.Blocked, Failed: c.Failed, Orphaned: c.Orphaned,
	}
}

// attributeStatuses keeps each row's last error to 256 bytes: with 128 rows that is what keeps a
// worst-case status (every SKU of a 100k catalogue failing) near 200 KiB.
func attributeStatuses(rows []report.AttributeRow) []pimv1alpha1.AttributeStatus {
	out := make([]pimv1alpha1.AttributeStatus, 0, min(len(rows), pimv1alpha1.MaxStatusAttributes))
	for _, row := range rows {
		if len(out) == pimv1alpha1.MaxStatusAttributes {
			break
		}
		out = append(out, pimv1alpha1.AttributeStatus{
			Name: row.Name, Source: row.Source, Synced: row.Synced, Missing: row.Missing, Failed: row.Failed,
			Drifted: row.Drifted, Pending: row.Pending, LastError: shorten(row.LastError), SampleSKUs: row.SampleSKUs,
		})
	}
	return out
}

func failureList(r *report.Report) *pimv1alpha1.FailureList {
	if r.FailuresTotal == 0 {
		return nil
	}
	items, truncated := r.Failures()
	list := &pimv1alpha1.FailureList{Total: r.FailuresTotal, Truncated: truncated, ByReason: reasonCounts(r.FailuresByReason, 32)}
	for _, f := range items {
		list.Items = append(list.Items, pimv1alpha1.Failure{SKU: f.SKU, Attribute: f.Attribute, Reason: f.Reason, Message: f.Message})
	}
	return list
}

// applyCatalogue writes what describes the whole catalogue: its counts, one row per attribute
// target and the failures, all from the ledger, so a delta run that read three products
// reports the catalogue as it is, not those three.
func applyCatalogue(st *pimv1alpha1.CatalogSyncStatus, c *report.Report, l ledgerOutcome) {
	st.Catalogue = &pimv1alpha1.CatalogueSummary{Products: stateCounts(c.Products, c.InSync), SKUs: stateCounts(c.SKUs, c.SKUs.Unchanged)}
	if l.committed != nil {
		st.Catalogue.Ledger = &pimv1alpha1.LedgerStatus{ConfigMap: l.headName, Generation: l.committed.Generation,
			Records: int64(l.committed.Records), Chunks: int64(l.committed.Chunks), StoredBytes: l.committed.StoredBytes}
	}
	st.Attributes = attributeStatuses(c.Attributes())
	st.Failures = failureList(c)
}

// stateCounts reads the catalogue counts of ledger.Catalogue: Seen is the size of the scope,
// Unchanged the products in sync, Failed the failing ones.
func stateCounts(c report.Counts, inSync int64) pimv1alpha1.StateCounts {
	return pimv1alpha1.StateCounts{Total: c.Seen, InSync: inSync, Pending: c.Pending, Blocked: c.Blocked, Failing: c.Failed,
		Drifted: c.Drifted, Orphaned: c.Orphaned}
}

func planSummary(r *report.Report) *pimv1alpha1.PlanSummary {
	if r.PlanTotal == 0 {
		return nil
	}
	sample := r.PlanSample()
	s := &pimv1alpha1.PlanSummary{Total: r.PlanTotal, Truncated: r.PlanTotal > int64(len(sample)), ByAction: reasonCounts(r.PlanByAction, 8)}
	for _, p := range sample {
		planned := pimv1alpha1.PlannedProduct{ProductNumber: p.ProductNumber, Action: p.Action}
		for _, c := range p.Changes {
			planned.Changes = append(planned.Changes, pimv1alpha1.PlannedChange{
				Target: c.Target, Object: shorten(c.Object), From: shorten(c.From), To: shorten(c.To),
			})
		}
		s.Products = append(s.Products, planned)
	}
	return s
}

func problemList(r *report.Report) *pimv1alpha1.ProblemList {
	if r.ProblemsTotal == 0 {
		return nil
	}
	problems := r.Problems()
	list := &pimv1alpha1.ProblemList{Total: r.ProblemsTotal, Truncated: r.ProblemsTotal > int64(len(problems))}
	for _, p := range problems {
		list.Items = append(list.Items, pimv1alpha1.MappingProblem{Type: p.Type, Field: p.Field, Message: p.Message, Mapping: p.Mapping})
	}
	return list
}

func budgetStatuses(budgets []report.BudgetState) []pimv1alpha1.BudgetStatus {
	var out []pimv1alpha1.BudgetStatus
	for _, b := range budgets {
		out = append(out, pimv1alpha1.BudgetStatus{
			System: b.System, Bucket: b.Bucket, RemainingPer10Seconds: b.RemainingPer10Seconds,
			RemainingPerHour: b.RemainingPerHour, LimitPerHour: b.LimitPerHour,
		})
	}
	return out
}

func progress(r *report.Report) *pimv1alpha1.SyncProgress {
	p := r.Progress
	if p.Remaining == 0 && r.Result != report.ResultPartial {
		return nil
	}
	out := &pimv1alpha1.SyncProgress{Done: p.Done, Remaining: p.Remaining, Message: shortenTo(p.Message, 1024)}
	if !p.ETA.IsZero() {
		eta := metav1.NewTime(p.ETA)
		out.ETA = &eta
	}
	if !p.ResumeAt.IsZero() {
		resume := metav1.NewTime(p.ResumeAt)
		out.ResumeAt = &resume
	}
	return out
}

func runRecord(r *report.Report) pimv1alpha1.RunRecord {
	finished := metav1.NewTime(r.FinishedAt)
	return pimv1alpha1.RunRecord{
		StartedAt: metav1.NewTime(r.StartedAt), FinishedAt: &finished, Mode: pimv1alpha1.SyncMode(r.Mode), FullSync: r.FullSync,
		Result: string(r.Result), Created: r.Products.Created, Updated: r.Products.Updated, Blocked: r.Products.Blocked,
		Failed: r.Products.Failed, Mutations: r.CentraMutations, Message: shortenTo(r.Message, 1024),
	}
}

// reasonCounts sorts counts by size (then name) and keeps the first limit.
func reasonCounts(counts map[string]int64, limit int) []pimv1alpha1.ReasonCount {
	out := make([]pimv1alpha1.ReasonCount, 0, len(counts))
	for reason, n := range counts {
		out = append(out, pimv1alpha1.ReasonCount{Reason: shortenTo(reason, 64), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func shorten(s string) string { return shortenTo(s, 256) }

func shortenTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

// countPhrase renders "12 missing material_composition, 7 brand 'Castore Kids' not mapped",
// biggest first, at most limit phrases.
func countPhrase(counts map[string]int64, limit int) string {
	rc := reasonCounts(counts, limit)
	parts := make([]string, 0, len(rc))
	for _, c := range rc {
		parts = append(parts, formatCount(c.Count)+" "+c.Reason)
	}
	if len(counts) > limit {
		parts = append(parts, "…")
	}
	return strings.Join(parts, ", ")
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatCount(n) + " " + many
}
