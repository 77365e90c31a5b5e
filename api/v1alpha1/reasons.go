package v1alpha1

// Every word a user can read in a reason or a problem type is declared here, once: condition
// reasons (status.conditions), failure reasons (status.failures.items and the per-attribute
// lastError), and problem types (AttributeMapping status.problems). docs/operations.md explains
// each to the person who has to act on it, and a test keeps that page complete.

// Condition reasons: CamelCase, stable, and never carrying a SKU or an id.
const (
	ReasonSucceeded        = "Succeeded"
	ReasonProgressing      = "Progressing"
	ReasonProgressingRetry = "ProgressingWithRetry"
	// ReasonOutageOngoing: runs have failed with transient errors (an API outage) for longer
	// than OutageAfter; the operator keeps retrying, and Argo CD shows the sync Degraded.
	ReasonOutageOngoing  = "OutageOngoing"
	ReasonPartialRun     = "PartialRun"
	ReasonInvalidSpec    = "InvalidSpec"
	ReasonSecretNotFound = "SecretNotFound"
	ReasonSecretInvalid  = "SecretInvalid"
	// ReasonSecretNotPermitted: the Secret is not marked for use by this CatalogSync
	// (SecretConsentAnnotation).
	ReasonSecretNotPermitted = "SecretNotPermitted"
	// ReasonHostNotAllowed: a URL of the spec names a host outside the operator's API hosts.
	ReasonHostNotAllowed      = "HostNotAllowed"
	ReasonMappingNotFound     = "MappingNotFound"
	ReasonMappingInvalid      = "MappingInvalid"
	ReasonAuthFailed          = "AuthenticationFailed"
	ReasonStoreNotFound       = "StoreNotFound"
	ReasonDriftDetected       = "DriftDetected"
	ReasonDriftCorrected      = "DriftCorrected"
	ReasonNoDrift             = "NoDrift"
	ReasonProductsBlocked     = "ProductsBlocked"
	ReasonNoDataGaps          = "NoDataGaps"
	ReasonAttributesRejected  = "AttributesRejected"
	ReasonNoFailures          = "NoFailures"
	ReasonQuotaExhausted      = "QuotaExhausted"
	ReasonQuotaAvailable      = "QuotaAvailable"
	ReasonValid               = "Valid"
	ReasonUnknownAttributes   = "UnknownAttributes"
	ReasonNewPlytixAttributes = "NewPlytixAttributes"
	ReasonAllMapped           = "AllMapped"
	ReasonNotUsed             = "NotUsed"
	// ReasonSuspended: spec.suspend is true; the spec is observed, and nothing runs (Ready True:
	// that is what the spec asks).
	ReasonSuspended = "Suspended"
	// ReasonScopeShrank: a full pass found far fewer products in scope than the last one.
	ReasonScopeShrank = "ScopeShrank"
	// ReasonProductsWithoutSKU: Plytix returned products without a SKU.
	ReasonProductsWithoutSKU = "ProductsWithoutSKU"
	// ReasonSourceSound: the last full pass's Plytix answer looked sound.
	ReasonSourceSound = "SourceSound"
	// ReasonLedgerMissing: a CatalogSync that has run before has no ledger ConfigMap.
	ReasonLedgerMissing = "LedgerMissing"
	// ReasonLedgerDamaged: a ledger chunk is missing or does not match the checksum.
	ReasonLedgerDamaged = "LedgerDamaged"
	// ReasonLedgerIntact: the ledger was read whole.
	ReasonLedgerIntact = "LedgerIntact"
)

// EventReasonProductsWritten is the reason of the event a run that wrote to Centra records;
// the other events reuse the condition reasons.
const EventReasonProductsWritten = "ProductsWritten"

// Failure reasons of one SKU and attribute: CamelCase, stable, named for what a merchandiser
// (or, for the Centra-side ones, a Centra administrator) has to fix.
const (
	// Gates and building, found before anything is written.
	FailureMissingRequiredAttribute = "MissingRequiredAttribute"
	FailureCompletenessTooLow       = "CompletenessTooLow"
	FailureStatusNotAllowed         = "StatusNotAllowed"
	FailureMissingBrand             = "MissingBrand"
	FailureBrandNotMapped           = "BrandNotMapped"
	FailureBrandNotInCentra         = "BrandNotInCentra"
	FailureBrandNotInStore          = "BrandNotInStore"
	FailureMissingAxisValue         = "MissingAxisValue"
	// FailureNoVariantAxes: a single product with neither a colour nor a size, and no
	// spec.hierarchy.oneSizeChart to sell it as one size.
	FailureNoVariantAxes            = "NoVariantAxes"
	FailureDuplicateAxisCombination = "DuplicateAxisCombination"
	FailureSizeChartNotFound        = "SizeChartNotFound"
	FailureSizeNotInChart           = "SizeNotInChart"
	FailureSKUComposition           = "SKUComposition"
	FailureDuplicateSKU             = "DuplicateSKU"
	FailureInvalidValue             = "InvalidValue"
	FailureLookupGap                = "LookupGap"
	// FailureNoCategory: the product would have no Centra category, which hides it in the store.
	FailureNoCategory = "NoCategory"

	// FailureUnreadable: Plytix's answer for the product is too large to read (one product alone
	// over the response cap); it is left as it is in Centra and never taken for an orphan.
	FailureUnreadable = "UnreadableInPlytix"

	// Found while reading or writing Centra.

	// FailureDuplicateInCentra blocks a product whose number Centra holds more than once.
	FailureDuplicateInCentra = "DuplicateInCentra"
	// FailureCentraRejected: Centra refused a value or an object.
	FailureCentraRejected = "CentraRejected"
	// FailureSizeChartLocked: a variant's size chart differs, and Centra sets it only once.
	FailureSizeChartLocked = "SizeChartLocked"
	// FailureNotWritable: no Centra input can make the change (a value Centra cannot clear).
	FailureNotWritable = "NotWritable"
	// FailureIncomplete: a product is kept out of the store because part of it is missing.
	FailureIncomplete = "IncompleteInCentra"
	// FailureMediaPending: a product is kept out of the store because Centra has not (yet)
	// taken one of its images; a later run finishes it.
	FailureMediaPending = "MediaPending"
)

// Problem types of an AttributeMapping, found by checking it against the live Plytix attribute
// definitions and Centra reference data.
const (
	ProblemUnknownSourceAttribute  = "UnknownSourceAttribute"
	ProblemUnmappedSourceAttribute = "UnmappedSourceAttribute"
	ProblemUnknownTarget           = "UnknownTarget"
	ProblemTypeMismatch            = "TypeMismatch"
	ProblemLookupGap               = "LookupGap"
	ProblemUnknownBrand            = "UnknownBrand"
	// The problems below do not make a mapping invalid: they are gaps in what it covers, and
	// the products they concern are blocked and reported one by one.
	ProblemUncoveredValues = "UncoveredValues"
	ProblemBrandNotInStore = "BrandNotInStore"
)
