// Package plytixtest is a Plytix PIM sandbox: a real HTTP server that behaves like the
// documented v1 API (docs/reference/plytix-api.md, the "simulator blueprint" of §13), over a deterministic,
// seeded fashion catalogue with knobs for the data problems the operator must catch.
//
// It serves three uses:
//   - Go tests: NewTestServer starts it on httptest and closes it with the test.
//   - Another process (the demo runner in hack/): New(...) and Handler() mount it anywhere.
//   - A running sandbox is driven over HTTP under /_sandbox/ (see controls_http.go): edit
//     data, inject faults, read counters.
//
// It is independent of the client in package plytix on purpose: it is written from the
// reference, so a misreading shared by both would not go unnoticed.
//
// Where the reference is unverified or conflicting, the sandbox follows the §13 suggestion
// and makes the behaviour configurable (Options and the Set* controls): the column limit
// (50 or 20, §5.3), whether an "id" search filter is accepted (§12 pitfall 2), whether date
// filters take datetimes (§10), the auth 401 body shape (§2.3), Retry-After on 429 (§4) and
// the pagination count quirks (§5.4).
//
// Section references (§) are to docs/reference/plytix-api.md.
package plytixtest
