package v1alpha1

// Keeps docs/operations.md complete: every reason and problem type declared in reasons.go must
// be explained there. The constants are read from the source, not from a list kept by hand, so
// a new reason fails this test until the page says what it means and who acts on it.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// declaredReason is one string constant of reasons.go.
type declaredReason struct {
	name, value string
}

// minDeclaredReasons guards the scan itself: reasons.go declares well over this many, so
// fewer means the parse missed a const block rather than that the page is complete.
const minDeclaredReasons = 40

func TestOperationsDocExplainsEveryReason(t *testing.T) {
	reasons := declaredReasons(t, "reasons.go")
	if len(reasons) < minDeclaredReasons {
		t.Fatalf("found %d string constants in reasons.go, want at least %d: the scan is broken", len(reasons), minDeclaredReasons)
	}
	docPath := filepath.Join("..", "..", "docs", "operations.md")
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	documented := inlineCode(string(doc))
	for _, r := range reasons {
		if !documented[r.value] {
			t.Errorf("%s = %q is not explained in %s: add it as `%s` with what it means and who acts on it",
				r.name, r.value, docPath, r.value)
		}
	}
}

// declaredReasons returns every constant of the file, in declaration order, from all of its
// const blocks. A constant whose value is not a plain string literal fails the test: this
// check could not see it, and the file is meant to hold nothing else.
func declaredReasons(t *testing.T, path string) []declaredReason {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	var out []declaredReason
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) {
					t.Errorf("%s: constant %s has no value of its own; declare each reason as a string literal", path, name.Name)
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: constant %s is not a string literal; declare each reason as one", path, name.Name)
					continue
				}
				value, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Errorf("%s: constant %s: %v", path, name.Name, err)
					continue
				}
				out = append(out, declaredReason{name: name.Name, value: value})
			}
		}
	}
	return out
}

// inlineCode returns the contents of the page's inline code spans (`like this`), outside fenced
// code blocks: a reason counts as explained only where the prose or a table names it.
func inlineCode(doc string) map[string]bool {
	spans := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		parts := strings.Split(line, "`")
		// parts[1], parts[3], ... lie between a pair of backticks; a trailing unpaired one opens
		// nothing.
		for i := 1; i+1 < len(parts); i += 2 {
			spans[strings.TrimSpace(parts[i])] = true
		}
	}
	return spans
}

// TestEveryFailureReasonHasAnOwner: the exception export names who acts on each failure.
func TestEveryFailureReasonHasAnOwner(t *testing.T) {
	var failures int
	for _, r := range declaredReasons(t, "reasons.go") {
		if !strings.HasPrefix(r.name, "Failure") {
			continue
		}
		failures++
		if FailureOwners[r.value] == "" {
			t.Errorf("%s = %q has no entry in FailureOwners (owners.go)", r.name, r.value)
		}
	}
	if failures < 20 {
		t.Fatalf("found %d failure reasons: the scan is broken", failures)
	}
}
