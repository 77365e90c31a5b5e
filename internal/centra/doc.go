// Package centra is the operator's only way to write Centra: a client for Centra's GraphQL
// Integration API (reference: docs/reference/centra-api.md) that reads reference data and the observed
// state of products, and creates and updates products, variants, sizes, displays,
// attributes and media.
//
// Every document it sends is validated against the vendored schema (schema/centra.graphql)
// by a test. Every mutation selects userErrors and userWarnings; a non-empty userErrors is a
// *UserErrorsError naming the object and the field path, and warnings travel with the
// result. Requests spend from three shared budgets (requests, query complexity, mutations)
// that mirror Centra's rate limits (§5.5), and are retried after 429, 5xx and timeouts
// unless a retry could repeat a create: creates are not idempotent in Centra (§5.4), so
// the Ensure* helpers look objects up before creating them and again after any outcome
// that is unknown.
//
// There is no stock, price, pricelist or warehouse operation in this package, on purpose
// (docs/design.md §9, invariant 1); a test checks every document against a deny-list.
//
// Section references (§) are to docs/reference/centra-api.md.
package centra
