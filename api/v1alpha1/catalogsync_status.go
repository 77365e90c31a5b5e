package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Every list in status is capped, so that a 100,000-SKU catalogue keeps the object far below
// etcd's 1.5 MiB limit: totals are exact, lists hold samples and say when they are truncated.
const (
	// MaxStatusAttributes caps the per-attribute rows.
	MaxStatusAttributes = 128
	// MaxStatusFailures caps the failure list.
	MaxStatusFailures = 50
	// MaxSampleSKUs caps the sample SKUs of one attribute row.
	MaxSampleSKUs = 5
	// MaxRunHistory caps the run history.
	MaxRunHistory = 5
)

// CatalogSyncStatus is what the operator observed and did.
type CatalogSyncStatus struct {
	// observedGeneration is the spec generation the status describes; -1 before the first reconcile.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// conditions: Ready, Reconciling and Stalled (kstatus), and Drifted, DataGaps,
	// AttributesFailing and BudgetExhausted.
	// +kubebuilder:validation:MaxItems=16
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// lastHandledReconcileAt is the value of the reconcile.pim.catalogsync.io/requestedAt
	// annotation the last run answered.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	LastHandledReconcileAt string `json:"lastHandledReconcileAt,omitempty"`

	// lastSyncTime is when the last run finished.
	// +optional
	LastSyncTime *metav1.Time `json:"lastSyncTime,omitempty"`

	// lastFullSyncTime is when the last full pass over the Plytix scope finished.
	// +optional
	LastFullSyncTime *metav1.Time `json:"lastFullSyncTime,omitempty"`

	// scopeProducts is how many Plytix products (parents and singles) were in scope at the last
	// full pass that finished and looked sound; the next full pass is checked against it.
	// +optional
	ScopeProducts int64 `json:"scopeProducts,omitempty"`

	// watermark is the latest Plytix modification time an Apply run has read.
	// Delta runs read from here, minus an overlap. What is still to write is kept in the ledger
	// and read again by SKU, so the watermark moves to the latest modification read.
	// +optional
	Watermark *metav1.Time `json:"watermark,omitempty"`

	// lastAppliedRevision identifies the mapping (rules, hierarchy, store and publish policy)
	// the watermark was reached with. When it changes, products Plytix did not touch are updated
	// to the new mapping rather than reported as drift.
	// +kubebuilder:validation:MaxLength=64
	// +optional
	LastAppliedRevision string `json:"lastAppliedRevision,omitempty"`

	// inputsDigest identifies the inputs of the last run: the spec, the selected
	// AttributeMappings and the Secrets' versions. A change runs a sync before the interval is up.
	// +kubebuilder:validation:MaxLength=64
	// +optional
	InputsDigest string `json:"inputsDigest,omitempty"`

	// observedMappings are the AttributeMappings, and their generations, the last run used.
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=name
	// +optional
	ObservedMappings []ObservedMapping `json:"observedMappings,omitempty"`

	// catalogue counts the whole catalogue, products and SKUs by state, as the ledger knows it
	// after the last run, delta or full; attributes, failures and the domain conditions
	// describe the catalogue too.
	// +optional
	Catalogue *CatalogueSummary `json:"catalogue,omitempty"`

	// lastRun counts what the last run read and did: products and SKUs by outcome, requests
	// and mutations. A delta run reads only what changed; catalogue is the whole.
	// +optional
	LastRun *SyncSummary `json:"lastRun,omitempty"`

	// progress shows how far a long run (such as an initial load spread over several hours of
	// quota) has got.
	// +optional
	Progress *SyncProgress `json:"progress,omitempty"`

	// budgets show what is left of each API quota this sync spends from.
	// +kubebuilder:validation:MaxItems=8
	// +listType=atomic
	// +optional
	Budgets []BudgetStatus `json:"budgets,omitempty"`

	// attributes has one row per mapped attribute target: how many SKUs synced, lack a value,
	// failed or drifted, with the last error and a few sample SKUs.
	// +kubebuilder:validation:MaxItems=128
	// +listType=map
	// +listMapKey=name
	// +optional
	Attributes []AttributeStatus `json:"attributes,omitempty"`

	// failures lists products and SKUs that could not be synced, capped, with exact totals.
	// +optional
	Failures *FailureList `json:"failures,omitempty"`

	// plan is what the last run would write (mode Plan) or had left to write (a partial Apply),
	// as exact counts and a sample of products with their changes.
	// +optional
	Plan *PlanSummary `json:"plan,omitempty"`

	// mappingProblems are the problems found compiling the selected AttributeMappings against the
	// live Plytix attribute definitions and Centra reference data of this sync.
	// +optional
	MappingProblems *ProblemList `json:"mappingProblems,omitempty"`

	// history holds the last few runs, newest first.
	// +kubebuilder:validation:MaxItems=5
	// +listType=atomic
	// +optional
	History []RunRecord `json:"history,omitempty"`
}

