package controllers

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

var statusNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func succeededReport() *report.Report {
	r := report.New("Apply", true, statusNow.Add(-time.Minute))
	r.FinishedAt = statusNow
	r.Products = report.Counts{Seen: 1839, Created: 20, Unchanged: 1800, Blocked: 19}
	r.InSync = 1820
	for i := 0; i < 12; i++ {
		r.Blocked("missing material_composition")
	}
	for i := 0; i < 7; i++ {
		r.Blocked("brand 'Castore Kids' not mapped")
	}
	r.Attribute("display.description", "description", report.AttributeSynced, []string{"A", "B"}, "")
	return r
}

type wantCondition struct {
	status  metav1.ConditionStatus // "" means absent
	reason  string
	message string // substring
}

func TestSetConditions(t *testing.T) {
	drifted := succeededReport()
	drifted.Attribute("display.description", "description", report.AttributeDrifted, []string{"X1", "X2", "X3"}, "")
	failing := succeededReport()
	failing.Attribute("attribute:pr_fit.value", "fit", report.AttributeFailed, []string{"S1", "S2"}, `"Oversized" is not an option of Centra attribute pr_fit`)
	partial := succeededReport()
	partial.Result = report.ResultPartial
	partial.Progress = report.Progress{Done: 312, Remaining: 9688, Message: "Centra mutation quota exhausted",
		ResumeAt: statusNow.Add(42 * time.Minute), ETA: statusNow.Add(10 * time.Hour)}
	suspect := succeededReport()
	suspect.Suspect = &report.Suspicion{Reason: "ScopeShrank", Message: "Plytix returned 7 products in scope, 53% fewer than the 15 of the last full pass"}
	plan := report.New("Plan", false, statusNow)
	plan.Plan(report.PlannedProduct{ProductNumber: "A", Action: "Create"})
	plan.Plan(report.PlannedProduct{ProductNumber: "B", Action: "Update"})
	plan.Plan(report.PlannedProduct{ProductNumber: "C", Action: "Create"})

	cases := []struct {
		name    string
		outcome syncOutcome
		drift   pimv1alpha1.DriftMode
		want    map[string]wantCondition
		wantGen int64
	}{
		{
			name:    "synced with data gaps",
			outcome: syncOutcome{ran: true, report: succeededReport(), catalogue: catalogueOf(succeededReport())},
			want: map[string]wantCondition{
				"Ready":             {"True", "Succeeded", "1,820 products in sync; 19 blocked"},
				"Reconciling":       {},
				"Stalled":           {},
				"DataGaps":          {"True", "ProductsBlocked", "19 products blocked: 12 missing material_composition, 7 brand 'Castore Kids' not mapped"},
				"AttributesFailing": {"False", "NoFailures", ""},
				"Drifted":           {"False", "NoDrift", "Centra matches Plytix"},
				"BudgetExhausted":   {"False", "QuotaAvailable", ""},
			},
			wantGen: 3,
		},
		{
			name:    "a full pass whose Plytix answer looked wrong",
			outcome: syncOutcome{ran: true, report: suspect, catalogue: catalogueOf(suspect)},
			want: map[string]wantCondition{
				"Ready":         {"False", "ScopeShrank", "53% fewer than the 15 of the last full pass"},
				"Reconciling":   {},
				"Stalled":       {},
				"SourceSuspect": {"True", "ScopeShrank", "Plytix returned 7 products in scope"},
			},
			wantGen: 3,
		},
		{
			name:    "a sound full pass",
			outcome: syncOutcome{ran: true, report: succeededReport(), catalogue: catalogueOf(succeededReport())},
			want:    map[string]wantCondition{"SourceSuspect": {"False", "SourceSound", ""}},
			wantGen: 3,
		},
		{
			name:    "drift in Warn mode",
			outcome: syncOutcome{ran: true, report: drifted, catalogue: catalogueOf(drifted)},
			drift:   pimv1alpha1.DriftModeWarn,
			want: map[string]wantCondition{
				"Ready":   {"True", "Succeeded", ""},
				"Drifted": {"True", "DriftDetected", "Centra was edited by hand on 3 SKUs: 3 display.description (drift mode Warn leaves Centra as it is)"},
			},
			wantGen: 3,
		},
		{
			name:    "drift corrected in Enforce mode",
			outcome: syncOutcome{ran: true, report: drifted, catalogue: catalogueOf(succeededReport())},
			drift:   pimv1alpha1.DriftModeEnforce,
			want:    map[string]wantCondition{"Drifted": {"False", "DriftCorrected", "Corrected hand edits in Centra on 3 SKUs"}},
			wantGen: 3,
		},
		{
			name:    "attributes failing",
			outcome: syncOutcome{ran: true, report: failing, catalogue: catalogueOf(failing)},
			want: map[string]wantCondition{
				"Ready":             {"True", "Succeeded", "attributes failing"},
				"AttributesFailing": {"True", "AttributesRejected", `failing values by SKU: 2 attribute:pr_fit.value; last error on attribute:pr_fit.value: "Oversized" is not an option`},
			},
			wantGen: 3,
		},
		{
			name:    "quota ran out mid-run",
			outcome: syncOutcome{ran: true, report: partial, catalogue: catalogueOf(partial)},
			want: map[string]wantCondition{
				"Ready":           {"False", "PartialRun", "Centra mutation quota exhausted: 312 of 10,000 products applied; resumes at 2026-11-27 10:42 UTC; all done by about 2026-11-27 20:00 UTC"},
				"Reconciling":     {"True", "PartialRun", "312 of 10,000"},
				"BudgetExhausted": {"True", "QuotaExhausted", "resumes at"},
			},
			wantGen: 3,
		},
		{
			name:    "stalled on a missing Secret",
			outcome: syncOutcome{err: syncerr.Stall("SecretNotFound", errors.New(`Secret "plytix" not found in namespace shop`))},
			want: map[string]wantCondition{
				"Ready":       {"False", "SecretNotFound", `Secret "plytix" not found in namespace shop`},
				"Stalled":     {"True", "SecretNotFound", `Secret "plytix" not found`},
				"Reconciling": {},
			},
			wantGen: 3,
		},
		{
			name: "run failed before reading the catalogue",
			outcome: syncOutcome{ran: true, report: failedRun(), catalogue: catalogueOf(failedRun()), inputsDigest: "d2",
				err: syncerr.Stall("MappingInvalid", errors.New("every product would be blocked"))},
			want: map[string]wantCondition{
				"Ready":    {"False", "MappingInvalid", "every product would be blocked"},
				"Stalled":  {"True", "MappingInvalid", ""},
				"DataGaps": {}, // nothing was read: no claim about the catalogue
				"Drifted":  {},
			},
			wantGen: 3,
		},
		{
			name:    "transient error",
			outcome: syncOutcome{err: errors.New("Plytix answered 503")},
			want: map[string]wantCondition{
				"Ready":       {"False", "ProgressingWithRetry", "Retrying after an error: Plytix answered 503"},
				"Reconciling": {"True", "ProgressingWithRetry", ""},
				"Stalled":     {},
			},
			wantGen: 2,
		},
		{
			name:    "waiting on a server's Retry-After",
			outcome: syncOutcome{err: syncerr.Wait("QuotaExhausted", 90*time.Second, errors.New("Centra answered 429"))},
			want: map[string]wantCondition{
				"Ready":       {"False", "QuotaExhausted", "Waiting 1m30s: Centra answered 429"},
				"Reconciling": {"True", "QuotaExhausted", ""},
			},
			wantGen: 2,
		},
		{
			name:    "a wait the operator capped says so",
			outcome: syncOutcome{err: syncerr.Wait("QuotaExhausted", time.Hour, errors.New("Plytix answered 429 with Retry-After 999999999"))},
			want: map[string]wantCondition{
				"Ready": {"False", "QuotaExhausted",
					"Waiting 1h0m0s, the longest the operator waits (the server asked for at least as long): Plytix answered 429 with Retry-After 999999999"},
				"Reconciling": {"True", "QuotaExhausted", ""},
			},
			wantGen: 2,
		},
		{
			name:    "a plan",
			outcome: syncOutcome{ran: true, report: plan, catalogue: catalogueOf(plan)},
			want:    map[string]wantCondition{"Ready": {"True", "Succeeded", "Plan: 3 products to write (2 Create, 1 Update); nothing written in mode Plan"}},
			wantGen: 3,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 3}}
			obj.Status.ObservedGeneration = 2
			obj.Spec.Drift.Mode = tc.drift
			// Start from a stale Stalled condition, as after a fixed Secret.
			meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{Type: "Stalled", Status: "True", Reason: "Old"})
			applyOutcome(obj, tc.outcome, statusNow)
			for typ, want := range tc.want {
				got := meta.FindStatusCondition(obj.Status.Conditions, typ)
				if want.status == "" {
					if got != nil {
						t.Errorf("%s should be absent, got %+v", typ, got)
					}
					continue
				}
				if got == nil {
					t.Errorf("%s missing", typ)
					continue
				}
				if got.Status != want.status || got.Reason != want.reason || !strings.Contains(got.Message, want.message) || got.ObservedGeneration != 3 {
					t.Errorf("%s = %s/%s %q (gen %d); want %s/%s containing %q", typ, got.Status, got.Reason, got.Message, got.ObservedGeneration,
						want.status, want.reason, want.message)
				}
			}
			if obj.Status.ObservedGeneration != tc.wantGen {
				t.Errorf("observedGeneration = %d, want %d", obj.Status.ObservedGeneration, tc.wantGen)
			}
		})
	}
}

