package plytix

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

func TestConfigDefaults(t *testing.T) {
	cfg, err := Config{APIKey: secret.New("key-123"), APIPassword: secret.New("pw-123"), APIURL: "https://pim.example.com//",
		Retry: retry.Policy{MaxAttempts: 2}, PageSize: 500}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIURL != "https://pim.example.com" || cfg.AuthURL != DefaultAuthURL {
		t.Fatalf("URLs %q %q", cfg.APIURL, cfg.AuthURL)
	}
	want := retry.Policy{MaxAttempts: 2, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second, MaxElapsed: 2 * time.Minute}
	if cfg.Retry.MaxAttempts != want.MaxAttempts || cfg.Retry.BaseDelay != want.BaseDelay || cfg.Retry.MaxDelay != want.MaxDelay || cfg.Retry.MaxElapsed != want.MaxElapsed {
		t.Fatalf("retry = %+v", cfg.Retry)
	}
	if cfg.PageSize != 100 || cfg.ColumnLimit != 50 || cfg.MaxFilterGroups != 50 || cfg.DeltaOverlap != 5*time.Minute ||
		cfg.DatePrecision != time.Second || cfg.TokenLeeway != time.Minute || cfg.RequestTimeout != 30*time.Second || cfg.MaxBodyBytes != 32<<20 {
		t.Fatalf("defaults = %+v", cfg)
	}
	if got := cfg.Limiter.State().Windows; len(got) != 2 || got[0].Limit != 20 || got[1].Limit != 5000 {
		t.Fatalf("default budget = %+v", got)
	}
	if got := cfg.AuthLimiter.State().Windows; len(got) != 1 || got[0].Limit != 8 || got[0].Period != time.Second {
		t.Fatalf("default auth budget = %+v", got)
	}
	if _, err := (Config{APIKey: secret.New("k"), APIPassword: secret.New("p"), DatePrecision: time.Hour}).withDefaults(); err == nil {
		t.Fatal("want an hour's precision refused")
	}
}

// TestNew_RequestTimeoutIsADeadline: outside tests, each request is bounded by a deadline
// RequestTimeout after it starts (tests replace withTimeout to time requests out on events).
func TestNew_RequestTimeoutIsADeadline(t *testing.T) {
	c, err := New(Config{APIKey: secret.New("key-123"), APIPassword: secret.New("pw-123")})
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

func TestTokenExpiry_Sec2_2(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jwt := func(payload string) string { return "e30." + base64URL(payload) + ".sig" }
	cases := []struct {
		token string
		want  time.Time
	}{
		{jwt(`{"iat":1000,"exp":1900}`), now.Add(900 * time.Second)}, // lifetime applied to the local clock
		{jwt(`{"exp":1767226000}`), time.Unix(1767226000, 0)},        // exp alone is trusted
		{jwt(`{"sub":"x"}`), now.Add(TokenLifetime)},                 // no claims: 15 minutes
		{"opaque-token", now.Add(TokenLifetime)},                     // not a JWT
		{"a.!!!.c", now.Add(TokenLifetime)},                          // bad base64
		{jwt(`{"iat":2000,"exp":1000}`), time.Unix(1000, 0)},         // inconsistent: exp wins
	}
	for _, tc := range cases {
		if got := tokenExpiry(tc.token, now); !got.Equal(tc.want) {
			t.Errorf("tokenExpiry(%s) = %v, want %v", tc.token, got, tc.want)
		}
	}
}

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
