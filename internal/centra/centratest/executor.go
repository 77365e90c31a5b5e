package centratest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

// object is a value of a GraphQL object type. Every catalogue view implements it; the
// executor walks the selection set and asks the object for each field by name, so the
// client's real documents (aliases, fragments, variables) run through unchanged.
type object interface {
	typeName() string
	field(rq *request, name string, args map[string]any) (any, error)
}

// Error categories carried in errors[].extensions.category. Only "authorization" is
// documented (docs/reference/centra-api.md §1.3); the others are the sandbox's own.
const (
	categoryAuthorization = "authorization"
	categoryValidation    = "graphql"
	categoryInternal      = "internal"
	categoryUnsupported   = "unsupported"
)

// fieldError is an error a resolver returns for the errors[] list of the response.
type fieldError struct {
	message  string
	category string
}

func (e *fieldError) Error() string { return e.message }

func unsupported(what string) error {
	return &fieldError{message: what + " is not supported by the Centra sandbox", category: categoryUnsupported}
}

// responseError is one entry of a GraphQL response's errors[].
type responseError struct {
	message   string
	path      []any
	locations []ast.Position
	category  string
}

func (e responseError) toJSON() *outObject {
	o := &outObject{}
	o.set("message", e.message)
	if len(e.locations) > 0 {
		locs := make([]any, 0, len(e.locations))
		for _, l := range e.locations {
			loc := &outObject{}
			loc.set("line", l.Line)
			loc.set("column", l.Column)
			locs = append(locs, loc)
		}
		o.set("locations", locs)
	}
	if e.path != nil {
		o.set("path", e.path)
	}
	o.set("extensions", map[string]any{"category": e.category})
	return o
}

// request is the state of one GraphQL request while it executes.
type request struct {
	ctx       context.Context
	sb        *Sandbox
	schema    *ast.Schema
	doc       *ast.QueryDocument
	op        *ast.OperationDefinition
	vars      map[string]any
	token     *tokenState
	now       time.Time
	errors    []responseError
	permsUsed map[string]struct{}
	// complexity counts resolved fields (docs/reference/centra-api.md §5.5 reports a cost per request; the
	// formula is not documented, so the sandbox charges per field and per mutation).
	complexity int64
	// mutationsRun counts executed top-level mutation fields by name.
	mutationsRun map[string]int64
	// alias is the response key of the top-level field being executed, for faults.
	alias string
}

func (rq *request) addError(err error, path []any, f *ast.Field) {
	category := categoryInternal
	var fe *fieldError
	if errors.As(err, &fe) {
		category = fe.category
	}
	var locs []ast.Position
	if f != nil && f.Position != nil {
		locs = []ast.Position{*f.Position}
	}
	rq.errors = append(rq.errors, responseError{message: err.Error(), path: slices.Clone(path), locations: locs, category: category})
}

// require checks a permission and records it as used (extensions.permissionsUsed).
func (rq *request) require(perm string) error {
	if !rq.token.allows(perm) {
		return &fieldError{message: fmt.Sprintf("You need %s permission to access this field.", perm), category: categoryAuthorization}
	}
	rq.permsUsed[perm] = struct{}{}
	return nil
}

// collectedField is one response key and every field node merged under it.
type collectedField struct {
	key    string
	fields []*ast.Field
}

// collectFields flattens a selection set for an object type: it applies @skip/@include,
// expands fragment spreads and inline fragments whose type condition matches, and merges
// fields that share a response key, in document order.
func (rq *request) collectFields(typ *ast.Definition, sel ast.SelectionSet, out []collectedField, visited map[string]bool) []collectedField {
	for _, s := range sel {
		switch x := s.(type) {
		case *ast.Field:
			if !rq.included(x.Directives) {
				continue
			}
			key := x.Alias
			if key == "" {
				key = x.Name
			}
			merged := false
			for i := range out {
				if out[i].key == key {
					out[i].fields = append(out[i].fields, x)
					merged = true
					break
				}
			}
			if !merged {
				out = append(out, collectedField{key: key, fields: []*ast.Field{x}})
			}
		case *ast.InlineFragment:
			if !rq.included(x.Directives) || !rq.typeMatches(typ, x.TypeCondition) {
				continue
			}
			out = rq.collectFields(typ, x.SelectionSet, out, visited)
		case *ast.FragmentSpread:
			if !rq.included(x.Directives) || visited[x.Name] {
				continue
			}
			frag := rq.doc.Fragments.ForName(x.Name)
			if frag == nil || !rq.typeMatches(typ, frag.TypeCondition) {
				continue
			}
			visited[x.Name] = true
			out = rq.collectFields(typ, frag.SelectionSet, out, visited)
			delete(visited, x.Name)
		}
	}
	return out
}

