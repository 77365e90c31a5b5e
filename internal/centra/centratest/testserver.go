package centratest

import (
	"net/http/httptest"
	"testing"
)

// TestServer is a sandbox served over HTTP for a test.
type TestServer struct {
	*Sandbox
	Server *httptest.Server
	// URL is the GraphQL endpoint.
	URL string
}

// NewTestServer starts a sandbox for the test and stops it when the test ends.
func NewTestServer(tb testing.TB, opts Options) *TestServer {
	tb.Helper()
	sb, err := New(opts)
	if err != nil {
		tb.Fatalf("centratest.New: %v", err)
	}
	srv := httptest.NewServer(sb.Handler())
	tb.Cleanup(srv.Close)
	return &TestServer{Sandbox: sb, Server: srv, URL: srv.URL + sb.opts.Path}
}
