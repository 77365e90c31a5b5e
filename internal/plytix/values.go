package plytix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Attribute type classes (docs/reference/plytix-api.md §8).
const (
	TypeText         = "TextAttribute"
	TypeMultiline    = "MultilineAttribute"
	TypeHTML         = "HtmlAttribute"
	TypeURL          = "UrlAttribute"
	TypeInt          = "IntAttribute"
	TypeDecimal      = "DecimalAttribute"
	TypeBoolean      = "BooleanAttribute"
	TypeDate         = "DateAttribute"
	TypeDropdown     = "DropdownAttribute"
	TypeMultiSelect  = "MultiSelectAttribute"
	TypeMedia        = "MediaAttribute"
	TypeMediaGallery = "MediaGalleryAttribute"
	TypeCompleteness = "CompletenessAttribute"
)

// Value is a decoded attribute value: one of Empty, Text, Int, Decimal, Bool, Date, Option,
// Options, Media, Percent or Raw.
type Value interface {
	// Strings renders the value for a target that takes text: one string per item, none
	// when empty.
	Strings() []string
	// String renders the value as one string; list items are joined by ", ".
	String() string
	isValue()
}

// Empty is an attribute without a value: null, "" (how Plytix writes an empty decimal,
// §6.2) or an empty list.
type Empty struct{}

// Text is a text, multiline, HTML or URL value, as written.
type Text string

// Int is an IntAttribute value; numbers sent as strings are accepted (§6.2).
type Int int64

// Decimal is a DecimalAttribute value kept as its decimal text, so "59.90" reaches the
// target without a round trip through float64.
type Decimal string

// Bool is a BooleanAttribute value.
type Bool bool

// Date is a DateAttribute value. HasTime is false for a date ("2018-12-31", or a midnight
// "2019-12-01T00:00:00", which is how Plytix writes dates since 2019, §6.2).
type Date struct {
	Time    time.Time
	HasTime bool
}

// Option is a DropdownAttribute value.
type Option string

// Options is a MultiSelectAttribute value.
type Options []string

// Media is a MediaAttribute (one item) or MediaGalleryAttribute value.
type Media []MediaRef

// Percent is a CompletenessAttribute value, 0 to 100, possibly fractional (§6.2).
type Percent float64

// Raw is a value of a type class this client does not know (FormulaAttribute, §8), when it
// is not a plain scalar or list of strings.
type Raw json.RawMessage

func (Empty) isValue()   {}
func (Text) isValue()    {}
func (Int) isValue()     {}
func (Decimal) isValue() {}
func (Bool) isValue()    {}
func (Date) isValue()    {}
func (Option) isValue()  {}
func (Options) isValue() {}
func (Media) isValue()   {}
func (Percent) isValue() {}
func (Raw) isValue()     {}

func (Empty) Strings() []string     { return nil }
func (v Text) Strings() []string    { return []string{string(v)} }
func (v Int) Strings() []string     { return []string{strconv.FormatInt(int64(v), 10)} }
func (v Decimal) Strings() []string { return []string{string(v)} }
func (v Bool) Strings() []string    { return []string{strconv.FormatBool(bool(v))} }
func (v Option) Strings() []string  { return []string{string(v)} }
func (v Options) Strings() []string { return append([]string(nil), v...) }
func (v Percent) Strings() []string {
	return []string{strconv.FormatFloat(float64(v), 'f', -1, 64)}
}
func (v Raw) Strings() []string { return []string{string(v)} }

// Strings renders a date as YYYY-MM-DD, or RFC 3339 when it carries a time of day.
func (v Date) Strings() []string {
	if v.HasTime {
		return []string{v.Time.Format(time.RFC3339)}
	}
	return []string{v.Time.Format(time.DateOnly)}
}

// Strings renders each media item as its URL, or its asset id when the response carried no
// URL (search results never do, §6.3); resolve those with Client.Assets.
func (v Media) Strings() []string {
	out := make([]string, 0, len(v))
	for _, m := range v {
		if m.URL != "" {
			out = append(out, m.URL)
		} else {
			out = append(out, m.ID)
		}
	}
	return out
}

