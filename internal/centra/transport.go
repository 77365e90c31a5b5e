package centra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/go-logr/logr"

	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// operation is one GraphQL request the client sends.
type operation struct {
	// name is the operationName, also the key of the request counters. It is one of a
	// fixed set, never an id or a SKU, so metrics stay bounded.
	name  string
	query string
	vars  map[string]any
	// mutations is the number of top-level mutation fields: each is one MUTATION_COUNT
	// token (§5.5), taken from the budget before the request is sent.
	mutations int64
	// creates marks a request that may create objects: after a lost response it is never
	// resent as is, because creates are not idempotent (§5.4).
	creates bool
	// units is the number of products (or mutations) the request is about, for the
	// complexity estimate.
	units int
}

// response is a GraphQL response body (§5.2).
type response struct {
	Data       json.RawMessage `json:"data"`
	Errors     []wireError     `json:"errors"`
	Extensions extensions      `json:"extensions"`
}

type wireError struct {
	Message    string `json:"message"`
	Path       []any  `json:"path"`
	Extensions struct {
		Category string `json:"category"`
	} `json:"extensions"`
}

// extensions are the response extensions Centra always sends (§1.3, §5.5).
type extensions struct {
	Complexity                int64    `json:"complexity"`
	PermissionsUsed           []string `json:"permissionsUsed"`
	DeprecatedPermissionsUsed []string `json:"deprecatedPermissionsUsed"`
	DeprecatedFieldsUsed      []string `json:"deprecatedFieldsUsed"`
	AppVersion                string   `json:"appVersion"`
}

type wireRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
}

