// Package citations checks that every reference a code comment makes to a document resolves to
// a file and a section of this repository, so no comment points at a page a reader of the
// repository cannot open.
//
// A citation names a repository file and, optionally, a section: "docs/reference/centra-api.md
// §2.5", "docs/design.md §9", "DEVELOPMENT.md §4". A bare "§2.5" refers to the document named
// last before it in the same comment, or else to the package's default document, declared in
// one of its files by a comment line "Section references (§) are to PATH.". A section exists
// when the document has a Markdown heading whose text starts with its number ("### 2.5 Display",
// "## 9. Invariants").
package citations

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

var (
	// document is a Markdown file named in a comment, with or without a directory.
	document = regexp.MustCompile(`(?:[\w.-]+/)*[\w.-]+\.md\b`)
	// section is one section number after §, or after a comma or "and" that continues a list.
	section       = regexp.MustCompile(`§\s?(\d+(?:\.\d+)*)`)
	defaultMarker = regexp.MustCompile(`Section references \(§\) are to (\S+?)\.?$`)
	heading       = regexp.MustCompile(`^#{1,6}\s+(\d+(?:\.\d+)*)\.?(?:\s|$)`)
)

// citation is one reference found in a comment.
type citation struct {
	pos      token.Position
	document string // as written
	section  string // empty when the citation names a whole document
}

func TestEveryCitationResolves(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	citations, err := collect(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(citations) < 100 {
		t.Fatalf("found only %d citations; the scan is broken", len(citations))
	}
	sections := map[string]map[string]bool{}
	for _, c := range citations {
		if c.document == "" {
			t.Errorf("%s: §%s names no document, and its package declares no default (a comment line \"Section references (§) are to PATH.\")", c.pos, c.section)
			continue
		}
		path, ok := resolve(root, c)
		if !ok {
			t.Errorf("%s: %q is not a file of the repository", c.pos, c.document)
			continue
		}
		if c.section == "" {
			continue
		}
		if sections[path] == nil {
			if sections[path], err = headings(path); err != nil {
				t.Fatal(err)
			}
		}
		if !sections[path][c.section] {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s: %s has no section %s", c.pos, rel, c.section)
		}
	}
}

// resolve finds the cited file, by its path from the repository root.
func resolve(root string, c citation) (string, bool) {
	path := filepath.Join(root, filepath.FromSlash(c.document))
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return "", false
	}
	return path, true
}

func headings(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		if m := heading.FindStringSubmatch(s.Text()); m != nil {
			out[m[1]] = true
		}
	}
	return out, s.Err()
}

// collect parses every Go file of the module (tool modules and bin/ left out) and returns the
// citations of its comments.
func collect(root string) ([]citation, error) {
	byDir := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "bin", ".git", "tools", "testdata", "node_modules", "citations": // citations: this package's examples
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []citation
	for _, files := range byDir {
		fset := token.NewFileSet()
		var parsed []*ast.File
		for _, path := range files {
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
			if err != nil {
				return nil, err
			}
			parsed = append(parsed, f)
		}
		def := packageDefault(parsed)
		for _, f := range parsed {
			for _, group := range f.Comments {
				out = append(out, fromComment(fset, group, def)...)
			}
		}
	}
	return out, nil
}

// packageDefault is the document bare section references of a package refer to; empty when the
// package declares none.
func packageDefault(files []*ast.File) string {
	for _, f := range files {
		for _, group := range f.Comments {
			for _, line := range strings.Split(group.Text(), "\n") {
				if m := defaultMarker.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
					return m[1]
				}
			}
		}
	}
	return ""
}

// fromComment reads one comment group: each document named and each section number, in order,
// a bare section taking the document last named before it.
func fromComment(fset *token.FileSet, group *ast.CommentGroup, def string) []citation {
	var out []citation
	current := def
	for _, c := range group.List {
		pos := fset.Position(c.Pos())
		text := c.Text
		docs := document.FindAllStringIndex(text, -1)
		secs := section.FindAllStringSubmatchIndex(text, -1)
		di, si := 0, 0
		for di < len(docs) || si < len(secs) {
			if si == len(secs) || (di < len(docs) && docs[di][0] < secs[si][0]) {
				current = text[docs[di][0]:docs[di][1]]
				// A document named without a section right after it is cited whole.
				next := len(text)
				if si < len(secs) {
					next = secs[si][0]
				}
				if di+1 < len(docs) {
					next = min(next, docs[di+1][0])
				}
				if !strings.Contains(text[docs[di][1]:next], "§") {
					out = append(out, citation{pos: pos, document: current})
				}
				di++
				continue
			}
			out = append(out, citation{pos: pos, document: current, section: text[secs[si][2]:secs[si][3]]})
			si++
		}
	}
	return out
}
