package plytix_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// TestNoRedirectCarriesCredentials: an auth endpoint that redirects the token request (307 keeps
// the method and the body with the API key and password) is not followed, whatever HTTP client
// the configuration brings: the host it points to receives nothing.
func TestNoRedirectCarriesCredentials(t *testing.T) {
	var captured atomic.Int64
	capture := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		captured.Add(1)
	}))
	t.Cleanup(capture.Close)
	redirect := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, capture.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)
	for _, hc := range []*http.Client{nil, {}, {Timeout: time.Minute}} {
		c, err := plytix.New(plytix.Config{APIURL: redirect.URL, AuthURL: redirect.URL, HTTPClient: hc,
			APIKey: secret.New("redirected-key-1234"), APIPassword: secret.New("redirected-password-1234"),
			Retry: retry.Policy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Attributes(context.Background()); err == nil {
			t.Error("a redirect was taken for an answer")
		}
	}
	if n := captured.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
}
