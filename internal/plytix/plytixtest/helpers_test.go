package plytixtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness drives a sandbox in process, through its handler.
type harness struct {
	t     testing.TB
	s     *Server
	clock *testClock
	token string
}

func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	if opts.Clock == nil {
		opts.Clock = clock.Now
	}
	if opts.RateLimits == nil {
		opts.RateLimits = Unlimited()
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	h := &harness{t: t, s: s, clock: clock}
	h.token = h.newToken()
	return h
}

func (h *harness) newToken() string {
	h.t.Helper()
	status, _, body := h.do("POST", "/auth/api/get-token", `{"api_key":"`+DefaultAPIKey+`","api_password":"`+DefaultAPIPassword+`"}`, nil)
	if status != 200 {
		h.t.Fatalf("token: %d %s", status, body)
	}
	var out struct {
		Data []struct {
			AccessToken string `json:"access_token"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Data) != 1 {
		h.t.Fatalf("token body %s: %v", body, err)
	}
	return out.Data[0].AccessToken
}

// do sends one request to the handler.
func (h *harness) do(method, path, body string, header http.Header) (int, http.Header, string) {
	h.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.s.Handler().ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.String()
}

// api sends an authenticated API request.
func (h *harness) api(method, path, body string) (int, string) {
	h.t.Helper()
	status, _, out := h.do(method, path, body, http.Header{"Authorization": {"Bearer " + h.token}})
	return status, out
}

// search posts a product search and decodes the response.
func (h *harness) search(body string) (int, searchResult, string) {
	h.t.Helper()
	status, out := h.api("POST", "/api/v1/products/search", body)
	var res searchResult
	if status == 200 {
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			h.t.Fatalf("search body %s: %v", out, err)
		}
	}
	return status, res, out
}

type searchResult struct {
	Data       []map[string]any `json:"data"`
	Pagination map[string]any   `json:"pagination"`
}

func (r searchResult) skus() []string {
	out := make([]string, len(r.Data))
	for i, item := range r.Data {
		out[i], _ = item["sku"].(string)
	}
	return out
}

// mustJSON compacts JSON for exact comparisons.
func compact(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %s", s)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
