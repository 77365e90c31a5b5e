package mapping

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func TestTruncateHTMLKeepsMarkupWellFormed(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		limit    int
		want     string
	}{
		{"short markup is left alone", "<p>Warm.</p>", 40, "<p>Warm.</p>"},
		{"cut at a word, the paragraph closed", "<p>Warm winter jacket with a hood</p>", 20, "<p>Warm winter</p>"},
		{"never inside an entity", "<p>Salt &amp; pepper</p>", 15, "<p>Salt</p>"},
		{"a whole entity is a word like any other", "<p>Salt &amp; pepper</p>", 17, "<p>Salt &amp;</p>"},
		{"nested elements closed inside out", "<ul><li>One</li><li>Two</li></ul>", 25, "<ul><li>One</li></ul>"},
		{"an element that does not fit is left out whole", "<p>Warm</p><p>Dry and light</p>", 15, "<p>Warm</p>"},
		{"void elements need no end tag", "<p>Line one<br>Line two</p>", 23, "<p>Line one<br>Line</p>"},
		{"no part of a word", "<p>Line one<br>Line two</p>", 22, "<p>Line one<br></p>"},
		{"a stray end tag is dropped", "<p>Warm</b> and dry all winter</p>", 20, "<p>Warm and dry</p>"},
		{"an element left open by the input is closed", "<p>Warm <b>and dry all winter</p>", 25, "<p>Warm <b>and</b></p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := truncateHTML(tc.in, tc.limit)
			if got != tc.want {
				t.Errorf("truncateHTML(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
			}
			if n := utf8.RuneCountInString(got); n > tc.limit {
				t.Errorf("%d characters, over %d", n, tc.limit)
			}
		})
	}
}

// FuzzTruncateHTML: whatever the markup, the cut is within the limit and every tag it opens is
// closed, in order.
func FuzzTruncateHTML(f *testing.F) {
	for _, s := range []string{"<p>Warm winter jacket</p>", "<ul><li>a &amp; b</li></ul>", "<p>x<br>y</p>", "<p><b>x</p>", "<p>a</i>b</p>", "<!-- c --><p>d</p>"} {
		f.Add(s, uint16(12))
	}
	f.Fuzz(func(t *testing.T, s string, n uint16) {
		if !utf8.ValidString(s) || !looksLikeHTML(s) {
			return
		}
		limit := int(n%500) + 1
		got := truncateHTML(s, limit)
		if utf8.RuneCountInString(s) <= limit {
			if got != s {
				t.Fatalf("a value within the limit was changed: %q → %q", s, got)
			}
			return
		}
		if utf8.RuneCountInString(got) > limit {
			t.Fatalf("truncateHTML(%q, %d) = %q: over the limit", s, limit, got)
		}
		var open []string
		z := html.NewTokenizer(strings.NewReader(got))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			name, _ := z.TagName()
			switch tag := string(name); tt {
			case html.StartTagToken:
				if !voidElements[tag] {
					open = append(open, tag)
				}
			case html.EndTagToken:
				if len(open) == 0 || open[len(open)-1] != tag {
					t.Fatalf("truncateHTML(%q, %d) = %q: </%s> closes nothing open", s, limit, got, tag)
				}
				open = open[:len(open)-1]
			}
		}
		if len(open) > 0 {
			t.Fatalf("truncateHTML(%q, %d) = %q: %v left open", s, limit, got, open)
		}
	})
}
