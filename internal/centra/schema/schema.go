// Package schema embeds the vendored subset of Centra's GraphQL Integration API schema
// (reference/centra-catalog-schema.graphql plus the marked additions at the end of
// centra.graphql). It is the contract both sides are checked against: a test validates every
// operation document the client can send, and the sandbox validates every request it serves.
package schema

import (
	_ "embed" // the schema file is embedded so the contract travels with the binary
	"fmt"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// SDL is the schema text.
//
//go:embed centra.graphql
var SDL string

// Name is the source name that appears in schema validation errors.
const Name = "centra.graphql"

// Source returns the schema as a parser source.
func Source() *ast.Source { return &ast.Source{Name: Name, Input: SDL} }

// Load parses and validates the vendored schema together with extra sources, such as the
// sandbox's own extensions. Each call returns a fresh schema: parsed schemas are mutable
// values, and callers cache their own.
func Load(extra ...*ast.Source) (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(append([]*ast.Source{Source()}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("load Centra schema: %w", err)
	}
	return s, nil
}
