package plytix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-logr/logr"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
)

// call is one logical API request.
type call struct {
	// op names the endpoint for errors and counters: a method and a path template, never an
	// id, so metrics stay bounded and errors never carry data.
	op     string
	method string
	path   string // concrete path under the API URL, ids already escaped
	query  url.Values
	body   any
}

// response is what one HTTP exchange returned.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do runs c under the retry policy, spending from the account budget on every attempt, and
// decodes the data into out (when not nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return fmt.Errorf("plytix %s: encoding request: %w", cl.op, err)
		}
	}
	target := c.cfg.APIURL + cl.path
	if len(cl.query) > 0 {
		target += "?" + cl.query.Encode()
	}
	log := logr.FromContextOrDiscard(ctx)
	return c.cfg.Retry.Do(ctx, func(ctx context.Context, attempt int) error {
		if attempt > 1 {
			log.V(1).Info("Retrying Plytix request", "operation", cl.op, "attempt", attempt)
		}
		return c.attempt(ctx, cl, target, payload, out)
	})
}

// attempt sends one request, re-authenticating once when the API refuses the token: it may
// have expired early or been revoked (§2.4).
func (c *Client) attempt(ctx context.Context, cl call, target string, payload []byte, out any) error {
	for reauthenticated := false; ; reauthenticated = true {
		if err := c.cfg.Limiter.Take(ctx, 1); err != nil {
			return fmt.Errorf("plytix %s: %w", cl.op, err)
		}
		token, err := c.auth.token(ctx)
		if err != nil {
			return err
		}
		resp, err := c.send(ctx, cl.op, cl.method, target, payload, "Bearer "+token)
		if err != nil {
			return err
		}
		if resp.status == http.StatusUnauthorized && !reauthenticated {
			logr.FromContextOrDiscard(ctx).V(1).Info("Plytix refused the token, re-authenticating", "operation", cl.op)
			c.auth.invalidate(token)
			continue
		}
		return c.interpret(cl.op, resp, out, c.cfg.Limiter)
	}
}

