package centratest

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// outObject is a JSON object that keeps its keys in selection order, as GraphQL responses
// must (the spec orders response fields like the query; Go maps cannot).
type outObject struct {
	keys []string
	vals []any
}

func (o *outObject) set(key string, v any) {
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
}

// writeJSON appends v as JSON. It writes the response in one pass without reflection,
// which keeps large lookups of 100 products with their sizes cheap to serialise.
func writeJSON(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case *outObject:
		if x == nil {
			buf.WriteString("null")
			return
		}
		buf.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, k)
			buf.WriteByte(':')
			writeJSON(buf, x.vals[i])
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSON(buf, e)
		}
		buf.WriteByte(']')
	case []string:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, e)
		}
		buf.WriteByte(']')
	case string:
		writeString(buf, x)
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case int:
		buf.WriteString(strconv.Itoa(x))
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case float64:
		buf.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case map[string]any:
		// Only used for small fixed maps (error extensions); order does not matter there.
		buf.WriteByte('{')
		first := true
		for k, e := range x {
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeString(buf, k)
			buf.WriteByte(':')
			writeJSON(buf, e)
		}
		buf.WriteByte('}')
	default:
		writeString(buf, fmt.Sprint(x))
	}
}

const hexDigits = "0123456789abcdef"

// writeString writes s as a JSON string, replacing invalid UTF-8 with U+FFFD.
func writeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			case c < 0x20:
				buf.WriteString(`\u00`)
				buf.WriteByte(hexDigits[c>>4])
				buf.WriteByte(hexDigits[c&0xf])
			default:
				buf.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf.WriteString(`\ufffd`)
		} else {
			buf.WriteString(s[i : i+size])
		}
		i += size
	}
	buf.WriteByte('"')
}
