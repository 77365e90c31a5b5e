// Package v1alpha1 holds the pim.catalogsync.io/v1alpha1 API: CatalogSync, which syncs a Plytix
// PIM catalogue into a Centra storefront on an interval, and AttributeMapping, which says how
// Plytix attributes become Centra fields and attributes.
//
// This package is a leaf: it imports only apimachinery, so other projects can use the types
// without pulling in the controllers.
//
// +kubebuilder:object:generate=true
// +groupName=pim.catalogsync.io
package v1alpha1
