package v1alpha1

// Who acts on a failure, as the exception export (manager exceptions) names them.
const (
	OwnerMerchandising = "Plytix merchandising"
	OwnerCentraAdmin   = "Centra administrator"
	OwnerPlatform      = "Platform team"
)

// FailureOwners says, for every failure reason, who fixes it: data in Plytix is
// merchandising's, reference data and refusals in Centra the Centra administrator's, and what
// the mapping cannot express the platform team's. docs/operations.md says what each does.
var FailureOwners = map[string]string{
	FailureMissingRequiredAttribute: OwnerMerchandising,
	FailureCompletenessTooLow:       OwnerMerchandising,
	FailureStatusNotAllowed:         OwnerMerchandising,
	FailureMissingBrand:             OwnerMerchandising,
	FailureBrandNotMapped:           OwnerPlatform,
	FailureBrandNotInCentra:         OwnerCentraAdmin,
	FailureBrandNotInStore:          OwnerCentraAdmin,
	FailureMissingAxisValue:         OwnerMerchandising,
	FailureNoVariantAxes:            OwnerPlatform,
	FailureDuplicateAxisCombination: OwnerMerchandising,
	FailureSizeChartNotFound:        OwnerCentraAdmin,
	FailureSizeNotInChart:           OwnerMerchandising,
	FailureSKUComposition:           OwnerMerchandising,
	FailureDuplicateSKU:             OwnerMerchandising,
	FailureInvalidValue:             OwnerMerchandising,
	FailureLookupGap:                OwnerPlatform,
	FailureNoCategory:               OwnerMerchandising,
	FailureUnreadable:               OwnerMerchandising,
	FailureDuplicateInCentra:        OwnerCentraAdmin,
	FailureCentraRejected:           OwnerCentraAdmin,
	FailureSizeChartLocked:          OwnerCentraAdmin,
	FailureNotWritable:              OwnerCentraAdmin,
	FailureIncomplete:               OwnerCentraAdmin,
	FailureMediaPending:             OwnerCentraAdmin,
}
