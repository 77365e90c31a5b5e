package centratest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// fixedClock is a settable clock for deterministic timestamps and rate-limit windows.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func newClock() *fixedClock {
	return &fixedClock{t: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)}
}

// gqlResponse is a decoded GraphQL response.
type gqlResponse struct {
	Status     int
	Header     http.Header
	Data       map[string]any  `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions json.RawMessage `json:"extensions"`
	Raw        string
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type postOpts struct {
	token     string
	cookie    bool
	operation string
}

// post sends one GraphQL request the way the documented curl examples do.
func post(t *testing.T, ts *TestServer, query string, vars map[string]any, opts ...postOpts) gqlResponse {
	t.Helper()
	o := postOpts{token: DefaultToken}
	if len(opts) > 0 {
		o = opts[0]
		if o.token == "" {
			o.token = DefaultToken
		}
	}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars, "operationName": o.operation})
	req, _ := http.NewRequest(http.MethodPost, ts.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if o.cookie {
		req.Header.Set("Cookie", "graphql-access="+o.token)
	} else {
		req.Header.Set("Authorization", "Bearer "+o.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := gqlResponse{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, raw)
	}
	return out
}

// must fails the test unless the response is a 200 without errors.
func (r gqlResponse) must(t *testing.T) gqlResponse {
	t.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("status %d, errors %+v\n%s", r.Status, r.Errors, r.Raw)
	}
	return r
}

// at walks the data by a dotted path with numeric list indexes.
func (r gqlResponse) at(t *testing.T, path string) any {
	t.Helper()
	var cur any = r.Data
	for _, part := range strings.Split(path, ".") {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[part]
		case []any:
			i := 0
			for _, c := range part {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				t.Fatalf("index %d out of range at %q in %s", i, path, r.Raw)
			}
			cur = x[i]
		default:
			t.Fatalf("cannot walk %q at %q in %s", path, part, r.Raw)
		}
	}
	return cur
}

func (r gqlResponse) str(t *testing.T, path string) string {
	t.Helper()
	s, _ := r.at(t, path).(string)
	return s
}

func (r gqlResponse) num(t *testing.T, path string) int {
	t.Helper()
	f, ok := r.at(t, path).(float64)
	if !ok {
		t.Fatalf("%q is not a number in %s", path, r.Raw)
	}
	return int(f)
}

func (r gqlResponse) list(t *testing.T, path string) []any {
	t.Helper()
	l, ok := r.at(t, path).([]any)
	if !ok {
		t.Fatalf("%q is not a list in %s", path, r.Raw)
	}
	return l
}

func (r gqlResponse) userErrors(t *testing.T, alias string) []string {
	t.Helper()
	var out []string
	for _, e := range r.list(t, alias+".userErrors") {
		out = append(out, e.(map[string]any)["message"].(string))
	}
	return out
}

func newServer(t *testing.T, opts Options) *TestServer {
	t.Helper()
	if opts.Now == nil {
		opts.Now = newClock().now
	}
	return NewTestServer(t, opts)
}
