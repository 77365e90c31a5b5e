package plytixtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fieldKind is how a search field compares, after the filter types of docs/reference/plytix-api.md §5.2.
type fieldKind int

const (
	kText        fieldKind = iota // TextAttribute: sku, label, gtin, text/html/url attributes
	kNumber                       // Decimal/Int/Completeness, product_level
	kDropdown                     // DropdownAttribute
	kStatus                       // system status
	kMulti                        // MultiSelectAttribute and categories
	kStaticLists                  // static_lists
	kMedia                        // assets, images, thumbnail, media attributes
	kDate                         // created, modified, DateAttribute
	kBool                         // BooleanAttribute
	kProperty                     // _is_variation, _has_variations
	kID                           // id, when the sandbox accepts it
)

// allowedOps are the operators each kind accepts (§5.2, "Get available product filters").
// Custom booleans and ids are not in that example; their operators are inferred.
var allowedOps = map[fieldKind][]string{
	kText:        {"exists", "!exists", "like", "eq", "!eq"},
	kNumber:      {"exists", "!exists", "eq", "!eq", "gt", "gte", "lt", "lte"},
	kDropdown:    {"exists", "!exists", "eq", "!eq", "in", "!in"},
	kStatus:      {"eq", "in", "!in"},
	kMulti:       {"exists", "!exists", "in", "!in"},
	kStaticLists: {"in"},
	kMedia:       {"exists", "!exists"},
	kDate:        {"exists", "!exists", "eq", "gt", "gte", "lt", "lte"},
	kBool:        {"exists", "!exists", "eq", "!eq"},
	kProperty:    {"eq"},
	kID:          {"eq", "in", "!in"},
}

var filterTypes = map[fieldKind]string{
	kText: "TextAttribute", kNumber: "DecimalAttribute", kDropdown: "DropdownAttribute", kStatus: "DropdownAttribute",
	kMulti: "MultiSelectAttribute", kStaticLists: "MultiSelectAttribute", kMedia: "MediaAttribute", kDate: "DateAttribute",
	kBool: "BooleanAttribute", kProperty: "BooleanAttribute", kID: "TextAttribute",
}

// field is a searchable field of items of type T.
type field[T any] struct {
	kind fieldKind
	get  func(T) any
}

// rawFilter is one filter as sent.
type rawFilter struct {
	Field    json.RawMessage `json:"field"`
	Operator json.RawMessage `json:"operator"`
	Value    json.RawMessage `json:"value"`
}

// parseFilters reads "filters": a list of lists of filter objects (§5.1).
func parseFilters(raw json.RawMessage) ([][]rawFilter, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var groups [][]rawFilter
	if err := json.Unmarshal(raw, &groups); err != nil {
		return nil, schemaError("filters", "Not a valid list of lists of filters.")
	}
	return groups, nil
}

// compile turns filter groups into one predicate: OR of AND groups (§5.1).
func compile[T any](groups [][]rawFilter, lookup func(string) (field[T], bool), dates DateFilters) (func(T) bool, *apiError) {
	var ors []func(T) bool
	for _, group := range groups {
		var ands []func(T) bool
		for _, f := range group {
			pred, err := compileOne(f, lookup, dates)
			if err != nil {
				return nil, err
			}
			ands = append(ands, pred)
		}
		ors = append(ors, func(x T) bool {
			for _, p := range ands {
				if !p(x) {
					return false
				}
			}
			return true
		})
	}
	if len(ors) == 0 {
		return func(T) bool { return true }, nil
	}
	return func(x T) bool {
		for _, p := range ors {
			if p(x) {
				return true
			}
		}
		return false
	}, nil
}

func compileOne[T any](f rawFilter, lookup func(string) (field[T], bool), dates DateFilters) (func(T) bool, *apiError) {
	var op string
	if json.Unmarshal(f.Operator, &op) != nil || op == "" {
		return nil, schemaError("operator", "Missing data for required field.")
	}
	value, err := decodeValue(f.Value)
	if err != nil {
		return nil, schemaError("value", "Not a valid JSON value.")
	}
	if op == "text_search" {
		return compileTextSearch(f.Field, value, lookup)
	}
	var name string
	if json.Unmarshal(f.Field, &name) != nil || name == "" {
		return nil, schemaError("field", "Missing data for required field.")
	}
	fld, ok := lookup(name)
	if !ok {
		return nil, schemaError(name, "field does not exist")
	}
	if !slices.Contains(allowedOps[fld.kind], op) {
		return nil, schemaError(name, fmt.Sprintf("operator %s is not allowed for this field", op))
	}
	switch op {
	case "exists", "!exists":
		if value != nil {
			return nil, schemaError(name, "value is meaningless for operator "+op)
		}
		want := op == "exists"
		return func(x T) bool { return hasValue(fld.get(x)) == want }, nil
	case "in", "!in":
		list, ok := value.([]any)
		if !ok || len(list) == 0 {
			return nil, schemaError(name, "operator "+op+" takes a non-empty list")
		}
		set := make([]string, 0, len(list))
		for _, item := range list {
			s, ok := scalarText(item)
			if !ok {
				return nil, schemaError(name, "operator "+op+" takes a list of values")
			}
			set = append(set, s)
		}
		// Multiselect and dropdown compare case-sensitively (§5.2).
		in := func(x T) bool {
			for _, v := range asList(fld.get(x)) {
				if slices.Contains(set, v) {
					return true
				}
			}
			return false
		}
		if op == "in" {
			return in, nil
		}
		return func(x T) bool { return !in(x) }, nil
	}
	return compileBinary(name, op, fld, value, dates)
}