// OutcomeCounts counts items by what a run did with them.
type OutcomeCounts struct {
	// seen in Plytix in this run's scope.
	Seen int64 `json:"seen"`
	// created in Centra.
	Created int64 `json:"created"`
	// updated in Centra (changed fields only).
	Updated int64 `json:"updated"`
	// unchanged: Centra already matched Plytix.
	Unchanged int64 `json:"unchanged"`
	// drifted: Centra was edited by hand and differs from Plytix.
	Drifted int64 `json:"drifted"`
	// blocked by a gate: not written.
	Blocked int64 `json:"blocked"`
	// failed: Centra rejected the write, or the data could not be read.
	Failed int64 `json:"failed"`
	// orphaned: in Centra but gone from the Plytix scope.
	Orphaned int64 `json:"orphaned"`
}

// CatalogueSummary is the catalogue as the ledger knows it.
type CatalogueSummary struct {
	// products counts Centra products (Plytix parents and singles, and orphans) by state.
	Products StateCounts `json:"products"`
	// skus counts sellable items (Centra sizes, Plytix variants) by state.
	SKUs StateCounts `json:"skus"`
	// ledger describes where the catalogue is kept.
	// +optional
	Ledger *LedgerStatus `json:"ledger,omitempty"`
}

// StateCounts counts products or SKUs by where they stand.
type StateCounts struct {
	// total in scope (orphans are not in scope, and not counted here).
	Total int64 `json:"total"`
	// inSync: Centra has what Plytix says.
	InSync int64 `json:"inSync"`
	// pending: a write is planned and not made yet (a quota, the timeout, mode Plan).
	Pending int64 `json:"pending"`
	// blocked by a gate: kept out of Centra.
	Blocked int64 `json:"blocked"`
	// failing: Centra refused the write, or Plytix could not send the product.
	Failing int64 `json:"failing"`
	// drifted: edited by hand in Centra and left so.
	Drifted int64 `json:"drifted"`
	// orphaned: in Centra, gone from the Plytix scope.
	Orphaned int64 `json:"orphaned"`
}

// LedgerStatus describes the stored ledger.
type LedgerStatus struct {
	// configMap is the head ConfigMap, which names the chunks of the committed generation.
	// +kubebuilder:validation:MaxLength=253
	ConfigMap string `json:"configMap"`
	// generation is the committed generation; each run that updates the ledger commits one.
	Generation int64 `json:"generation"`
	// records is the number of products it holds.
	Records int64 `json:"records"`
	// chunks is the number of chunk ConfigMaps.
	Chunks int64 `json:"chunks"`
	// storedBytes is the compressed size of the chunks.
	StoredBytes int64 `json:"storedBytes"`
}