func failedRun() *report.Report {
	r := report.New("Apply", true, statusNow)
	r.Result = report.ResultFailed
	return r
}

// TestStallRemembersItsInputs: runDue keeps a stalled sync waiting until these inputs change,
// even when the stall came before any report.
func TestStallRemembersItsInputs(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 1}}
	obj.Status.InputsDigest = "old"
	applyOutcome(obj, syncOutcome{inputsDigest: "new", err: syncerr.Stall("AuthenticationFailed", errors.New("rejected"))}, statusNow)
	if obj.Status.InputsDigest != "new" {
		t.Errorf("inputsDigest = %q, want new", obj.Status.InputsDigest)
	}
	if _, due := runDue(obj, "new", statusNow); due {
		t.Error("a stalled sync with unchanged inputs is due")
	}
	applyOutcome(obj, syncOutcome{err: errors.New("Plytix answered 503"), inputsDigest: "newer"}, statusNow)
	if obj.Status.InputsDigest != "new" {
		t.Errorf("a transient error moved inputsDigest to %q", obj.Status.InputsDigest)
	}
	// A mapping deleted, then put back exactly as it was: the inputs are the same as before
	// the stall, and the sync must run.
	applyOutcome(obj, syncOutcome{err: syncerr.Stall("MappingNotFound", errors.New(`AttributeMapping "apparel" not found`))}, statusNow)
	if _, due := runDue(obj, "new", statusNow); !due {
		t.Error("a sync stalled before reading its inputs stays stalled once they are back unchanged")
	}
}

