package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SyncMode says how far a sync run goes.
// +kubebuilder:validation:Enum=Apply;Plan;Observe
type SyncMode string

const (
	// SyncModeApply reads both systems, plans and writes the plan to Centra.
	SyncModeApply SyncMode = "Apply"
	// SyncModePlan reads both systems and reports exactly what Apply would write, without writing.
	SyncModePlan SyncMode = "Plan"
	// SyncModeObserve reads both systems and reports drift and data gaps, without writing.
	SyncModeObserve SyncMode = "Observe"
)

// DeletionPolicy says what happens in Centra to a product that is gone from Plytix.
// There is deliberately no hard delete: Centra keeps orders and stock against products.
// +kubebuilder:validation:Enum=Orphan;Deactivate
type DeletionPolicy string

const (
	// DeletionPolicyOrphan leaves the Centra product as it is and reports it as orphaned.
	DeletionPolicyOrphan DeletionPolicy = "Orphan"
	// DeletionPolicyDeactivate sets the product's display in this sync's store inactive once its
	// Plytix product is gone from Plytix altogether; a product that only left this sync's
	// filters is reported as orphaned and left alone, since another CatalogSync may own it. The
	// product itself, and its displays in other stores, are never touched. It stays inactive
	// until someone activates it in Centra.
	DeletionPolicyDeactivate DeletionPolicy = "Deactivate"
)

// CatalogSync keeps the products of a Plytix account in step with one Centra store.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=csync,categories=pim
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
// +kubebuilder:printcolumn:name="In Sync",type=integer,JSONPath=`.status.catalogue.products.inSync`
// +kubebuilder:printcolumn:name="Blocked",type=integer,JSONPath=`.status.catalogue.products.blocked`
// +kubebuilder:printcolumn:name="Mode",type=string,JSONPath=`.spec.mode`,priority=1
// +kubebuilder:printcolumn:name="Last Sync",type=date,JSONPath=`.status.lastSyncTime`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type CatalogSync struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec says what to sync, from where, to where and how.
	// +required
	Spec CatalogSyncSpec `json:"spec"`

	// status is what the last sync runs did, written by the operator.
	// +kubebuilder:default={"observedGeneration":-1}
	// +optional
	Status CatalogSyncStatus `json:"status,omitempty"`
}

// CatalogSyncSpec is the desired sync of a Plytix catalogue into a Centra store.
//
// +kubebuilder:validation:XValidation:rule="!has(self.fullSyncInterval) || duration(self.fullSyncInterval) >= duration(self.interval)",message="spec.fullSyncInterval must be at least spec.interval: a full pass is a slower, rarer kind of run"
// +kubebuilder:validation:XValidation:rule="!has(self.timeout) || duration(self.timeout) <= duration(self.interval)",message="spec.timeout must not exceed spec.interval, or runs would overlap"
type CatalogSyncSpec struct {
	// interval is how often a sync run starts (Go duration, for example 15m or 1h). At least 1m.
	// Runs are jittered so that many CatalogSyncs do not hit the APIs at once.
	// +kubebuilder:default="15m"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`
	// +kubebuilder:validation:XValidation:rule="duration(self) >= duration('1m')",message="interval must be at least 1m: the Plytix and Centra quotas are hourly, so syncing more often only spends them faster"
	// +optional
	Interval *metav1.Duration `json:"interval,omitempty"`

	// fullSyncInterval is how often a run reads the whole Plytix scope instead of only the
	// products modified since the last run. Full passes catch edits made directly in Centra and
	// products deleted in Plytix. Defaults to 24h; must be at least interval.
	// +kubebuilder:default="24h"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`
	// +optional
	FullSyncInterval *metav1.Duration `json:"fullSyncInterval,omitempty"`

	// retryInterval is how soon a failed run is retried. Defaults to 2m.
	// +kubebuilder:default="2m"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`
	// +optional
	RetryInterval *metav1.Duration `json:"retryInterval,omitempty"`

	// timeout bounds one sync run. A run that reaches it stops cleanly and the next run resumes
	// where it stopped. Defaults to the shorter of 10m and interval; must not exceed interval.
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`
	// +optional
	Timeout *metav1.Duration `json:"timeout,omitempty"`

	// suspend stops new sync runs while true. A run in progress finishes. Nothing is deleted.
	// +optional
	Suspend bool `json:"suspend,omitempty"`

	// mode is Apply (write the plan to Centra), Plan (report exactly what Apply would write) or
	// Observe (report drift and data gaps only). Plan and Observe never write to Centra.
	// +kubebuilder:default=Apply
	// +optional
	Mode SyncMode `json:"mode,omitempty"`

	// plytix is where products are read from.
	// +required
	Plytix PlytixSource `json:"plytix"`

	// centra is the storefront products are written to.
	// +required
	Centra CentraTarget `json:"centra"`

	// mappings selects the AttributeMappings, in this namespace, that say how Plytix attributes
	// become Centra fields and attributes.
	// +required
	Mappings MappingSelection `json:"mappings"`

	// hierarchy says how Plytix parents and variants become Centra products, variants and sizes.
	// +kubebuilder:default={}
	// +optional
	Hierarchy Hierarchy `json:"hierarchy,omitempty"`

	// gates are the checks a product must pass before it is written. A product that fails a
	// gate is not written at all (or, if it is already in Centra, left as it is), and each
	// failure is reported per SKU and attribute.
	// +optional
	Gates Gates `json:"gates,omitempty"`

	// drift says what to do when Centra differs from Plytix because someone edited Centra.
	// +kubebuilder:default={}
	// +optional
	Drift DriftPolicy `json:"drift,omitempty"`

	// deletionPolicy says what happens to a Centra product whose Plytix product is gone or left
	// the scope: Orphan (leave it, report it) or Deactivate (set its display in this store
	// inactive, only when the Plytix product is gone altogether). Only products this operator
	// created (external id plytix:...), of a brand the mappings map and displayed in this store,
	// are considered. Products are never deleted.
	// +kubebuilder:default=Orphan
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`

	// publish says in which state new products are created and what happens to live products
	// that stop passing the gates.
	// +kubebuilder:default={}
	// +optional
	Publish PublishPolicy `json:"publish,omitempty"`
}

