package v1alpha1

// Condition types. Ready is the summary (positive polarity). Reconciling and Stalled follow
// kstatus and are "abnormal-true": present and True only while the object is being worked on or
// needs a human. The domain conditions are abnormal-true as well: True means there is something
// to look at.
const (
	// ConditionReady is True when the last run finished and everything in scope is in sync or
	// explained (blocked by a gate with a reason a merchandiser can act on).
	ConditionReady = "Ready"
	// ConditionReconciling is True while a run is in progress or a long load is part-way through.
	ConditionReconciling = "Reconciling"
	// ConditionStalled is True when the operator cannot make progress without a change by a
	// human: a bad spec, a missing Secret, an invalid mapping, a rejected credential.
	ConditionStalled = "Stalled"

	// ConditionDrifted is True when Centra values were changed by hand and differ from Plytix.
	ConditionDrifted = "Drifted"
	// ConditionDataGaps is True when products are blocked by a gate (missing required
	// attributes, unmapped brands, incomplete variants).
	ConditionDataGaps = "DataGaps"
	// ConditionAttributesFailing is True when values could not be transformed or were rejected
	// by Centra.
	ConditionAttributesFailing = "AttributesFailing"
	// ConditionSourceSuspect is True when a full pass's Plytix answer looked wrong (the scope
	// shrank past spec.plytix.scopeShrinkLimitPercent, products came without a SKU): no orphan
	// was decided and nothing deactivated.
	ConditionSourceSuspect = "SourceSuspect"
	// ConditionBudgetExhausted is True when an API quota ran out mid-run; the run resumes when
	// the quota allows.
	ConditionBudgetExhausted = "BudgetExhausted"
	// ConditionLedgerRebuilt is True when the run found the ledger (the catalogue the operator
	// remembers between runs) missing or damaged, and read the whole scope again to rebuild it.
	ConditionLedgerRebuilt = "LedgerRebuilt"

	// ConditionValidated is True when an AttributeMapping's rules match the live Plytix
	// attribute definitions and Centra attribute types.
	ConditionValidated = "Validated"
	// ConditionUnmappedAttributes is True when Plytix has attributes in scope that no rule maps.
	ConditionUnmappedAttributes = "UnmappedAttributes"
)

// ReconcileRequestAnnotation asks for a sync run now; its value is echoed in
// status.lastHandledReconcileAt once a run has answered it.
const ReconcileRequestAnnotation = "reconcile.pim.catalogsync.io/requestedAt"

// SecretConsentAnnotation marks a Secret for use by CatalogSyncs of its namespace: its value
// lists their names, comma-separated, or is "*" for every CatalogSync of the namespace. The
// operator uses no Secret without it, so whoever may create a CatalogSync cannot have the
// operator send a Secret they may not read.
const SecretConsentAnnotation = "pim.catalogsync.io/catalogsyncs"