func (v Empty) String() string   { return "" }
func (v Text) String() string    { return string(v) }
func (v Int) String() string     { return join(v) }
func (v Decimal) String() string { return string(v) }
func (v Bool) String() string    { return join(v) }
func (v Date) String() string    { return join(v) }
func (v Option) String() string  { return string(v) }
func (v Options) String() string { return join(v) }
func (v Media) String() string   { return join(v) }
func (v Percent) String() string { return join(v) }
func (v Raw) String() string     { return string(v) }

func join(v Value) string { return strings.Join(v.Strings(), ", ") }

// Float64 returns the decimal as a float, for comparisons.
func (v Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(string(v), 64)
	return f
}

// IsEmpty reports whether v carries no value.
func IsEmpty(v Value) bool {
	_, empty := v.(Empty)
	return v == nil || empty
}

// ValueError says one attribute value does not fit its type class. It is a per-attribute
// finding: the rest of the product decodes.
type ValueError struct {
	Label     string
	TypeClass string
	// Raw is the start of the offending JSON value, for the merchandiser's message.
	Raw    string
	Reason string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("attribute %q (%s): value %s %s", e.Label, e.TypeClass, e.Raw, e.Reason)
}

// DecodeValue decodes one raw attribute value by its definition's type_class. It never
// panics; a value that does not fit is a *ValueError. Dropdown and multiselect values are
// not checked against the definition's options: Plytix enforces those on write (§6.2), and
// an option deleted later is the caller's finding to report.
func DecodeValue(def AttributeDefinition, raw json.RawMessage) (Value, error) {
	raw = bytes.TrimSpace(raw)
	fail := func(reason string) (Value, error) {
		return nil, &ValueError{Label: def.Label, TypeClass: def.TypeClass, Raw: truncate(string(raw), 80), Reason: reason}
	}
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" {
		return Empty{}, nil
	}
	if !json.Valid(raw) {
		return fail("is not valid JSON")
	}
	switch def.TypeClass {
	case TypeText, TypeMultiline, TypeHTML, TypeURL:
		return decodeText(raw, fail)
	case TypeInt:
		return decodeInt(raw, fail)
	case TypeDecimal:
		return decodeDecimal(raw, fail)
	case TypeBoolean:
		return decodeBool(raw, fail)
	case TypeDate:
		return decodeDate(raw, fail)
	case TypeDropdown:
		return decodeOption(raw, fail)
	case TypeMultiSelect:
		return decodeOptions(raw, fail)
	case TypeMedia:
		v, err := decodeMedia(raw, fail)
		if m, ok := v.(Media); ok && len(m) > 1 {
			return fail("has several items for a single media attribute")
		}
		return v, err
	case TypeMediaGallery:
		return decodeMedia(raw, fail)
	case TypeCompleteness:
		return decodePercent(raw, fail)
	default:
		return decodeByShape(raw), nil
	}
}

// DecodeAttributes decodes every attribute of a product with the definitions keyed by label.
// Labels without a definition (such as account-level completeness attributes that appear
// unasked, §6.2) are decoded by their JSON shape. Failures are returned per label.
func DecodeAttributes(defs map[string]AttributeDefinition, attrs map[string]json.RawMessage) (map[string]Value, map[string]error) {
	values := make(map[string]Value, len(attrs))
	var errs map[string]error
	for label, raw := range attrs {
		def, ok := defs[label]
		if !ok {
			def = AttributeDefinition{Label: label}
		}
		v, err := DecodeValue(def, raw)
		if err != nil {
			if errs == nil {
				errs = map[string]error{}
			}
			errs[label] = err
			continue
		}
		values[label] = v
	}
	return values, errs
}

type failFunc func(reason string) (Value, error)

func decodeText(raw json.RawMessage, fail failFunc) (Value, error) {
	if raw[0] == '"' || isJSONNumber(raw) {
		return Text(scalarText(raw)), nil
	}
	return fail("is not text")
}

// numberText returns the digits of a JSON number or of a string holding one (Plytix sends
// both, §6.2), trimmed; ok is false for anything else.
func numberText(raw json.RawMessage) (string, bool) {
	if isJSONNumber(raw) {
		return string(raw), true
	}
	if raw[0] != '"' {
		return "", false
	}
	s := strings.TrimSpace(scalarText(raw))
	return s, decimalPattern.MatchString(s)
}

// decimalPattern is a plain decimal number: no hex, no NaN, no thousands separators.
var decimalPattern = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

