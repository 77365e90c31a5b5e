package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AttributeMapping says how Plytix attributes become Centra product, variant, size and display
// fields and custom attributes, and how Plytix values are looked up as Centra brands,
// categories, collections, folders and size charts.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=amap,categories=pim
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`
// +kubebuilder:printcolumn:name="Last Sync",type=date,JSONPath=`.status.lastSyncTime`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type AttributeMapping struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec holds the mapping rules and lookup tables.
	// +required
	Spec AttributeMappingSpec `json:"spec"`

	// status is the mapping's validation against Plytix and Centra, and the per-attribute
	// results of every CatalogSync that uses it.
	// +kubebuilder:default={"observedGeneration":-1}
	// +optional
	Status AttributeMappingStatus `json:"status,omitempty"`
}

// AttributeMappingSpec holds rules and lookups.
// +kubebuilder:validation:XValidation:rule="has(self.brand) || has(self.rules) || has(self.categories) || has(self.collections) || has(self.folders) || has(self.sizeCharts)",message="an AttributeMapping needs at least one of brand, rules, categories, collections, folders or sizeCharts"
type AttributeMappingSpec struct {
	// brand maps Plytix brand values to Centra brands. A product whose brand is not listed,
	// or whose Centra brand is not enabled in the store, is blocked rather than created invisible.
	// +optional
	Brand *BrandMapping `json:"brand,omitempty"`

	// rules map one Plytix attribute or system field to one Centra target each. No two rules
	// may write the same target.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:XValidation:rule="self.all(r, self.exists_one(s, s.to == r.to))",message="two rules write the same Centra target: each target may be written by one rule only"
	// +listType=atomic
	// +optional
	Rules []AttributeRule `json:"rules,omitempty"`

	// ignoredAttributes are Plytix attribute labels deliberately not synced (a price, a stock
	// level: Centra's, never the PIM's). UnmappedAttributes, its event and the mapping problem
	// report only the attributes that are neither mapped nor listed here: the new ones.
	// +kubebuilder:validation:MaxItems=256
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +listType=set
	// +optional
	IgnoredAttributes []string `json:"ignoredAttributes,omitempty"`

	// categories maps Plytix category paths (joined with " > ") or attribute values to Centra
	// category names in the store.
	// +optional
	Categories *ValueLookup `json:"categories,omitempty"`

	// collections maps a Plytix attribute's values to Centra collections (seasons, such as AW26).
	// +optional
	Collections *ValueLookup `json:"collections,omitempty"`

	// folders maps a Plytix attribute's values to Centra folders.
	// +optional
	Folders *ValueLookup `json:"folders,omitempty"`

	// sizeCharts maps the values of the CatalogSync's hierarchy.sizeChartAttribute to Centra
	// size chart names.
	// +optional
	SizeCharts *ValueLookup `json:"sizeCharts,omitempty"`
}

// BrandMapping is the explicit lookup from Plytix brand values to Centra brand names.
type BrandMapping struct {
	// attribute is the label of the Plytix attribute holding the brand.
	// +kubebuilder:default=brand
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	Attribute string `json:"attribute,omitempty"`

	// values maps each Plytix brand value (from) to a Centra brand name (to).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=500
	// +listType=map
	// +listMapKey=from
	// +required
	Values []LookupEntry `json:"values"`
}

// LookupEntry maps one Plytix value to one Centra value.
type LookupEntry struct {
	// from is the Plytix value, matched exactly.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	From string `json:"from"`

	// to is the Centra value.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	To string `json:"to"`
}

// ValueLookup maps the values of a Plytix attribute to names of Centra objects.
type ValueLookup struct {
	// attribute is the label of the Plytix attribute (or the system field categories) whose
	// values are looked up.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +required
	Attribute string `json:"attribute"`

	// entries map Plytix values (from) to Centra names (to).
	// +kubebuilder:validation:MaxItems=1000
	// +listType=map
	// +listMapKey=from
	// +optional
	Entries []LookupEntry `json:"entries,omitempty"`

	// default is the Centra name used for a value with no entry. Without it, a value with no
	// entry is reported per SKU as a LookupGap: a category, collection or folder is left out and
	// the product is still synced, while a size chart blocks the product, because its variants
	// cannot be built without one.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Default string `json:"default,omitempty"`
}

// +kubebuilder:object:root=true

// AttributeMappingList is a list of AttributeMappings.
type AttributeMappingList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []AttributeMapping `json:"items"`
}
