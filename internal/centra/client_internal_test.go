package centra

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// TestNew_RequestTimeoutIsADeadline: outside tests, each request is bounded by a deadline
// RequestTimeout after it starts (tests replace withTimeout to time requests out on events).
func TestNew_RequestTimeoutIsADeadline(t *testing.T) {
	c, err := New(Config{Endpoint: "https://example.centra.com/graphql", Token: secret.New("token-123")})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	ctx, cancel := c.withTimeout(context.Background(), time.Hour)
	after := time.Now()
	defer cancel()
	if d, ok := ctx.Deadline(); !ok || d.Before(before.Add(time.Hour)) || d.After(after.Add(time.Hour)) {
		t.Fatalf("deadline = %v, %v; want an hour from the call", d, ok)
	}
	cancel()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("after cancel: %v", ctx.Err())
	}
}