func decodeInt(raw json.RawMessage, fail failFunc) (Value, error) {
	s, ok := numberText(raw)
	if !ok {
		if raw[0] == '"' && strings.TrimSpace(scalarText(raw)) == "" {
			return Empty{}, nil
		}
		return fail("is not a number")
	}
	if n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
		return Int(n), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fail("is out of range")
	}
	if f != math.Trunc(f) {
		return fail("is not a whole number")
	}
	if f >= math.MaxInt64 || f <= math.MinInt64 {
		return fail("is out of range")
	}
	return Int(int64(f)), nil
}

func decodeDecimal(raw json.RawMessage, fail failFunc) (Value, error) {
	s, ok := numberText(raw)
	if !ok {
		if raw[0] == '"' && strings.TrimSpace(scalarText(raw)) == "" {
			return Empty{}, nil
		}
		return fail("is not a decimal number")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return fail("is out of range")
	}
	return Decimal(strings.TrimPrefix(s, "+")), nil
}

func decodeBool(raw json.RawMessage, fail failFunc) (Value, error) {
	switch strings.ToLower(strings.Trim(string(raw), `"`)) {
	case "true", "1":
		return Bool(true), nil
	case "false", "0":
		return Bool(false), nil
	}
	return fail("is not a boolean")
}

func decodeDate(raw json.RawMessage, fail failFunc) (Value, error) {
	if raw[0] != '"' {
		return fail("is not a date")
	}
	t, err := ParseTime(scalarText(raw))
	if err != nil {
		return fail("is not a date")
	}
	return Date{Time: t, HasTime: t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0}, nil
}

func decodeOption(raw json.RawMessage, fail failFunc) (Value, error) {
	if raw[0] == '"' || isJSONNumber(raw) {
		return Option(scalarText(raw)), nil
	}
	// A one-item list, as a dropdown may arrive from a multiselect-minded writer.
	if opts, ok := stringList(raw); ok && len(opts) <= 1 {
		if len(opts) == 0 || opts[0] == "" {
			return Empty{}, nil
		}
		return Option(opts[0]), nil
	}
	return fail("is not a single option")
}

func decodeOptions(raw json.RawMessage, fail failFunc) (Value, error) {
	if raw[0] == '"' {
		return Options{scalarText(raw)}, nil
	}
	opts, ok := stringList(raw)
	if !ok {
		return fail("is not a list of options")
	}
	kept := opts[:0]
	for _, o := range opts {
		if o != "" {
			kept = append(kept, o)
		}
	}
	if len(kept) == 0 {
		return Empty{}, nil
	}
	return Options(kept), nil
}

// stringList reads a JSON list of strings or numbers.
func stringList(raw json.RawMessage) ([]string, bool) {
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		item = bytes.TrimSpace(item)
		if len(item) == 0 || !(item[0] == '"' || isJSONNumber(item)) {
			return nil, false
		}
		out = append(out, scalarText(item))
	}
	return out, true
}

// decodeMedia reads v1 objects ({id,url,thumb,...}), search's {id} and v2's bare ids
// (§6.2–§6.4).
func decodeMedia(raw json.RawMessage, fail failFunc) (Value, error) {
	refs := decodeMediaList(raw)
	if refs == nil {
		return fail("is not a media reference")
	}
	var items []json.RawMessage
	if raw[0] == '[' && json.Unmarshal(raw, &items) == nil && len(items) != len(refs) {
		return fail("has items that are not media references")
	}
	if len(refs) == 0 {
		return Empty{}, nil
	}
	return Media(refs), nil
}

func decodePercent(raw json.RawMessage, fail failFunc) (Value, error) {
	s, ok := numberText(raw)
	if !ok {
		return fail("is not a percentage")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 100 {
		return fail("is not a percentage between 0 and 100")
	}
	return Percent(f), nil
}

// decodeByShape is for type classes the client does not know: keep what the JSON says.
func decodeByShape(raw json.RawMessage) Value {
	switch {
	case raw[0] == '"':
		return Text(scalarText(raw))
	case isJSONNumber(raw):
		return Decimal(raw)
	case string(raw) == "true" || string(raw) == "false":
		return Bool(string(raw) == "true")
	}
	if opts, ok := stringList(raw); ok {
		return Options(opts)
	}
	return Raw(append(json.RawMessage(nil), raw...))
}
