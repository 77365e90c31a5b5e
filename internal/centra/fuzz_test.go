package centra_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
)

type fixedResponse struct {
	status int
	body   string
}

func (f fixedResponse) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Body: io.NopCloser(strings.NewReader(f.body)), Header: http.Header{"Retry-After": {f.body[:min(len(f.body), 12)]}}}, nil
}

// FuzzClient_HostileResponses: whatever a server answers, the client returns a typed
// error or data; it never panics (docs/design.md §9, invariant 5).
func FuzzClient_HostileResponses(f *testing.F) {
	f.Add(200, `{"data":{"p0":[{"id":1,"productNumber":"A","updatedAt":"2021-12-31T13:44:23+0100","variants":[{"id":2,"productSizes":[{"id":3}]}]}]}}`)
	f.Add(200, `{"data":{"m0":{"product":{"id":1},"userErrors":[{"message":"x","path":["input"]}],"userWarnings":null}}}`)
	f.Add(200, `{"data":null,"errors":[{"message":"denied","path":["m0",1,null],"extensions":{"category":"authorization"}}]}`)
	f.Add(200, `{"data":{"p0":{"id":"one"}}}`)
	f.Add(200, `{"data":{"p0":[{"updatedAt":"yesterday"}]}}`)
	f.Add(429, `Mon, 02 Jan 2006 15:04:05 GMT`)
	f.Add(400, `{"errors":"nope"}`)
	f.Add(500, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			return
		}
		c, err := centra.New(centra.Config{Endpoint: "https://fuzz.centra.test/graphql", Token: tokenForFuzz,
			HTTPClient: &http.Client{Transport: fixedResponse{status: status, body: body}},
			// A 429 blocks the budgets; with no wait allowed the second call fails fast.
			Retry: &retry.Policy{MaxAttempts: 1}, Budgets: centra.NewBudgets(centra.Limits{}, budget.WithMaxWait(0))})
		if err != nil {
			t.Fatal(err)
		}
		cx := t.Context()
		_, _ = c.ProductsByNumber(cx, []string{"A"})
		res, err := c.Execute(cx, []centra.Mutation{centra.CreateProduct(centra.ProductCreate{ProductNumber: "A", Name: "A", Status: centra.ProductActive})})
		if len(res) != 1 || (err == nil && res[0].Err == nil && res[0].ID == 0 && !strings.Contains(body, `"m0"`)) {
			t.Fatalf("status %d body %q: result %+v, error %v", status, body, res, err)
		}
	})
}
