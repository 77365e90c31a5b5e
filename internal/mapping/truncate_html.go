package mapping

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// looksLikeHTML reports a value Plytix holds as markup (an HtmlAttribute's rich text): it starts
// with a tag and closes one.
func looksLikeHTML(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "<") && strings.Contains(s, "</")
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// truncateHTML cuts markup to at most limit characters, markup included, and keeps it
// well-formed: whole tags only, text cut at a word and never inside an entity, and every element
// left open closed. A stray end tag of the input is dropped rather than copied.
func truncateHTML(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	var out strings.Builder
	var open []string
	used := 0
	closing := func() int {
		n := 0
		for _, tag := range open {
			n += utf8.RuneCountInString(tag) + 3 // "</" + tag + ">"
		}
		return n
	}
	z := html.NewTokenizer(strings.NewReader(s))
tokens:
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := string(z.Raw())
		n := utf8.RuneCountInString(raw)
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			tag := string(name)
			extra := 0
			if !voidElements[tag] {
				extra = utf8.RuneCountInString(tag) + 3
			}
			if used+n+closing()+extra > limit {
				break tokens
			}
			out.WriteString(raw)
			used += n
			if !voidElements[tag] {
				open = append(open, tag)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			i := lastIndex(open, string(name))
			if i < 0 {
				continue // stray: dropping it keeps what is written balanced
			}
			for len(open) > i { // close what the input left open inside it
				tag := open[len(open)-1]
				out.WriteString("</" + tag + ">")
				used += utf8.RuneCountInString(tag) + 3
				open = open[:len(open)-1]
			}
		case html.TextToken:
			room := limit - used - closing()
			if n <= room {
				out.WriteString(raw)
				used += n
				continue
			}
			out.WriteString(cutText(raw, room))
			break tokens
		default: // comments and doctypes: kept when they fit
			if used+n+closing() > limit {
				break tokens
			}
			out.WriteString(raw)
			used += n
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		out.WriteString("</" + open[i] + ">")
	}
	return out.String()
}

// cutText cuts raw HTML text to at most room characters at a word (a text with no word that
// fits is left out), and never inside an entity such as &amp;.
func cutText(raw string, room int) string {
	runes := []rune(raw)
	if room <= 0 {
		return ""
	}
	if room >= len(runes) {
		return raw
	}
	end := room
	if !unicode.IsSpace(runes[end]) {
		for end > 0 && !unicode.IsSpace(runes[end-1]) {
			end--
		}
	}
	cut := strings.TrimRightFunc(string(runes[:end]), unicode.IsSpace)
	if amp := strings.LastIndexByte(cut, '&'); amp >= 0 && !strings.Contains(cut[amp:], ";") {
		cut = strings.TrimRightFunc(cut[:amp], unicode.IsSpace)
	}
	return cut
}

func lastIndex(stack []string, tag string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == tag {
			return i
		}
	}
	return -1
}