func (rq *request) typeMatches(typ *ast.Definition, condition string) bool {
	if condition == "" || condition == typ.Name {
		return true
	}
	cond := rq.schema.Types[condition]
	if cond == nil {
		return false
	}
	return slices.Contains(rq.schema.GetPossibleTypes(cond), typ)
}

func (rq *request) included(dirs ast.DirectiveList) bool {
	for _, d := range dirs {
		if d.Name != "skip" && d.Name != "include" {
			continue
		}
		cond := false
		if arg := d.Arguments.ForName("if"); arg != nil {
			v, err := arg.Value.Value(rq.vars)
			if err == nil {
				cond, _ = v.(bool)
			}
		}
		if d.Name == "skip" && cond {
			return false
		}
		if d.Name == "include" && !cond {
			return false
		}
	}
	return true
}

// executeSelection resolves every selected field of obj. bubble reports that a non-null
// field came back null, so the object itself must become null (GraphQL null propagation).
func (rq *request) executeSelection(typ *ast.Definition, obj any, sel ast.SelectionSet, path []any) (*outObject, bool) {
	fields := rq.collectFields(typ, sel, nil, map[string]bool{})
	out := &outObject{keys: make([]string, 0, len(fields)), vals: make([]any, 0, len(fields))}
	for _, cf := range fields {
		v, bubble := rq.executeField(typ, obj, cf, append(path, cf.key))
		if bubble {
			return nil, true
		}
		out.set(cf.key, v)
	}
	return out, false
}

func (rq *request) executeField(parent *ast.Definition, obj any, cf collectedField, path []any) (any, bool) {
	f := cf.fields[0]
	if f.Name == "__typename" {
		return parent.Name, false
	}
	if f.Definition == nil {
		rq.addError(unsupported("field "+f.Name), path, f)
		return nil, false
	}
	typ := f.Definition.Type
	if f.Name == "__schema" || f.Name == "__type" {
		rq.addError(unsupported("introspection"), path, f)
		return nil, typ.NonNull
	}
	rq.complexity += rq.sb.opts.ComplexityPerField
	args, err := argumentValues(f, rq.vars)
	if err == nil {
		if perm := fieldPermission(parent.Name, f.Name); perm != "" {
			err = rq.require(perm)
		}
	}
	var val any
	if err == nil {
		val, err = rq.resolve(parent, obj, f.Name, args)
	}
	if err != nil {
		rq.addError(err, path, f)
		return nil, typ.NonNull
	}
	sel := f.SelectionSet
	for _, more := range cf.fields[1:] {
		sel = append(slices.Clip(sel), more.SelectionSet...)
	}
	return rq.complete(typ, sel, val, path, f)
}

func (rq *request) resolve(parent *ast.Definition, obj any, name string, args map[string]any) (any, error) {
	switch parent.Name {
	case "Query":
		return rq.queryField(name, args)
	case "Mutation":
		return rq.mutationField(name, args)
	}
	o, ok := obj.(object)
	if !ok {
		return nil, fmt.Errorf("no resolver for %s.%s", parent.Name, name)
	}
	return o.field(rq, name, args)
}

// complete turns a resolved value into its response form for the field's type. bubble
// reports a null in a non-null position that the parent must absorb.
func (rq *request) complete(typ *ast.Type, sel ast.SelectionSet, val any, path []any, f *ast.Field) (any, bool) {
	if isNull(val) {
		if typ.NonNull {
			rq.addError(fmt.Errorf("Cannot return null for non-nullable field %s.", f.Name), path, f) //nolint:revive // the GraphQL error text a real server sends
			return nil, true
		}
		return nil, false
	}
	if typ.Elem != nil {
		items, ok := toList(val)
		if !ok {
			rq.addError(fmt.Errorf("expected a list for field %s", f.Name), path, f)
			return nil, typ.NonNull
		}
		out := make([]any, len(items))
		for i, item := range items {
			v, bubble := rq.complete(typ.Elem, sel, item, append(path, i), f)
			if bubble {
				return nil, typ.NonNull
			}
			out[i] = v
		}
		return out, false
	}
	def := rq.schema.Types[typ.NamedType]
	switch def.Kind {
	case ast.Scalar, ast.Enum:
		return val, false
	}
	o, ok := val.(object)
	if !ok {
		rq.addError(fmt.Errorf("no object for field %s", f.Name), path, f)
		return nil, typ.NonNull
	}
	concrete := def
	if def.Kind != ast.Object {
		concrete = rq.schema.Types[o.typeName()]
	}
	out, bubble := rq.executeSelection(concrete, o, sel, path)
	if bubble {
		return nil, typ.NonNull
	}
	return out, false
}

func isNull(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// toList accepts the slice shapes resolvers return. A nil slice is an empty list, not null.
func toList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case [][]string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
