package centra_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// TestNoRedirectCarriesTheToken: an endpoint that redirects (307 keeps the method and body) is
// not followed, so the token never reaches the host it points to, whatever HTTP client the
// configuration brings.
func TestNoRedirectCarriesTheToken(t *testing.T) {
	var captured atomic.Int64
	capture := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		captured.Add(1)
	}))
	t.Cleanup(capture.Close)
	redirect := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, capture.URL+"/graphql", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)
	for _, hc := range []*http.Client{nil, {}, {Timeout: time.Minute}} {
		c, err := centra.New(centra.Config{Endpoint: redirect.URL + "/graphql", Token: secret.New("redirected-token-1234"), HTTPClient: hc,
			Retry: &retry.Policy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ReadReference(context.Background()); err == nil {
			t.Error("a redirect was taken for an answer")
		}
	}
	if n := captured.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
}
