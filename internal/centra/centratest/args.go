package centratest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
)

// argumentValues evaluates a field's arguments against the request's variables, applying
// the schema defaults. It is ast.Field.ArgumentMap without the panic on bad literals, so a
// hostile document cannot take the handler down.
func argumentValues(f *ast.Field, vars map[string]any) (map[string]any, error) {
	out := map[string]any{}
	if f.Definition == nil {
		return out, nil
	}
	for _, def := range f.Definition.Arguments {
		var val any
		has := false
		if arg := f.Arguments.ForName(def.Name); arg != nil {
			if arg.Value.Kind == ast.Variable {
				val, has = vars[arg.Value.Raw]
			} else {
				v, err := arg.Value.Value(vars)
				if err != nil {
					return nil, fmt.Errorf("argument %s: %w", def.Name, err)
				}
				val, has = v, true
			}
		}
		if !has && def.DefaultValue != nil {
			v, err := def.DefaultValue.Value(vars)
			if err != nil {
				return nil, fmt.Errorf("default of argument %s: %w", def.Name, err)
			}
			val, has = v, true
		}
		if has {
			out[def.Name] = val
		}
	}
	return out, nil
}

// asInt converts the numeric forms a coerced GraphQL value can take.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		if n > math.MaxInt32 || n < math.MinInt32 {
			return 0, false
		}
		return int(n), true
	case float64:
		if n != math.Trunc(n) || n > math.MaxInt32 || n < math.MinInt32 {
			return 0, false
		}
		return int(n), true
	case json.Number:
		i, err := strconv.ParseInt(string(n), 10, 32)
		return int(i), err == nil
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// input is a coerced GraphQL input object.
type input map[string]any

func asInput(v any) (input, bool) {
	switch m := v.(type) {
	case map[string]any:
		return input(m), true
	case input:
		return m, true
	}
	return nil, false
}

// has reports whether the key was given, even as null.
func (in input) has(key string) bool {
	_, ok := in[key]
	return ok
}

func (in input) str(key string) (string, bool) {
	s, ok := in[key].(string)
	return s, ok
}

func (in input) integer(key string) (int, bool) {
	v, ok := in[key]
	if !ok || v == nil {
		return 0, false
	}
	return asInt(v)
}

func (in input) boolean(key string) (bool, bool) {
	b, ok := in[key].(bool)
	return b, ok
}

func (in input) obj(key string) (input, bool) {
	return asInput(in[key])
}

// list returns a list argument; GraphQL input coercion turns a single value given for a list
// into a one-element list (the PIM guide sends addToStores: { id: 1 }).
func (in input) list(key string) []any {
	switch v := in[key].(type) {
	case nil:
		return nil
	case []any:
		return v
	default:
		return []any{v}
	}
}

func (in input) strings(key string) []string {
	var out []string
	for _, v := range in.list(key) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (in input) ints(key string) []int {
	var out []int
	for _, v := range in.list(key) {
		if n, ok := asInt(v); ok {
			out = append(out, n)
		}
	}
	return out
}

// setFields counts the keys given with a non-null value, for the "Exactly one input field
// should be provided" rule of reference inputs (docs/reference/centra-api.md §3.1).
func (in input) setFields() int {
	n := 0
	for _, v := range in {
		if v != nil {
			n++
		}
	}
	return n
}
