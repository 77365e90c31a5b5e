// Package controllers holds one reconciler per kind of the pim.catalogsync.io API, the pure
// functions that compute their status, and the envtest suite that runs them against a real
// API server.
package controllers
