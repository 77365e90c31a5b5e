package httpx

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxServerText is the most of a server's message that reaches an error, and so a status or a
// log: a server, possibly one a user chose, must not write pages into a CatalogSync's status.
const MaxServerText = 300

// ServerText makes text a server sent fit to quote: invalid UTF-8, control characters (line
// breaks included) and bidirectional overrides become spaces, and the result is cut at
// MaxServerText bytes on a character boundary, marked with an ellipsis.
func ServerText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	if len(s) <= MaxServerText {
		return s
	}
	n := MaxServerText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