// MappingSelection picks AttributeMappings by name, by label, or both.
// +kubebuilder:validation:XValidation:rule="(has(self.names) && size(self.names) > 0) || has(self.selector)",message="spec.mappings needs names or a selector: a CatalogSync without a mapping would sync nothing"
type MappingSelection struct {
	// names of AttributeMappings in this namespace, applied in order; a later mapping's rule
	// for the same target wins.
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.all(n, n.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))",message="spec.mappings.names holds AttributeMapping names: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
	// +listType=atomic
	// +optional
	Names []string `json:"names,omitempty"`

	// selector selects AttributeMappings in this namespace by label, applied after the named ones
	// in name order.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
}

// Hierarchy maps the Plytix parent/variant structure onto Centra's Product → Variant → Size.
// +kubebuilder:validation:XValidation:rule="!has(self.colorAxis) || !has(self.sizeAxis) || self.colorAxis != self.sizeAxis",message="hierarchy.colorAxis and hierarchy.sizeAxis must be different attributes: one attribute cannot split products into both variants and sizes"
// +kubebuilder:validation:XValidation:rule="!(has(self.sizeChart) && has(self.sizeChartAttribute))",message="set hierarchy.sizeChart or hierarchy.sizeChartAttribute, not both"
type Hierarchy struct {
	// colorAxis is the label of the Plytix attribute whose values group variants into Centra
	// product variants (one per colour).
	// +kubebuilder:default=color
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	ColorAxis string `json:"colorAxis,omitempty"`

	// sizeAxis is the label of the Plytix attribute whose values become Centra sizes within a
	// colour. Each size must exist in the chosen size chart.
	// +kubebuilder:default=size
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	SizeAxis string `json:"sizeAxis,omitempty"`

	// sizeChart is the name of the Centra size chart every product uses. Centra sets a variant's
	// size chart once and never changes it.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	SizeChart string `json:"sizeChart,omitempty"`

	// sizeChartAttribute is the label of a Plytix attribute whose value picks the size chart
	// through the AttributeMapping's sizeCharts lookup, for catalogues that mix size systems.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	SizeChartAttribute string `json:"sizeChartAttribute,omitempty"`

	// productNumberAttribute is the label of the Plytix attribute that holds the Centra product
	// number. Defaults to the Plytix parent SKU.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	ProductNumberAttribute string `json:"productNumberAttribute,omitempty"`

	// oneSizeChart is the name of a Centra size chart with a single size (such as "One Size").
	// A Plytix product with no variants and neither a colour nor a size becomes a one-size
	// product on it: one variant with that size, its SKU the product's. Unset (the default),
	// such a product is blocked with reason NoVariantAxes.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:XValidation:rule="self == self.trim()",message="hierarchy.oneSizeChart must not start or end with spaces: it is matched exactly against Centra's size chart names"
	// +optional
	OneSizeChart string `json:"oneSizeChart,omitempty"`
}