func TestApplyReportKeepsHistoryAndCaps(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{}
	for i := 0; i < 8; i++ {
		r := succeededReport()
		r.Message = fmt.Sprintf("run %d", i)
		r.Watermark = statusNow.Add(time.Duration(i) * time.Minute)
		r.Revision = "rev"
		applyOutcome(obj, syncOutcome{ran: true, report: r, catalogue: catalogueOf(r), inputsDigest: "d1", requestedAt: "now"}, statusNow)
	}
	st := obj.Status
	if len(st.History) != pimv1alpha1.MaxRunHistory || st.History[0].Message != "run 7" {
		t.Errorf("history = %d entries, newest %q", len(st.History), st.History[0].Message)
	}
	if st.Watermark.Time != statusNow.Add(7*time.Minute) || st.LastAppliedRevision != "rev" || st.InputsDigest != "d1" ||
		st.LastHandledReconcileAt != "now" || st.LastFullSyncTime == nil || st.LastRun.ProductsInSync != 1820 || st.Catalogue.Products.InSync != 1820 {
		t.Errorf("status = %+v", st)
	}
}

// TestSuspectFullPassMovesNeitherTheFullSyncTimeNorTheScope: only a sound full pass says when
// the scope was last read whole and how large it was.
func TestSuspectFullPassMovesNeitherTheFullSyncTimeNorTheScope(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{}
	sound := succeededReport()
	sound.Scope = 15
	applyOutcome(obj, syncOutcome{ran: true, report: sound, catalogue: catalogueOf(sound)}, statusNow)
	if obj.Status.ScopeProducts != 15 || obj.Status.LastFullSyncTime == nil {
		t.Fatalf("after a sound full pass: scope %d, last full sync %v", obj.Status.ScopeProducts, obj.Status.LastFullSyncTime)
	}
	before := *obj.Status.LastFullSyncTime
	suspect := succeededReport()
	suspect.FinishedAt, suspect.Scope = statusNow.Add(time.Hour), 7
	suspect.Suspect = &report.Suspicion{Reason: "ScopeShrank", Message: "shrank"}
	applyOutcome(obj, syncOutcome{ran: true, report: suspect, catalogue: catalogueOf(suspect)}, statusNow.Add(time.Hour))
	if obj.Status.ScopeProducts != 15 || !obj.Status.LastFullSyncTime.Equal(&before) {
		t.Errorf("after a suspect pass: scope %d, last full sync %v (was %v)", obj.Status.ScopeProducts, obj.Status.LastFullSyncTime, before)
	}
	erred := succeededReport()
	erred.FinishedAt, erred.Scope = statusNow.Add(2*time.Hour), 3
	applyOutcome(obj, syncOutcome{ran: true, report: erred, catalogue: catalogueOf(erred), err: errors.New("Centra answered 403")}, statusNow.Add(2*time.Hour))
	if !obj.Status.LastFullSyncTime.Equal(&before) || obj.Status.ScopeProducts != 15 {
		t.Errorf("a full pass that ended in an error moved the full-sync time to %v, the scope to %d", obj.Status.LastFullSyncTime, obj.Status.ScopeProducts)
	}
}