func compileBinary[T any](name, op string, fld field[T], value any, dates DateFilters) (func(T) bool, *apiError) {
	switch fld.kind {
	case kNumber:
		want, ok := asNumber(value)
		if !ok {
			return nil, schemaError(name, "Not a valid number.")
		}
		return func(x T) bool {
			got, ok := asNumber(fld.get(x))
			if !ok {
				return op == "!eq"
			}
			return compareOrdered(op, cmpFloat(got, want))
		}, nil
	case kDate:
		want, dateOnly, err := parseFilterDate(value, dates)
		if err != nil {
			return nil, schemaError(name, err.Error())
		}
		return func(x T) bool {
			got, ok := asTime(fld.get(x))
			if !ok {
				return false
			}
			if op == "eq" {
				if dateOnly {
					return got.Format(time.DateOnly) == want.Format(time.DateOnly)
				}
				return got.Truncate(time.Second).Equal(want)
			}
			return compareOrdered(op, got.Compare(want))
		}, nil
	case kBool, kProperty:
		want, ok := asBool(value)
		if !ok {
			return nil, schemaError(name, "Not a valid boolean.")
		}
		return func(x T) bool {
			got, ok := asBool(fld.get(x))
			if op == "!eq" {
				return !ok || got != want
			}
			return ok && got == want
		}, nil
	case kID:
		want, ok := scalarText(value)
		if !ok {
			return nil, schemaError(name, "Not a valid string.")
		}
		return func(x T) bool { return fmt.Sprint(fld.get(x)) == want }, nil
	}
	// Text, dropdown and status: eq/!eq case-insensitive, like a case-insensitive substring
	// (§5.2; the case of like is not documented).
	want, ok := scalarText(value)
	if !ok {
		return nil, schemaError(name, "Not a valid string.")
	}
	switch op {
	case "like":
		lower := strings.ToLower(want)
		return func(x T) bool { return strings.Contains(strings.ToLower(asText(fld.get(x))), lower) }, nil
	case "!eq":
		return func(x T) bool { return !strings.EqualFold(asText(fld.get(x)), want) }, nil
	default:
		return func(x T) bool { return strings.EqualFold(asText(fld.get(x)), want) }, nil
	}
}

// compileTextSearch matches when any of the listed text fields contains the value,
// case-insensitively (§5.2; the matching rules are not documented).
func compileTextSearch[T any](rawField json.RawMessage, value any, lookup func(string) (field[T], bool)) (func(T) bool, *apiError) {
	var names []string
	if json.Unmarshal(rawField, &names) != nil || len(names) == 0 {
		return nil, schemaError("field", "text_search takes a list of fields.")
	}
	want, ok := value.(string)
	if !ok {
		return nil, schemaError("value", "Not a valid string.")
	}
	var getters []func(T) any
	for _, n := range names {
		fld, ok := lookup(n)
		if !ok {
			return nil, schemaError(n, "field does not exist")
		}
		getters = append(getters, fld.get)
	}
	lower := strings.ToLower(want)
	return func(x T) bool {
		for _, get := range getters {
			if strings.Contains(strings.ToLower(asText(get(x))), lower) {
				return true
			}
		}
		return false
	}, nil
}

func compareOrdered(op string, c int) bool {
	switch op {
	case "eq":
		return c == 0
	case "!eq":
		return c != 0
	case "gt":
		return c > 0
	case "gte":
		return c >= 0
	case "lt":
		return c < 0
	case "lte":
		return c <= 0
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var dateOnlyPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var dateLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02",
}

// parseFilterDate reads a date filter value as the sandbox's DateFilters setting allows.
func parseFilterDate(value any, dates DateFilters) (time.Time, bool, error) {
	s, ok := value.(string)
	if !ok {
		return time.Time{}, false, errors.New("Not a valid date.") //nolint:revive // Plytix's own message
	}
	if dateOnlyPattern.MatchString(s) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return time.Time{}, false, errors.New("Not a valid date.") //nolint:revive // Plytix's own message
		}
		return t, true, nil
	}
	if dates == DateOnlyFilters {
		return time.Time{}, false, errors.New("Not a valid date. Format must be: YYYY-MM-DD")
	}
	t, ok := asTime(s)
	if !ok {
		return time.Time{}, false, errors.New("Not a valid datetime.") //nolint:revive // Plytix's own message
	}
	return t.Truncate(time.Second), false, nil
}

// decodeValue decodes a filter value keeping numbers exact.
func decodeValue(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// hasValue reports whether a stored value is set; false is a value.
func hasValue(v any) bool {
	if t, ok := v.(time.Time); ok {
		return !t.IsZero()
	}
	return !isEmptyValue(v)
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func asText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return formatTime(x)
	case []string:
		return strings.Join(x, " ")
	case mediaIDs:
		return strings.Join(x, " ")
	}
	return fmt.Sprint(v)
}

func asNumber(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	case json.Number:
		n, err := x.Float64()
		if err != nil {
			return 0, false
		}
		f = n
	case string:
		n, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, false
		}
		f = n
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, !x.IsZero()
	case string:
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, x); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

func asList(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []string:
		return x
	case mediaIDs:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, item := range x {
			out = append(out, asText(item))
		}
		return out
	}
	return []string{asText(v)}
}
