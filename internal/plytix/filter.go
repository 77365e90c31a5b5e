package plytix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Operator is a search filter operator (docs/reference/plytix-api.md §5.2).
type Operator string

// The v1 filter operators. The v3 vocabulary (contains, null) is not accepted by v1 (§5.2
// CONFLICT), so it is not offered.
const (
	OpExists     Operator = "exists"
	OpNotExists  Operator = "!exists"
	OpEq         Operator = "eq"
	OpNotEq      Operator = "!eq"
	OpLike       Operator = "like"
	OpIn         Operator = "in"
	OpNotIn      Operator = "!in"
	OpGt         Operator = "gt"
	OpGte        Operator = "gte"
	OpLt         Operator = "lt"
	OpLte        Operator = "lte"
	OpTextSearch Operator = "text_search"
)

type arity int

const (
	unary arity = iota
	binary
	listOf
)

var operatorArity = map[Operator]arity{
	OpExists: unary, OpNotExists: unary,
	OpEq: binary, OpNotEq: binary, OpLike: binary, OpGt: binary, OpGte: binary, OpLt: binary, OpLte: binary,
	OpTextSearch: binary,
	OpIn:         listOf, OpNotIn: listOf,
}

// Filter is one condition. Field is a system field (sku, modified, ...) or
// "attributes.<label>" for a custom attribute (§5.1); text_search takes several Fields
// instead (§5.2). Value is a JSON scalar, a list of scalars for in/!in, and nil for
// exists/!exists.
type Filter struct {
	Field    string
	Fields   []string
	Operator Operator
	Value    any
}

// Filters is an OR of AND groups: the outer list is OR'ed, each inner list AND'ed (§5.1).
// Nil matches every product.
type Filters [][]Filter

// AttributeField returns the search field of a custom attribute label (§5.1).
func AttributeField(label string) string { return "attributes." + label }

// Filter constructors for the common cases.
func Eq(field string, value any) Filter { return Filter{Field: field, Operator: OpEq, Value: value} }

// In matches any of values; Dropdown and MultiSelect compare case-sensitively (§5.2).
func In(field string, values ...any) Filter {
	return Filter{Field: field, Operator: OpIn, Value: values}
}

// Exists matches products where field has a value.
func Exists(field string) Filter { return Filter{Field: field, Operator: OpExists} }

// Validate checks the filter is well formed: a known operator, a field, and a value of the
// operator's arity. It does not know which fields exist; the API answers 422 for those.
func (f Filter) Validate() error {
	ar, ok := operatorArity[f.Operator]
	if !ok {
		return fmt.Errorf("unknown filter operator %q", truncate(string(f.Operator), 40))
	}
	if f.Operator == OpTextSearch {
		if f.Field != "" || len(f.Fields) == 0 {
			return errors.New("text_search takes a list of fields and no single field")
		}
		for _, name := range f.Fields {
			if err := validField(name); err != nil {
				return err
			}
		}
	} else {
		if len(f.Fields) > 0 {
			return fmt.Errorf("operator %s takes one field, not a list", f.Operator)
		}
		if err := validField(f.Field); err != nil {
			return err
		}
	}
	return validValue(f.Operator, ar, f.Value)
}

func validField(name string) error {
	if name == "" {
		return errors.New("filter field is empty")
	}
	if len(name) > 256 || !utf8.ValidString(name) {
		return fmt.Errorf("filter field %q is not a valid field name", truncate(name, 40))
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return fmt.Errorf("filter field %q contains whitespace or control characters", truncate(name, 40))
		}
	}
	return nil
}

