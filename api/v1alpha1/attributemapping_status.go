package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AttributeMappingStatus is written by the AttributeMapping controller only: validation against
// the live Plytix and Centra definitions, and the per-attribute results of every CatalogSync that
// uses the mapping.
type AttributeMappingStatus struct {
	// observedGeneration is the spec generation the status describes; -1 before the first reconcile.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// conditions: Ready, Reconciling and Stalled (kstatus), and Validated, UnmappedAttributes
	// and AttributesFailing.
	// +kubebuilder:validation:MaxItems=16
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// usedBy names the CatalogSyncs in this namespace that use the mapping.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=253
	// +listType=set
	// +optional
	UsedBy []string `json:"usedBy,omitempty"`

	// lastSyncTime is the latest sync run of any CatalogSync using the mapping.
	// +optional
	LastSyncTime *metav1.Time `json:"lastSyncTime,omitempty"`

	// problems found validating the rules against Plytix attribute definitions and Centra
	// attribute types, capped, with exact totals.
	// +optional
	Problems *ProblemList `json:"problems,omitempty"`

	// attributes are the per-attribute results summed over the CatalogSyncs that use the mapping.
	// +kubebuilder:validation:MaxItems=128
	// +listType=map
	// +listMapKey=name
	// +optional
	Attributes []AttributeStatus `json:"attributes,omitempty"`
}

// ProblemList is a capped list of mapping problems with an exact total.
type ProblemList struct {
	// total is the exact number of problems.
	Total int64 `json:"total"`
	// truncated is true when items does not list every problem.
	Truncated bool `json:"truncated"`
	// items are the problems, in rule order.
	// +kubebuilder:validation:MaxItems=50
	// +listType=atomic
	// +optional
	Items []MappingProblem `json:"items,omitempty"`
}

// MappingProblem is one thing wrong with a mapping, found against the live definitions.
type MappingProblem struct {
	// type is UnknownSourceAttribute, UnknownTarget, TypeMismatch, LookupGap or UnknownBrand
	// (the mapping is wrong), or UnmappedSourceAttribute, UncoveredValues or BrandNotInStore
	// (a gap in what it covers).
	// +kubebuilder:validation:MaxLength=64
	Type string `json:"type"`
	// field is where the problem is, for example spec.rules[3].from.attribute.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Field string `json:"field,omitempty"`
	// message says what is wrong and what to change.
	// +kubebuilder:validation:MaxLength=1024
	Message string `json:"message"`
	// mapping is the AttributeMapping the problem is in; empty for a problem of the CatalogSync
	// as a whole, such as a Plytix attribute that no selected mapping maps.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Mapping string `json:"mapping,omitempty"`
	// catalogSync is the CatalogSync whose Plytix account or Centra store showed the problem.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	CatalogSync string `json:"catalogSync,omitempty"`
}
