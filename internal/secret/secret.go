// Package secret holds credential values that must never reach logs, events, status or errors.
//
// A Value prints as "[redacted]" through every formatting path (fmt verbs, %#v, JSON, logr),
// so a credential that slips into a log line or an error message is still not disclosed.
// The raw value is only available through Reveal, which the HTTP clients call when they put
// it on the wire.
package secret

import "fmt"

const redacted = "[redacted]"

// Value is a credential (API key, password, token).
type Value struct {
	raw string
}

// New wraps a raw credential.
func New(raw string) Value { return Value{raw: raw} }

// Reveal returns the raw credential, for the wire only.
func (v Value) Reveal() string { return v.raw }

// Empty reports whether no credential was given.
func (v Value) Empty() bool { return v.raw == "" }

// String implements fmt.Stringer.
func (v Value) String() string { return redacted }

// GoString implements fmt.GoStringer, so %#v redacts too.
func (v Value) GoString() string { return redacted }

// Format implements fmt.Formatter, so every verb redacts.
func (v Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalJSON implements json.Marshaler.
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalLog implements logr.Marshaler.
func (v Value) MarshalLog() any { return redacted }