// validValue checks value's JSON shape against the operator's arity.
func validValue(op Operator, ar arity, value any) error {
	if ar == unary {
		if value != nil {
			return fmt.Errorf("operator %s takes no value", op)
		}
		return nil
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("filter value for %s is not encodable: %w", op, err)
	}
	if ar == listOf {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil || raw[0] != '[' {
			return fmt.Errorf("operator %s takes a list of values", op)
		}
		if len(items) == 0 {
			return fmt.Errorf("operator %s needs at least one value", op)
		}
		for _, item := range items {
			if !isScalar(item) {
				return fmt.Errorf("operator %s takes a list of strings, numbers or booleans", op)
			}
		}
		return nil
	}
	if !isScalar(raw) {
		return fmt.Errorf("operator %s takes one string, number or boolean", op)
	}
	if op == OpTextSearch || op == OpLike {
		if raw[0] != '"' {
			return fmt.Errorf("operator %s takes a string", op)
		}
	}
	return nil
}

func isScalar(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case '"', 't', 'f', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return true
	}
	return false
}

// filterWire is a filter on the wire: field is a string, or a list for text_search.
type filterWire struct {
	Field    any      `json:"field"`
	Operator Operator `json:"operator"`
	Value    any      `json:"value,omitempty"`
}

// MarshalJSON encodes a valid filter in the v1 wire form (§5.1); an invalid one is an error.
func (f Filter) MarshalJSON() ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	w := filterWire{Field: f.Field, Operator: f.Operator, Value: f.Value}
	if f.Operator == OpTextSearch {
		w.Field = f.Fields
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the v1 wire form, such as a filter written by a user in a resource.
func (f *Filter) UnmarshalJSON(data []byte) error {
	var w struct {
		Field    json.RawMessage `json:"field"`
		Operator Operator        `json:"operator"`
		Value    json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	out := Filter{Operator: w.Operator}
	if len(w.Field) > 0 && w.Field[0] == '[' {
		if err := json.Unmarshal(w.Field, &out.Fields); err != nil {
			return fmt.Errorf("filter field list: %w", err)
		}
	} else if len(w.Field) > 0 {
		if err := json.Unmarshal(w.Field, &out.Field); err != nil {
			return fmt.Errorf("filter field: %w", err)
		}
	}
	if len(w.Value) > 0 && string(w.Value) != "null" {
		dec := json.NewDecoder(bytes.NewReader(w.Value))
		dec.UseNumber() // keep numbers exactly as written
		if err := dec.Decode(&out.Value); err != nil {
			return fmt.Errorf("filter value: %w", err)
		}
	}
	if err := out.Validate(); err != nil {
		return err
	}
	*f = out
	return nil
}

// Validate checks every filter, and that no AND group is empty (an empty group would match
// everything, which is never what an OR of conditions means).
func (fs Filters) Validate() error {
	for i, group := range fs {
		if len(group) == 0 {
			return fmt.Errorf("filter group %d is empty", i)
		}
		for j, f := range group {
			if err := f.Validate(); err != nil {
				return fmt.Errorf("filter group %d, condition %d: %w", i, j, err)
			}
		}
	}
	return nil
}

// And returns fs with every condition in extra added to each group: (a OR b) AND x is
// (a AND x) OR (b AND x). With no groups, it is the single group extra.
func (fs Filters) And(extra ...Filter) Filters {
	if len(extra) == 0 {
		return fs
	}
	if len(fs) == 0 {
		return Filters{append([]Filter(nil), extra...)}
	}
	out := make(Filters, len(fs))
	for i, group := range fs {
		g := make([]Filter, 0, len(group)+len(extra))
		g = append(g, group...)
		out[i] = append(g, extra...)
	}
	return out
}

// String renders the filters for messages: OR groups joined by "OR", conditions by "AND".
func (fs Filters) String() string {
	groups := make([]string, 0, len(fs))
	for _, g := range fs {
		conds := make([]string, 0, len(g))
		for _, f := range g {
			field := f.Field
			if f.Operator == OpTextSearch {
				field = strings.Join(f.Fields, ",")
			}
			if f.Value == nil {
				conds = append(conds, field+" "+string(f.Operator))
				continue
			}
			v, _ := json.Marshal(f.Value)
			conds = append(conds, field+" "+string(f.Operator)+" "+truncate(string(v), 80))
		}
		groups = append(groups, "("+strings.Join(conds, " AND ")+")")
	}
	return strings.Join(groups, " OR ")
}