// SyncSummary counts the last run's work.
type SyncSummary struct {
	// productsInSync is the number of products that match Plytix after the run.
	ProductsInSync int64 `json:"productsInSync"`
	// productsBlocked is the number of products a gate kept out of Centra.
	ProductsBlocked int64 `json:"productsBlocked"`
	// products counts Centra products (Plytix parents and singles) by outcome.
	Products OutcomeCounts `json:"products"`
	// skus counts sellable items (Centra sizes, Plytix variants) by outcome.
	SKUs OutcomeCounts `json:"skus"`
	// plytixRequests is the number of Plytix API requests the run made.
	PlytixRequests int64 `json:"plytixRequests"`
	// centraRequests is the number of Centra API requests the run made.
	CentraRequests int64 `json:"centraRequests"`
	// centraMutations is the number of Centra mutations the run spent.
	CentraMutations int64 `json:"centraMutations"`
	// fullSync is true when the run read the whole Plytix scope rather than a delta.
	FullSync bool `json:"fullSync"`
}

// SyncProgress is how far the current pass over the catalogue has got.
type SyncProgress struct {
	// done is the number of products applied so far in this pass.
	Done int64 `json:"done"`
	// remaining is the number of products still to apply.
	Remaining int64 `json:"remaining"`
	// eta is when the pass should finish at the configured quota.
	// +optional
	ETA *metav1.Time `json:"eta,omitempty"`
	// resumeAt is when the next run resumes, when a quota ran out mid-pass.
	// +optional
	ResumeAt *metav1.Time `json:"resumeAt,omitempty"`
	// message says in a sentence what the pass is waiting for.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Message string `json:"message,omitempty"`
}

// BudgetStatus is what is left of one API quota.
type BudgetStatus struct {
	// system is Plytix or Centra.
	// +kubebuilder:validation:MaxLength=32
	System string `json:"system"`
	// bucket is what is counted: requests, complexity or mutations.
	// +kubebuilder:validation:MaxLength=32
	Bucket string `json:"bucket"`
	// remainingPer10Seconds is what is left in the current 10-second window; -1 when not limited.
	RemainingPer10Seconds int64 `json:"remainingPer10Seconds"`
	// remainingPerHour is what is left in the current hour; -1 when not limited.
	RemainingPerHour int64 `json:"remainingPerHour"`
	// limitPerHour is the hourly quota; 0 when not limited.
	LimitPerHour int64 `json:"limitPerHour"`
}

