package centratest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// staticObject is an object whose fields are known values: the small value types of the
// schema (Weight, MonetaryValue, Country, RateLimit, UserError, ...).
type staticObject struct {
	typ    string
	fields map[string]any
}

func (s *staticObject) typeName() string { return s.typ }

func (s *staticObject) field(_ *request, name string, _ map[string]any) (any, error) {
	v, ok := s.fields[name]
	if !ok {
		return nil, unsupported(s.typ + "." + name)
	}
	return v, nil
}

// userMsg is a UserError or UserWarning: a message and the path of the input field it is
// about (docs/reference/centra-api.md §5.2: "They both have a message and a path").
type userMsg struct {
	message string
	path    []string
}

func (u userMsg) object(typ string) object {
	var path any
	if u.path != nil {
		path = u.path
	}
	return &staticObject{typ: typ, fields: map[string]any{"message": u.message, "path": path}}
}

// problems collects the user errors and warnings of one mutation. The mutation persists
// nothing when it holds an error (ERRS: "Nothing was modified on the Centra's side").
type problems struct {
	errs  []userMsg
	warns []userMsg
}

func (p *problems) fail(msg string, path ...any) {
	p.errs = append(p.errs, userMsg{message: msg, path: pathStrings(path)})
}

func (p *problems) warn(msg string, path ...any) {
	p.warns = append(p.warns, userMsg{message: msg, path: pathStrings(path)})
}

func (p *problems) failed() bool { return len(p.errs) > 0 }

func pathStrings(path []any) []string {
	out := make([]string, 0, len(path))
	for _, p := range path {
		switch x := p.(type) {
		case string:
			out = append(out, x)
		case []any:
			out = append(out, pathStrings(x)...)
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

func weightObject(w *weightVal) object {
	if w == nil {
		return nil
	}
	unit := map[string]string{"KILOGRAMS": "kg", "POUNDS": "lb"}[w.unit]
	return &staticObject{typ: "Weight", fields: map[string]any{
		"value": w.value, "unit": w.unit, "formattedValue": strconv.FormatFloat(w.value, 'f', -1, 64) + " " + unit,
	}}
}

func moneyObject(m *money) object {
	if m == nil {
		return nil
	}
	return &staticObject{typ: "MonetaryValue", fields: map[string]any{
		"value":          m.value,
		"currency":       &staticObject{typ: "Currency", fields: map[string]any{"code": m.currency}},
		"formattedValue": strconv.FormatFloat(m.value, 'f', 2, 64) + " " + m.currency,
	}}
}

// countries is the small country table the sandbox knows; ids are stable positions.
var countries = []struct{ code, name string }{
	{"DE", "Germany"}, {"FR", "France"}, {"NL", "Netherlands"}, {"SE", "Sweden"}, {"US", "United States"},
	{"GB", "United Kingdom"}, {"IT", "Italy"}, {"ES", "Spain"}, {"PT", "Portugal"}, {"CN", "China"},
	{"IN", "India"}, {"TR", "Turkey"}, {"BD", "Bangladesh"}, {"VN", "Vietnam"}, {"DK", "Denmark"},
	{"NO", "Norway"}, {"FI", "Finland"}, {"PL", "Poland"}, {"RO", "Romania"}, {"LT", "Lithuania"},
}

func countryByCode(code string) (int, string, bool) {
	for i, c := range countries {
		if c.code == code {
			return i + 1, c.name, true
		}
	}
	return 0, "", false
}

func countryObject(code string) object {
	id, name, ok := countryByCode(code)
	if !ok {
		return nil
	}
	return &staticObject{typ: "Country", fields: map[string]any{"id": id, "name": name, "code": code}}
}

// formatDate renders t with the PHP date format Centra's DateTimeTz fields take as their
// format argument (default "Y-m-d\TH:i:sP", docs/reference/centra-api.md §2.2). Only the letters a
// timestamp needs are supported; others are copied.
func formatDate(t time.Time, format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch c {
		case 'Y':
			b.WriteString(t.Format("2006"))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'i':
			b.WriteString(t.Format("04"))
		case 's':
			b.WriteString(t.Format("05"))
		case 'P':
			b.WriteString(t.Format("-07:00"))
		case 'O':
			b.WriteString(t.Format("-0700"))
		case 'U':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case '\\':
			if i+1 < len(format) {
				i++
				b.WriteByte(format[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func dateField(t time.Time, args map[string]any) string {
	format, _ := args["format"].(string)
	if format == "" {
		format = `Y-m-d\TH:i:sP`
	}
	return formatDate(t, format)
}

// parseDate reads a DateTimeTz input in the forms Centra's examples use.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as DateTimeTz", s)
}