// TestStatusStaysSmallAt100kSKUs fills a report as a 100,000-SKU run with failures on every SKU
// would, and checks the serialised status is far below etcd's 1.5 MiB.
func TestStatusStaysSmallAt100kSKUs(t *testing.T) {
	r := succeededReport()
	long := strings.Repeat("ü", 3000)
	for i := 0; i < 100_000; i++ {
		sku := fmt.Sprintf("NL-%06d-BLK-M", i)
		target := fmt.Sprintf("attribute:pr_attr_%03d.text", i%200)
		r.Attribute(target, "attr", report.AttributeFailed, []string{sku}, long)
		r.Fail(report.Failure{SKU: sku, Attribute: target, Reason: fmt.Sprintf("Reason%d", i%100), Message: long})
		r.Blocked(fmt.Sprintf("missing attr_%d", i%300))
		r.Plan(report.PlannedProduct{ProductNumber: sku, Action: "Update", Changes: []report.PlannedChange{{Target: target, From: long, To: long, Object: long}}})
		r.Problem(report.Problem{Type: "UnknownSourceAttribute", Message: long})
	}
	r.Progress = report.Progress{Message: long, Remaining: 1}
	obj := &pimv1alpha1.CatalogSync{}
	for i := 0; i < 10; i++ {
		r.Message = long
		applyOutcome(obj, syncOutcome{ran: true, report: r, catalogue: catalogueOf(r)}, statusNow)
	}
	data, err := yaml.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 256<<10 {
		t.Errorf("status is %d KiB; it must stay far below etcd's 1.5 MiB", len(data)>>10)
	}
	t.Logf("status of a 100k-SKU run with every SKU failing: %d KiB", len(data)>>10)
}

