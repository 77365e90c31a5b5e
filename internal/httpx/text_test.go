package httpx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestServerText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Invalid token", "Invalid token"},
		{" keeps its spaces ", " keeps its spaces "},
		{"line one\nline two\r\n\ttabbed", "line one line two   tabbed"},
		{"bad\x00nul\x1b[31mred", "bad nul [31mred"},
		{"user\u202eevil\u202c name", "user evil  name"},
		{"broken \xff\xfe utf8", "broken   utf8"},
		{strings.Repeat("é", 400), strings.Repeat("é", 150) + "…"},
	}
	for _, tc := range cases {
		if got := ServerText(tc.in); got != tc.want {
			t.Errorf("ServerText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzServerText(f *testing.F) {
	f.Add("plain")
	f.Add("\u202e\x00\xff" + strings.Repeat("x", 500))
	f.Fuzz(func(t *testing.T, s string) {
		got := ServerText(s)
		if !utf8.ValidString(got) || len(got) > MaxServerText+len("…") || strings.ContainsAny(got, "\n\r\x00\u202e") {
			t.Fatalf("ServerText(%q) = %q", s, got)
		}
	})
}