// Gates are the checks a product must pass before it is written to Centra.
// +kubebuilder:validation:XValidation:rule="!has(self.minCompleteness) || self.minCompleteness == 0 || (has(self.completenessAttribute) && size(self.completenessAttribute) > 0)",message="gates.completenessAttribute is required when gates.minCompleteness is set: it names the Plytix completeness attribute to check"
type Gates struct {
	// requiredAttributes are Plytix attribute labels that every product (and every variant, for
	// variant-level attributes) must have a value for.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +listType=set
	// +optional
	RequiredAttributes []string `json:"requiredAttributes,omitempty"`

	// minCompleteness is the lowest Plytix completeness percentage (0-100) a product may have.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	MinCompleteness *int32 `json:"minCompleteness,omitempty"`

	// completenessAttribute is the label of the Plytix completeness attribute that
	// minCompleteness is checked against.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	CompletenessAttribute string `json:"completenessAttribute,omitempty"`

	// requiredStatus lists the Plytix statuses a product may be written in (for example
	// Completed). Empty means any status.
	// +kubebuilder:validation:MaxItems=8
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=64
	// +listType=set
	// +optional
	RequiredStatus []string `json:"requiredStatus,omitempty"`
}

// DriftMode says what to do about drift.
// +kubebuilder:validation:Enum=Enforce;Warn;Disabled
type DriftMode string

const (
	// DriftModeEnforce reports drift and writes the Plytix value back to Centra.
	DriftModeEnforce DriftMode = "Enforce"
	// DriftModeWarn reports drift and leaves Centra as it is.
	DriftModeWarn DriftMode = "Warn"
	// DriftModeDisabled does not look for drift.
	DriftModeDisabled DriftMode = "Disabled"
)

// DriftPolicy says how a run treats values that differ in Centra while Plytix did not change.
type DriftPolicy struct {
	// mode is Enforce (report and correct), Warn (report only) or Disabled.
	// +kubebuilder:default=Warn
	// +optional
	Mode DriftMode `json:"mode,omitempty"`

	// ignoredAttributes are mapped targets whose drift is neither reported nor corrected, named
	// as in status.attributes (for example display.description or attribute:pr_fit.text).
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=set
	// +optional
	IgnoredAttributes []string `json:"ignoredAttributes,omitempty"`
}

// NewProductState is the state new products are created in.
// +kubebuilder:validation:Enum=Active;Inactive
type NewProductState string

const (
	// NewProductActive creates products and their display active, so they go live once every
	// gate has passed.
	NewProductActive NewProductState = "Active"
	// NewProductInactive creates products inactive, for a merchandiser to review and activate in Centra.
	NewProductInactive NewProductState = "Inactive"
)

// GateFailureAction says what happens to a live product that stops passing the gates.
// +kubebuilder:validation:Enum=Keep;Deactivate
type GateFailureAction string

const (
	// GateFailureKeep leaves the live product as it is until Plytix is fixed.
	GateFailureKeep GateFailureAction = "Keep"
	// GateFailureDeactivate sets the live product's display in this sync's store inactive. It
	// stays inactive until someone activates it in Centra, also once Plytix is fixed: the
	// operator never makes a product live that a merchandiser may have hidden on purpose.
	GateFailureDeactivate GateFailureAction = "Deactivate"
)

// PublishPolicy says how products go live.
type PublishPolicy struct {
	// newProducts is the state new products are created in: Active or Inactive.
	// +kubebuilder:default=Active
	// +optional
	NewProducts NewProductState `json:"newProducts,omitempty"`

	// onGateFailure is what happens to a product already in Centra that stops passing a gate:
	// Keep it as it is, or Deactivate it.
	// +kubebuilder:default=Keep
	// +optional
	OnGateFailure GateFailureAction `json:"onGateFailure,omitempty"`
}

// +kubebuilder:object:root=true

// CatalogSyncList is a list of CatalogSyncs.
type CatalogSyncList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []CatalogSync `json:"items"`
}
