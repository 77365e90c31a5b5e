package mapping

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// hostileText describes the first character of s that must not reach Centra unnoticed: invalid
// UTF-8, a control character other than tab and line breaks (a NUL, an escape), or a
// bidirectional embedding, override or isolate, which can make text read differently from what
// it says. It returns "" for text that is fine.
func hostileText(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r):
			return fmt.Sprintf("the control character %U at byte %d", r, i)
		case isBidiControl(r):
			return fmt.Sprintf("the bidirectional control character %U at byte %d", r, i)
		}
	}
	return ""
}

// isBidiControl reports the embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069);
// the marks U+200E and U+200F are ordinary in right-to-left text and pass.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// stripControl removes what hostileText reports: invalid bytes, control characters other than
// tab and line breaks, and bidirectional controls.
func stripControl(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		if (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') || isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// hostileItems is hostileText of the first item of v that has a problem.
func hostileItems(v catalog.Value) string {
	for _, item := range v.Items {
		if problem := hostileText(item); problem != "" {
			return problem
		}
	}
	return ""
}