// AttributeStatus is one mapped attribute's result, summed over the SKUs of a run.
type AttributeStatus struct {
	// name is the mapped Centra target, for example product.name, display.description or
	// attribute:pr_fit.text.
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`
	// source is the Plytix attribute label or system field it is read from.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Source string `json:"source,omitempty"`
	// synced counts SKUs whose value is in Centra.
	Synced int64 `json:"synced"`
	// missing counts SKUs that have no value in Plytix.
	Missing int64 `json:"missing"`
	// failed counts SKUs whose value could not be transformed or was rejected by Centra.
	Failed int64 `json:"failed"`
	// drifted counts SKUs whose Centra value was changed by hand.
	Drifted int64 `json:"drifted"`
	// pending counts SKUs whose value is still to be written (mode Plan, or a run stopped by a quota).
	Pending int64 `json:"pending"`
	// lastError is the most recent failure, in words a merchandiser can act on.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	LastError string `json:"lastError,omitempty"`
	// sampleSKUs are a few SKUs with a missing, failed or drifted value.
	// +kubebuilder:validation:MaxItems=5
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=atomic
	// +optional
	SampleSKUs []string `json:"sampleSKUs,omitempty"`
}

// FailureList is a capped list of failures with exact totals.
type FailureList struct {
	// total is the exact number of failures, however many are listed.
	Total int64 `json:"total"`
	// byReason counts failures per reason, exactly.
	// +kubebuilder:validation:MaxItems=32
	// +listType=map
	// +listMapKey=reason
	// +optional
	ByReason []ReasonCount `json:"byReason,omitempty"`
	// truncated is true when items does not list every failure.
	Truncated bool `json:"truncated"`
	// items are the first failures, in a stable order.
	// +kubebuilder:validation:MaxItems=50
	// +listType=atomic
	// +optional
	Items []Failure `json:"items,omitempty"`
}

// ReasonCount is a number of failures sharing a reason.
type ReasonCount struct {
	// reason is a CamelCase failure reason, such as MissingRequiredAttribute.
	// +kubebuilder:validation:MaxLength=64
	Reason string `json:"reason"`
	// count of failures with that reason.
	Count int64 `json:"count"`
}

// Failure is one product or SKU that could not be synced, and why.
type Failure struct {
	// sku is the Plytix SKU of the product or variant.
	// +kubebuilder:validation:MaxLength=256
	SKU string `json:"sku"`
	// attribute is the Plytix attribute or Centra target concerned, when there is one.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Attribute string `json:"attribute,omitempty"`
	// reason is a CamelCase reason, such as MissingRequiredAttribute, BrandNotMapped or CentraRejected.
	// +kubebuilder:validation:MaxLength=64
	Reason string `json:"reason"`
	// message says what to fix, and where.
	// +kubebuilder:validation:MaxLength=1024
	Message string `json:"message"`
}

// RunRecord summarises one sync run.
type RunRecord struct {
	// startedAt is when the run started.
	StartedAt metav1.Time `json:"startedAt"`
	// finishedAt is when the run ended.
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// mode the run ran in.
	Mode SyncMode `json:"mode"`
	// fullSync is true for a full pass.
	FullSync bool `json:"fullSync"`
	// result is Succeeded, Partial (stopped by a quota or the timeout; resumes next run) or Failed.
	// +kubebuilder:validation:Enum=Succeeded;Partial;Failed
	Result string `json:"result"`
	// created counts products created in Centra.
	Created int64 `json:"created"`
	// updated counts products updated in Centra.
	Updated int64 `json:"updated"`
	// blocked counts products a gate kept out of Centra.
	Blocked int64 `json:"blocked"`
	// failed counts products that could not be synced.
	Failed int64 `json:"failed"`
	// mutations is the number of Centra mutations the run spent.
	Mutations int64 `json:"mutations"`
	// message is a one-line summary of the run.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Message string `json:"message,omitempty"`
}

// PlanSummary is what a run would write, or has left to write.
type PlanSummary struct {
	// total is the number of products with something to write.
	Total int64 `json:"total"`
	// byAction counts those products by action (Create, Complete, Update, CorrectDrift, Deactivate).
	// +kubebuilder:validation:MaxItems=8
	// +listType=map
	// +listMapKey=reason
	// +optional
	ByAction []ReasonCount `json:"byAction,omitempty"`
	// truncated is true when products does not list every product.
	Truncated bool `json:"truncated"`
	// products is a sample of the planned products with their changes.
	// +kubebuilder:validation:MaxItems=20
	// +listType=atomic
	// +optional
	Products []PlannedProduct `json:"products,omitempty"`
}

// PlannedProduct is one product of a plan.
type PlannedProduct struct {
	// productNumber is the Centra product number.
	// +kubebuilder:validation:MaxLength=256
	ProductNumber string `json:"productNumber"`
	// action is what the run does with the product.
	// +kubebuilder:validation:MaxLength=32
	Action string `json:"action"`
	// changes are the first changes, attribute by attribute.
	// +kubebuilder:validation:MaxItems=10
	// +listType=atomic
	// +optional
	Changes []PlannedChange `json:"changes,omitempty"`
}

// PlannedChange is one value a run writes.
type PlannedChange struct {
	// target is the attribute target, as in status.attributes, or a structural change such as
	// structure.variant.
	// +kubebuilder:validation:MaxLength=256
	Target string `json:"target"`
	// object is where: product, display, variant <number> or size <SKU>.
	// +kubebuilder:validation:MaxLength=256
	Object string `json:"object"`
	// from is the value in Centra, shortened.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	From string `json:"from,omitempty"`
	// to is the value to write, shortened.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	To string `json:"to,omitempty"`
}

// ObservedMapping is an AttributeMapping a run used.
type ObservedMapping struct {
	// name of the AttributeMapping.
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// generation of its spec that the run used.
	Generation int64 `json:"generation"`
}