func TestSuspendedStatus(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 4}}
	obj.Status.ObservedGeneration = 3
	applyOutcome(obj, syncOutcome{ran: true, report: succeededReport(), catalogue: catalogueOf(succeededReport())}, statusNow) // Ready=True for generation 4... of the last run
	obj.Generation = 5                                                                                                         // edited while suspended
	meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{Type: pimv1alpha1.ConditionStalled, Status: metav1.ConditionTrue, Reason: "SecretNotFound"})
	if !suspendedStatus(obj, statusNow) {
		t.Fatal("suspendedStatus changed nothing")
	}
	ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady)
	if obj.Status.ObservedGeneration != 5 || ready.Status != metav1.ConditionTrue || ready.Reason != pimv1alpha1.ReasonSuspended || ready.ObservedGeneration != 5 {
		t.Errorf("status = %+v", obj.Status)
	}
	if meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReconciling) != nil || meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionStalled) != nil {
		t.Errorf("conditions = %+v: nothing is in progress or stalled while suspended", obj.Status.Conditions)
	}
	if meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionDataGaps) == nil {
		t.Error("the last run's findings were dropped")
	}
	if suspendedStatus(obj, statusNow.Add(time.Hour)) {
		t.Error("a second reconcile of the same generation patched the status again")
	}
}

// catalogueOf is the catalogue after a full pass that read the whole scope, in a test that has
// no ledger: the run's own counts.
func catalogueOf(r *report.Report) *report.Report { return r }

// TestLongOutageIsSaidToBeOngoing: transient failures are ProgressingWithRetry, and once they
// have lasted OutageAfter, OutageOngoing (Argo CD shows that Degraded); the clock starts at the
// first failure even when Ready was False already, and any other outcome ends the stretch.
func TestLongOutageIsSaidToBeOngoing(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 2}}
	partial := succeededReport()
	partial.Result = report.ResultPartial
	applyOutcome(obj, syncOutcome{ran: true, report: partial, catalogue: catalogueOf(partial)}, statusNow.Add(-time.Hour))
	outage := syncOutcome{err: errors.New("reading Plytix: Plytix answered 503")}
	for _, step := range []struct {
		after  time.Duration
		reason string
	}{{0, pimv1alpha1.ReasonProgressingRetry}, {20 * time.Minute, pimv1alpha1.ReasonProgressingRetry}, {31 * time.Minute, pimv1alpha1.ReasonOutageOngoing}} {
		applyOutcome(obj, outage, statusNow.Add(step.after))
		ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady)
		reconciling := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReconciling)
		if ready.Reason != step.reason || reconciling == nil || reconciling.Reason != step.reason {
			t.Errorf("after %s of failures: Ready %s, Reconciling %+v; want %s", step.after, ready.Reason, reconciling, step.reason)
		}
	}
	if ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady); !strings.Contains(ready.Message, "Runs have failed for 31m") {
		t.Errorf("outage message %q", ready.Message)
	}
	applyOutcome(obj, syncOutcome{ran: true, report: succeededReport(), catalogue: catalogueOf(succeededReport())}, statusNow.Add(40*time.Minute))
	applyOutcome(obj, outage, statusNow.Add(50*time.Minute))
	if ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady); ready.Reason != pimv1alpha1.ReasonProgressingRetry {
		t.Errorf("a new failure after a good run: %s, want a new stretch", ready.Reason)
	}
}
