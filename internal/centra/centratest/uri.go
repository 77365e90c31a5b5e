package centratest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// specialLetters are letters that do not decompose into a base letter and a mark.
var specialLetters = map[rune]string{
	'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'œ': "oe", 'Œ': "oe", 'þ': "th", 'Þ': "th", '&': "and",
}

// slugify generates a URI from a name the way Centra documents it: diacritics
// transliterated, other characters replaced by dashes (docs/reference/centra-api.md §2.5, §9.10).
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if s, ok := specialLetters[r]; ok {
			b.WriteString(s)
			dash = false
			continue
		}
		r = unicode.ToLower(r)
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// cleanURI strips the reserved characters Centra removes from a given URI (slashes, ?
// and #); basic Unicode stays (§2.5).
func cleanURI(uri string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', '?', '#':
			return -1
		}
		return r
	}, strings.TrimSpace(uri))
}
