package plytix

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-logr/logr"
)

const authOp = "POST /auth/api/get-token"

// tokenSource holds the access token and replaces it before it expires, one refresh at a
// time however many goroutines ask: concurrent refreshes were a problem for other clients
// (docs/reference/plytix-api.md §2.4).
type tokenSource struct {
	c *Client

	mu       sync.Mutex
	current  string
	expires  time.Time
	previous string // kept for redaction: an old token may still be echoed back
	inflight *refresh
}

// refresh is one token request that every caller arriving meanwhile waits for.
type refresh struct {
	done  chan struct{}
	token string
	err   error
}

// token returns a token valid for at least the configured leeway, fetching one if needed.
func (ts *tokenSource) token(ctx context.Context) (string, error) {
	ts.mu.Lock()
	if ts.current != "" && ts.c.cfg.Now().Before(ts.expires.Add(-ts.c.cfg.TokenLeeway)) {
		t := ts.current
		ts.mu.Unlock()
		return t, nil
	}
	r := ts.inflight
	if r == nil {
		r = &refresh{done: make(chan struct{})}
		ts.inflight = r
		// The refresh serves every waiter, so one caller's cancellation must not fail it for
		// the others; it is bounded by the retry policy and request timeouts instead.
		go ts.run(context.WithoutCancel(ctx), r)
	}
	ts.mu.Unlock()
	select {
	case <-r.done:
		return r.token, r.err
	case <-ctx.Done():
		return "", fmt.Errorf("plytix %s: %w", authOp, ctx.Err())
	}
}

func (ts *tokenSource) run(ctx context.Context, r *refresh) {
	logr.FromContextOrDiscard(ctx).V(1).Info("Fetching a Plytix access token")
	token, expires, err := ts.fetch(ctx)
	ts.mu.Lock()
	if err == nil {
		ts.previous, ts.current, ts.expires = ts.current, token, expires
	}
	ts.inflight = nil
	ts.mu.Unlock()
	r.token, r.err = token, err
	close(r.done)
}

// invalidate forgets token after the API refused it, unless it was already replaced.
func (ts *tokenSource) invalidate(token string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.current == token {
		ts.current, ts.previous = "", token
	}
}

// known returns the tokens that must never appear in an error.
func (ts *tokenSource) known() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return []string{ts.current, ts.previous}
}

// tokenResponse is the auth service's success body: {"data":[{"access_token": ...}]} (§2.2).
// The live service adds an undocumented refresh_token; there is no refresh endpoint, so it
// is ignored and the client re-authenticates with key and password instead.
type tokenResponse struct {
	Data []struct {
		AccessToken string `json:"access_token"`
	} `json:"data"`
}

// fetch asks the auth service for a token, within its own rate limit (§2.3), retrying 429
// and the transient 502/503 of its gateway.
func (ts *tokenSource) fetch(ctx context.Context) (string, time.Time, error) {
	c := ts.c
	payload, err := json.Marshal(map[string]string{
		"api_key":      c.cfg.APIKey.Reveal(),
		"api_password": c.cfg.APIPassword.Reveal(),
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("plytix %s: encoding credentials failed", authOp)
	}
	target := c.cfg.AuthURL + "/auth/api/get-token"
	var out tokenResponse
	err = c.cfg.Retry.Do(ctx, func(ctx context.Context, _ int) error {
		if err := c.cfg.AuthLimiter.Take(ctx, 1); err != nil {
			return fmt.Errorf("plytix %s: %w", authOp, err)
		}
		resp, err := c.send(ctx, authOp, "POST", target, payload, "")
		if err != nil {
			return err
		}
		return c.interpret(authOp, resp, &out, c.cfg.AuthLimiter)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	if len(out.Data) == 0 || out.Data[0].AccessToken == "" {
		return "", time.Time{}, &DecodeError{Details: Details{Operation: authOp, StatusCode: 200}, Err: errors.New("no data[0].access_token in the response")}
	}
	token := out.Data[0].AccessToken
	return token, tokenExpiry(token, c.cfg.Now()), nil
}

// tokenExpiry reads the lifetime from the JWT (exp − iat is 900 s, §2.2) and applies it to
// the local clock, so a skewed clock does not make every token look expired or immortal.
// With only exp, exp is trusted; with neither, the documented 15 minutes apply.
func tokenExpiry(token string, now time.Time) time.Time {
	claims, ok := jwtClaims(token)
	switch {
	case ok && claims.Exp > 0 && claims.Iat > 0 && claims.Exp > claims.Iat:
		return now.Add(time.Duration((claims.Exp - claims.Iat) * float64(time.Second)))
	case ok && claims.Exp > 0:
		return time.Unix(int64(claims.Exp), 0)
	default:
		return now.Add(TokenLifetime)
	}
}

type claims struct {
	Exp float64 `json:"exp"`
	Iat float64 `json:"iat"`
}

// jwtClaims decodes the payload of a JWT without verifying it: the client only needs to
// know when to refresh, and the API verifies the signature.
func jwtClaims(token string) (claims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return claims{}, false
	}
	var cl claims
	if err := json.Unmarshal(raw, &cl); err != nil {
		return claims{}, false
	}
	return cl, true
}