// do sends op, retrying transient failures within the retry policy. A request that may
// have created something is not retried after an ambiguous failure: its error becomes an
// *UnknownOutcomeError instead.
func (c *Client) do(ctx context.Context, op operation) (*response, error) {
	var out *response
	err := c.retry.Do(ctx, func(ctx context.Context, _ int) error {
		r, err := c.send(ctx, op)
		if err != nil {
			if op.creates && !notExecuted(err) {
				return &UnknownOutcomeError{Operation: op.name, Err: err}
			}
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// notExecuted reports failures that prove the server did not run the request: it was
// refused before execution (400, 403, 429), never sent (budget), or never connected.
func notExecuted(err error) bool {
	var h *HTTPError
	if errors.As(err, &h) {
		switch h.StatusCode {
		case http.StatusBadRequest, http.StatusForbidden, http.StatusTooManyRequests:
			return true
		}
		return false
	}
	var local *notSentError
	if isExhausted(err) || errors.As(err, &local) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// notSentError is a failure found before anything went on the wire.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// send makes one attempt: the body, the budgets, the POST, then the response checks.
func (c *Client) send(ctx context.Context, op operation) (*response, error) {
	body, err := json.Marshal(wireRequest{Query: op.query, Variables: op.vars, OperationName: op.name})
	if err != nil {
		return nil, &notSentError{fmt.Errorf("centra %s: encode request: %w", op.name, err)}
	}
	if int64(len(body)) > c.cfg.MaxRequestBytes {
		return nil, &notSentError{fmt.Errorf("centra %s: %w: %d bytes, cap %d", op.name, ErrRequestTooLarge, len(body), c.cfg.MaxRequestBytes)}
	}
	if op.mutations > 0 {
		if err := c.budgets.Mutations.Take(ctx, op.mutations); err != nil {
			c.counters.Record(op.name, "budget", 0)
			return nil, fmt.Errorf("centra %s: %w", op.name, err)
		}
	}
	if err := c.budgets.Requests.Take(ctx, 1); err != nil {
		c.counters.Record(op.name, "budget", 0)
		return nil, fmt.Errorf("centra %s: %w", op.name, err)
	}
	estimate := c.estimate(op)
	if err := c.budgets.Complexity.Take(ctx, estimate); err != nil {
		c.counters.Record(op.name, "budget", 0)
		return nil, fmt.Errorf("centra %s: %w", op.name, err)
	}
	actx, cancel := c.withTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.cfg.Endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("centra %s: %s", op.name, c.redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.cfg.AuthMode == AuthCookie {
		req.AddCookie(&http.Cookie{Name: "graphql-access", Value: c.cfg.Token.Reveal()})
	} else {
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token.Reveal())
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		timeout := ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded)
		outcome := "transport"
		if timeout {
			outcome = "timeout"
		}
		c.counters.Record(op.name, outcome, time.Since(start))
		return nil, &TransportError{Operation: op.name, Timeout: timeout, Err: c.redactErr(err)}
	}
	raw, err := httpx.ReadBody(resp, c.cfg.MaxResponseBytes)
	duration := time.Since(start)
	if err != nil {
		if errors.Is(err, httpx.ErrBodyTooLarge) {
			c.counters.Record(op.name, "too_large", duration)
			return nil, fmt.Errorf("centra %s: %w", op.name, err)
		}
		c.counters.Record(op.name, "transport", duration)
		return nil, &TransportError{Operation: op.name, Err: c.redactErr(err)}
	}
	c.counters.RecordStatus(op.name, resp.StatusCode, duration)
	if resp.StatusCode != http.StatusOK {
		return nil, c.httpError(op, resp, raw)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, &MalformedResponseError{Operation: op.name, Err: err}
	}
	if r.Data == nil && len(r.Errors) == 0 {
		return nil, &MalformedResponseError{Operation: op.name, Err: errors.New("neither data nor errors")}
	}
	c.recordComplexity(op, estimate, r.Extensions.Complexity)
	c.recordPermissions(r.Extensions.PermissionsUsed)
	logr.FromContextOrDiscard(ctx).V(1).Info("Sent Centra request", "operation", op.name, "duration", duration,
		"complexity", r.Extensions.Complexity, "mutations", op.mutations)
	if len(r.Extensions.DeprecatedFieldsUsed) > 0 {
		logr.FromContextOrDiscard(ctx).Info("Centra reported deprecated fields", "operation", op.name,
			"fields", r.Extensions.DeprecatedFieldsUsed)
	}
	return &r, nil
}

// httpError types a non-200 answer. A 429 blocks every budget until Retry-After, so the
// other workers of the process stop too (§5.5).
func (c *Client) httpError(op operation, resp *http.Response, raw []byte) error {
	e := &HTTPError{Operation: op.name, StatusCode: resp.StatusCode}
	if v := resp.Header.Get("Retry-After"); v != "" {
		e.retry, e.hasRetry = retry.ParseRetryAfter(v, c.cfg.Now())
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if !e.hasRetry {
			// Centra sends Retry-After with a 429 (§5.1); without a usable one, wait out
			// the short window.
			e.retry, e.hasRetry = 10*time.Second, true
		}
		c.budgets.blockUntil(c.cfg.Now().Add(e.retry))
	}
	var body struct {
		Errors []wireError `json:"errors"`
	}
	if json.Unmarshal(raw, &body) == nil {
		for i, we := range body.Errors {
			if i == maxErrorMessages {
				break
			}
			e.Messages = append(e.Messages, c.clip(we.Message))
		}
	}
	return e
}

// maxErrorMessages is how many of a response's error messages an error keeps.
const maxErrorMessages = 5

// clip makes a message that came from the server fit to quote: scrubbed of the token, cleaned
// of control characters and cut to httpx.MaxServerText.
func (c *Client) clip(s string) string { return httpx.ServerText(c.redact(s)) }

// redact removes the token, in every encoding secret.Scrub knows, from text that may reach an
// error or a log line.
func (c *Client) redact(s string) string { return secret.Scrub(s, c.cfg.Token) }

// redactedError carries an error with the token removed from its message; errors.Is
// still sees the original (context.DeadlineExceeded, net errors).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func (c *Client) redactErr(err error) error {
	return &redactedError{msg: c.redact(err.Error()), err: err}
}

// estimate is the complexity op will probably cost, from what the same operation cost
// per unit last time; it is taken from the budget before sending.
func (c *Client) estimate(op operation) int64 {
	if op.units == 0 {
		return 0
	}
	c.estMu.Lock()
	defer c.estMu.Unlock()
	return int64(c.perUnit[op.name] * float64(op.units))
}

// recordComplexity charges what the server reported beyond the estimate and learns the
// cost per unit for the next estimate.
func (c *Client) recordComplexity(op operation, estimate, actual int64) {
	if actual > estimate {
		c.budgets.Complexity.Record(actual - estimate)
	}
	if op.units > 0 && actual > 0 {
		c.estMu.Lock()
		c.perUnit[op.name] = float64(actual) / float64(op.units)
		c.estMu.Unlock()
	}
}

// complexityPerUnit returns the learned cost per unit of an operation, or def.
func (c *Client) complexityPerUnit(name string, def float64) float64 {
	c.estMu.Lock()
	defer c.estMu.Unlock()
	if v, ok := c.perUnit[name]; ok && v > 0 {
		return v
	}
	return def
}

// decode unmarshals a response's data into v; errors[] makes it a *GraphQLErrors.
func (c *Client) decode(op operation, r *response, v any) error {
	if len(r.Errors) > 0 {
		return c.graphQLErrors(op.name, r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		return &MalformedResponseError{Operation: op.name, Err: err}
	}
	return nil
}

func (c *Client) graphQLErrors(name string, errs []wireError) *GraphQLErrors {
	out := &GraphQLErrors{Operation: name}
	for _, we := range errs {
		out.Errors = append(out.Errors, GraphQLError{Message: c.clip(we.Message), Path: we.Path, Category: we.Extensions.Category})
	}
	return out
}

// query sends a read and decodes its data.
func (c *Client) query(ctx context.Context, op operation, v any) error {
	r, err := c.do(ctx, op)
	if err != nil {
		return err
	}
	return c.decode(op, r, v)
}

// recordPermissions keeps every permission the server reported as used, so an operator
// can mint a minimal production token from a QA run (§1.3).
func (c *Client) recordPermissions(perms []string) {
	c.permMu.Lock()
	defer c.permMu.Unlock()
	for _, p := range perms {
		c.perms[p] = struct{}{}
	}
}

// PermissionsUsed lists, sorted, every permission the server reported as used so far
// (extensions.permissionsUsed, §1.3).
func (c *Client) PermissionsUsed() []string {
	c.permMu.Lock()
	defer c.permMu.Unlock()
	return slices.Sorted(maps.Keys(c.perms))
}
