package secret

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// encoders are the ways a credential reaches text, each written independently of Scrub.
var encoders = map[string]func(string) string{
	"raw":          func(s string) string { return s },
	"json":         func(s string) string { b, _ := json.Marshal(s); return string(b) },
	"json in json": func(s string) string { b, _ := json.Marshal(s); c, _ := json.Marshal(string(b)); return string(c) },
	"query":        url.QueryEscape,
	"form body":    func(s string) string { return url.Values{"password": {s}, "user": {"x"}}.Encode() },
	"path":         url.PathEscape,
	"base64":       func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
	"basic auth":   func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte("user:"+s)) },
	"basic auth 2": func(s string) string { return base64.StdEncoding.EncodeToString([]byte("us:" + s + ":more")) },
	"url base64":   func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(`{"k":"` + s + `"}`)) },
}

// decodesTo reports whether any run of base64 characters in text, at any alignment, decodes to
// bytes that contain the credential: an oracle that knows nothing of how Scrub finds them.
func decodesTo(text, raw string) bool {
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		if enc == base64.RawURLEncoding {
			alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		}
		for _, run := range strings.FieldsFunc(text, func(r rune) bool { return !strings.ContainsRune(alphabet, r) }) {
			for start := range min(4, len(run)) {
				chunk := run[start:]
				chunk = chunk[:len(chunk)/4*4]
				if b, err := enc.DecodeString(chunk); err == nil && strings.Contains(string(b), raw) {
					return true
				}
			}
		}
	}
	return false
}

func checkScrubbed(t *testing.T, raw string) {
	t.Helper()
	v := New(raw)
	for name, encode := range encoders {
		encoded := encode(raw)
		text := "Plytix said: invalid credentials " + encoded + " (request echoed)"
		got := Scrub(text, v)
		if strings.Contains(got, raw) || strings.Contains(got, encoded) || decodesTo(got, raw) {
			t.Errorf("%s form of %q survives: %q", name, raw, got)
		}
	}
}

func TestScrubRemovesEveryEncoding(t *testing.T) {
	for _, raw := range []string{"s3cr3t-token", "p&ss<wo>rd\"quote\\", "ünïcødé-päss", "a b+c/d=e?f", "tab\tand\nnewline", "123456"} {
		checkScrubbed(t, raw)
	}
}

func TestScrubLeavesShortValuesAndOtherTextAlone(t *testing.T) {
	if got := Scrub("a short pw is kept", New("short")); got != "a short pw is kept" {
		t.Errorf("Scrub = %q", got)
	}
	if got := Scrub("nothing to hide here", New("s3cr3t-token")); got != "nothing to hide here" {
		t.Errorf("Scrub = %q", got)
	}
}

func TestScrubRemembered(t *testing.T) {
	Remember(New("remembered-credential"))
	if got := ScrubRemembered(`body {"password":"remembered-credential"}`); strings.Contains(got, "remembered-credential") {
		t.Errorf("ScrubRemembered = %q", got)
	}
}

// FuzzScrub: whatever the credential (of a length Scrub handles) and whatever surrounds it, no
// encoding of it survives.
func FuzzScrub(f *testing.F) {
	f.Add("s3cr3t-token")
	f.Add(`p&ss<wo>rd"`)
	f.Add("日本語のパスワード")
	f.Add("\x00\x01binary\xff")
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) < MinScrubbed || len(raw) > 256 || strings.Contains(redacted, raw) {
			t.Skip()
		}
		checkScrubbed(t, raw)
	})
}

func TestScrubAllReachesEveryString(t *testing.T) {
	type row struct {
		Message string
		Samples []string
	}
	type status struct {
		Conditions []row
		ByName     map[string]row
		Last       *row
		Count      int
	}
	leak := `Plytix said {"password":"p\u0026ss-w0rd"}`
	st := &status{
		Conditions: []row{{Message: leak, Samples: []string{"ok", leak}}},
		ByName:     map[string]row{"a": {Message: leak}},
		Last:       &row{Message: leak},
		Count:      3,
	}
	ScrubAll(st, New("p&ss-w0rd"))
	for _, got := range []string{st.Conditions[0].Message, st.Conditions[0].Samples[1], st.ByName["a"].Message, st.Last.Message} {
		if strings.Contains(got, "w0rd") {
			t.Errorf("credential survives: %q", got)
		}
	}
	if st.Conditions[0].Samples[0] != "ok" || st.Count != 3 {
		t.Errorf("ScrubAll changed what holds no credential: %+v", st)
	}
}
