package secret

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// MinScrubbed is the shortest credential Scrub removes: shorter ones cannot be told apart from
// ordinary words ("p" would garble every message), and are no secret worth the name.
const MinScrubbed = 6

// Scrub removes every credential from text in every form it can take there: raw, JSON-escaped
// (as encoding/json writes it, with and without HTML escaping, once or twice), URL-encoded (query
// and path), and base64 (standard and URL alphabets, padded or not, at any alignment inside a
// larger encoded blob, such as a Basic credential or an echoed request body). It is the one
// mechanism every error, condition, event and log line of the operator goes through.
func Scrub(text string, values ...Value) string {
	if text == "" {
		return text
	}
	return replaceForms(text, formsOf(values))
}

// formsOf lists the forms of the values, longest first, so a form that contains another is
// replaced whole.
func formsOf(values []Value) []string {
	var forms []string
	for _, v := range values {
		if len(v.raw) >= MinScrubbed {
			forms = append(forms, encodings(v.raw)...)
		}
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(forms)
}

// encodings are the forms one raw credential takes.
func encodings(raw string) []string {
	text := []string{raw, url.QueryEscape(raw), url.PathEscape(raw)}
	for _, s := range []string{raw, jsonEscape(raw, true), jsonEscape(raw, false)} {
		text = append(text, jsonEscape(s, true), jsonEscape(s, false))
	}
	out := slices.Clone(text)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		out = append(out, enc.EncodeToString([]byte(raw)))
		out = append(out, base64Inner(enc.WithPadding(base64.NoPadding), raw)...)
	}
	return out
}

// jsonEscape is s as it appears inside a JSON string, without the quotes.
func jsonEscape(s string, html bool) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(html)
	_ = e.Encode(s) // a string always encodes
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(b.String(), "\n"), `"`), `"`)
}

// minBase64Form is the shortest base64 fragment Scrub replaces; shorter ones could match any
// word.
const minBase64Form = 6

// base64Inner are the base64 characters that depend on raw alone, for raw starting at each of the
// three byte alignments a larger encoded blob may put it at.
func base64Inner(enc *base64.Encoding, raw string) []string {
	var out []string
	for prefix := range 3 {
		encoded := enc.EncodeToString(append(make([]byte, prefix), raw...))
		first := (prefix*8 + 5) / 6         // the first character made of raw's bits only
		last := (prefix + len(raw)) * 8 / 6 // past the last character made of whole bits
		if last-first >= minBase64Form {
			out = append(out, encoded[first:last])
		}
	}
	return out
}

// maxRemembered bounds the process's memory of credentials; the oldest are forgotten first.
const maxRemembered = 512

// remembered are the credentials the process has read, for ScrubRemembered, with their forms
// computed once: the log sink scrubs every line with them.
var remembered struct {
	sync.Mutex
	values []Value
	forms  []string
}

// Remember adds credentials to those ScrubRemembered removes: every credential the operator
// reads from a Secret, and every token an API issues to it.
func Remember(values ...Value) {
	remembered.Lock()
	defer remembered.Unlock()
	changed := false
	for _, v := range values {
		if len(v.raw) < MinScrubbed || slices.Contains(remembered.values, v) {
			continue
		}
		changed = true
		remembered.values = append(remembered.values, v)
		if len(remembered.values) > maxRemembered {
			remembered.values = remembered.values[1:]
		}
	}
	if changed {
		remembered.forms = formsOf(remembered.values)
	}
}

func rememberedForms() []string {
	remembered.Lock()
	defer remembered.Unlock()
	return remembered.forms
}

// ScrubRemembered scrubs text of every credential the process remembers: the log sink's guard,
// which cannot know which CatalogSync a line is about.
func ScrubRemembered(text string) string { return replaceForms(text, rememberedForms()) }

func replaceForms(text string, forms []string) string {
	for _, form := range forms {
		if text == "" {
			break
		}
		text = strings.ReplaceAll(text, form, redacted)
	}
	return text
}

// ScrubAll scrubs, in place, every string reachable from ptr (struct fields, slice and array
// elements, map values, through pointers), of the given credentials and of every credential the
// process remembers: a status or an event is scrubbed as a whole, whichever field a message
// reached.
func ScrubAll(ptr any, values ...Value) {
	forms := append(formsOf(values), rememberedForms()...)
	if len(forms) == 0 {
		return
	}
	scrubValue(reflect.ValueOf(ptr), func(s string) string { return replaceForms(s, forms) })
}

func scrubValue(v reflect.Value, scrub func(string) string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scrubValue(v.Elem(), scrub)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				scrubValue(f, scrub)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			scrubValue(v.Index(i), scrub)
		}
	case reflect.Map:
		for _, key := range v.MapKeys() {
			elem := reflect.New(v.Type().Elem()).Elem()
			elem.Set(v.MapIndex(key))
			scrubValue(elem, scrub)
			v.SetMapIndex(key, elem)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(scrub(v.String()))
		}
	}
}
