// Package plytix is the operator's only view of a Plytix PIM account: a read client for the
// v1 REST API (docs/reference/plytix-api.md), built to stay inside Plytix's small request budgets.
//
// What it does, and the section of docs/reference/plytix-api.md each part follows:
//   - auth.go: tokens from the auth service (§2), refreshed before they expire, one refresh at
//     a time, re-authentication once on a 401.
//   - transport.go: every request spends from a shared two-window budget (§4), is timed out,
//     size-capped, counted by endpoint and status, and retried on 429/5xx/timeouts (§3.3).
//   - search.go, scan.go, windows.go, passes.go: product search (§5) streamed page by page,
//     with more columns than the column limit split into passes merged by id (§5.3), and
//     sorted reads over 10,000 products windowed instead of tripping the 428 (§5.4).
//   - delta.go: products modified since a watermark (§10).
//   - lookup.go: bulk lookups by SKU or id and the variants of a parent (§6.1, §7).
//   - definitions.go, assets.go: attribute definitions, categories, families (§8, §9) and
//     assets by id, batched and cached (§9).
//   - values.go: attribute values decoded by type_class into typed values (§6.2, §8).
//
// Where the reference marks a behaviour as unverified or conflicting, the client is tolerant
// of every documented variant and says so next to the code.
//
// Section references (§) are to docs/reference/plytix-api.md.
package plytix