// send performs one HTTP exchange under the request timeout and counts it. It returns a
// *TransportError when no response arrived and a *DecodeError when the body was too large.
func (c *Client) send(ctx context.Context, op, method, target string, payload []byte, authorization string) (response, error) {
	reqCtx, cancel := c.withTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(reqCtx, method, target, body)
	if err != nil {
		return response{}, &TransportError{Details: Details{Operation: op}, Err: errors.New("building the request failed")}
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	start := c.cfg.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return response{}, c.transportError(ctx, op, start, err)
	}
	raw, err := httpx.ReadBody(resp, c.cfg.MaxBodyBytes)
	if err != nil {
		if errors.Is(err, httpx.ErrBodyTooLarge) {
			c.cfg.Counters.RecordStatus(op, resp.StatusCode, c.since(start))
			return response{}, &DecodeError{Details: Details{Operation: op, StatusCode: resp.StatusCode}, Err: err}
		}
		return response{}, c.transportError(ctx, op, start, err)
	}
	c.cfg.Counters.RecordStatus(op, resp.StatusCode, c.since(start))
	return response{status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

func (c *Client) since(start time.Time) time.Duration { return c.cfg.Now().Sub(start) }

// transportError classifies a failed exchange. ctx is the caller's context: its own
// cancellation is returned as is, so it is not retried; the per-request timeout is a
// retryable timeout.
func (c *Client) transportError(ctx context.Context, op string, start time.Time, err error) error {
	var netErr net.Error
	timeout := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
	outcome := "transport"
	if timeout {
		outcome = "timeout"
	}
	c.cfg.Counters.Record(op, outcome, c.since(start))
	if ctx.Err() != nil {
		// The caller gave up (cancelled, or its own deadline passed): not ours to retry.
		return fmt.Errorf("plytix %s: %w", op, ctx.Err())
	}
	// url.Error repeats the URL; ours carry no credential, but redact anyway.
	return &TransportError{Details: Details{Operation: op}, Timeout: timeout, Err: errors.New(c.redact(err.Error()))}
}

// interpret turns a response into the decoded data or a typed error (§3). A 429 with a
// Retry-After blocks limiter, the budget the request was spent from.
func (c *Client) interpret(op string, resp response, out any, limiter *budget.Limiter) error {
	d := Details{Operation: op, StatusCode: resp.status}
	if resp.status >= 200 && resp.status < 300 {
		if out == nil || resp.status == http.StatusNoContent {
			return nil
		}
		if err := json.Unmarshal(resp.body, out); err != nil {
			return &DecodeError{Details: d, Err: errors.New(c.redact(err.Error()))}
		}
		return nil
	}
	msg, fields := parseErrorBody(resp.body)
	d.Message = c.serverText(msg)
	for i, f := range fields {
		if i == maxFieldErrors {
			break
		}
		d.Fields = append(d.Fields, FieldError{Field: c.serverText(f.Field), Msg: c.serverText(f.Msg)})
	}
	switch s := resp.status; {
	case s >= 300 && s < 400:
		d.Message = "unexpected redirect; check the URL has no trailing slash and uses https"
		return &RequestError{Details: d}
	case s == http.StatusUnauthorized:
		return &UnauthorizedError{Details: d}
	case s == http.StatusForbidden:
		return &ForbiddenError{Details: d}
	case s == http.StatusNotFound:
		return &NotFoundError{Details: d}
	case s == http.StatusUnprocessableEntity, s == http.StatusBadRequest && len(d.Fields) > 0:
		return &ValidationError{Details: d}
	case s == http.StatusPreconditionRequired:
		return &SortLimitError{Details: d}
	case s == http.StatusTooManyRequests:
		return c.rateLimited(d, resp.header, resp.body, limiter)
	case s >= 500:
		return &ServerError{Details: d}
	default:
		return &RequestError{Details: d}
	}
}

// maxFieldErrors is how many of a response's field errors an error keeps.
const maxFieldErrors = 20

// rateLimited builds the 429 error and, when the server said how long, stops every client
// of the account from spending until then (§4). Plytix documents no Retry-After; the live API
// answers {"message":"API rate limit exceeded","limit":50,"window_size":10}, sometimes with
// "ttl", the milliseconds to the next slot (§15). A Retry-After wins, then ttl, then the window.
func (c *Client) rateLimited(d Details, header http.Header, body []byte, limiter *budget.Limiter) error {
	err := &RateLimitedError{Details: d}
	after, ok := retry.ParseRetryAfter(header.Get("Retry-After"), c.cfg.Now())
	if !ok {
		after, ok = waitInBody(body)
	}
	if ok {
		err.After, err.HasRetryAfter = after, true
		limiter.BlockUntil(c.cfg.Now().Add(after))
	}
	if limit, window, ok := limitInBody(body); ok {
		// The account allows fewer requests than configured: spend at the server's pace from
		// now on (every client of the account shares the limiter), instead of meeting a 429 at
		// the same place again after every wait.
		limiter.Seed(window, limit, limit)
	}
	return err
}

// limitInBody reads the limit a live 429 body names ({"limit":8,"window_size":10}, §15).
func limitInBody(body []byte) (int64, time.Duration, bool) {
	var b struct {
		Limit      *float64 `json:"limit"`
		WindowSize *float64 `json:"window_size"`
	}
	if json.Unmarshal(body, &b) != nil || b.Limit == nil || b.WindowSize == nil ||
		*b.Limit < 1 || *b.Limit > 1e6 || *b.WindowSize <= 0 || *b.WindowSize > 86400 {
		return 0, 0, false
	}
	return int64(*b.Limit), time.Duration(*b.WindowSize * float64(time.Second)), true
}

// waitInBody reads the wait a 429 body names: ttl in milliseconds, else the window's length in
// seconds; capped as a Retry-After is.
func waitInBody(body []byte) (time.Duration, bool) {
	var b struct {
		TTL        *float64 `json:"ttl"`
		WindowSize *float64 `json:"window_size"`
	}
	if json.Unmarshal(body, &b) != nil {
		return 0, false
	}
	var d time.Duration
	switch {
	case b.TTL != nil && *b.TTL >= 0 && *b.TTL < 1e12:
		d = time.Duration(*b.TTL * float64(time.Millisecond))
	case b.WindowSize != nil && *b.WindowSize > 0 && *b.WindowSize < 1e9:
		d = time.Duration(*b.WindowSize * float64(time.Second))
	default:
		return 0, false
	}
	return min(d, retry.MaxRetryAfter), true
}

// escape makes an id safe as one path segment.
func escape(id string) string { return url.PathEscape(strings.TrimSpace(id)) }
