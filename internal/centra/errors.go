package centra

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is on an *HTTPError, by the statuses Centra documents (§5.1).
var (
	// ErrBadRequest is HTTP 400: an invalid query or mutation, bad JSON, missing parameters.
	ErrBadRequest = errors.New("centra rejected the request as invalid")
	// ErrForbidden is HTTP 403: the token is invalid or expired.
	ErrForbidden = errors.New("centra refused the token (invalid or expired)")
	// ErrRateLimited is HTTP 429.
	ErrRateLimited = errors.New("centra rate limit exceeded")
	// ErrClientClosed is HTTP 499: the request ran too long and was cut off.
	ErrClientClosed = errors.New("centra closed a long-running request")
	// ErrServer is HTTP 5xx.
	ErrServer = errors.New("centra internal error")
	// ErrRequestTooLarge is a request body over Config.MaxRequestBytes; it is not sent.
	ErrRequestTooLarge = errors.New("request body exceeds the size cap")
	// ErrNotSent marks a mutation that was never sent because an earlier request of the
	// same batch failed or the budget ran out.
	ErrNotSent = errors.New("mutation not sent")
)

// HTTPError is a response with a status other than 200. Only 200 counts as success (§5.1).
type HTTPError struct {
	Operation  string
	StatusCode int
	// Messages are the GraphQL error messages of the body (a 400 names the problem).
	Messages []string
	retry    time.Duration
	hasRetry bool
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("centra %s: HTTP %d %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Messages) > 0 {
		msg += ": " + strings.Join(e.Messages, "; ")
	}
	if e.hasRetry {
		msg += fmt.Sprintf(" (retry after %s)", e.retry.Round(time.Second))
	}
	return msg
}

// Is maps the status to the sentinels above.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrClientClosed:
		return e.StatusCode == 499
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// Retryable reports 429, 499 and 5xx as worth another try.
func (e *HTTPError) Retryable() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode == 499 || e.StatusCode >= 500
}

// RetryAfter returns the server's Retry-After.
func (e *HTTPError) RetryAfter() (time.Duration, bool) { return e.retry, e.hasRetry }

// TransportError is a request that got no HTTP response: a timeout, a reset, a refused
// connection.
type TransportError struct {
	Operation string
	Timeout   bool
	Err       error
}

func (e *TransportError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("centra %s: request timed out: %v", e.Operation, e.Err)
	}
	return fmt.Sprintf("centra %s: request failed: %v", e.Operation, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Retryable reports a transport failure as transient.
func (e *TransportError) Retryable() bool { return true }

// MalformedResponseError is a 200 whose body is not a GraphQL response.
type MalformedResponseError struct {
	Operation string
	Err       error
}

func (e *MalformedResponseError) Error() string {
	return fmt.Sprintf("centra %s: malformed response: %v", e.Operation, e.Err)
}

func (e *MalformedResponseError) Unwrap() error { return e.Err }

// Retryable reports a malformed body as transient.
func (e *MalformedResponseError) Retryable() bool { return true }

// UnknownOutcomeError wraps the failure of a request that carried a create: the server may
// or may not have executed it (the response was lost, the server failed mid-way). Sending
// it again could create a duplicate (§5.4), so it is never retried as is; the Ensure*
// helpers look the objects up and create only what is missing.
type UnknownOutcomeError struct {
	Operation string
	Err       error
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("centra %s: outcome unknown, the mutations may have run: %v", e.Operation, e.Err)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// Retryable is false: resending could duplicate what the lost request created.
func (e *UnknownOutcomeError) Retryable() bool { return false }

// GraphQLError is one entry of a response's errors[] (§5.2).
type GraphQLError struct {
	Message string `json:"message"`
	Path    []any  `json:"path,omitempty"`
	// Category is extensions.category, e.g. "authorization" for a missing permission.
	Category string `json:"-"`
}

// GraphQLErrors is a 200 response with a non-empty errors[] (for example a missing
// permission, §1.3).
type GraphQLErrors struct {
	Operation string
	Errors    []GraphQLError
}

func (e *GraphQLErrors) Error() string {
	parts := make([]string, len(e.Errors))
	for i, ge := range e.Errors {
		parts[i] = ge.Message
		if len(ge.Path) > 0 {
			parts[i] = fmt.Sprintf("%s (at %s)", ge.Message, joinPath(ge.Path))
		}
	}
	return fmt.Sprintf("centra %s: %s", e.Operation, strings.Join(parts, "; "))
}

// Authorization reports whether any error is a missing permission.
func (e *GraphQLErrors) Authorization() bool {
	for _, ge := range e.Errors {
		if ge.Category == "authorization" {
			return true
		}
	}
	return false
}

// UserError is a userErrors or userWarnings entry: a message and the input path (§5.2).
type UserError struct {
	Message string   `json:"message"`
	Path    []string `json:"path"`
}

func (u UserError) String() string {
	if len(u.Path) == 0 {
		return u.Message
	}
	return strings.Join(u.Path, ".") + ": " + u.Message
}

// UserErrorsError is a mutation that returned userErrors: it failed and "Nothing was
// modified on the Centra's side" (ERRS, §5.2).
type UserErrorsError struct {
	// Mutation is the mutation field, e.g. "createProduct"; Alias its alias in the request.
	Mutation string
	Alias    string
	// Object names what the mutation was about, e.g. `product "SHIRT-1"`.
	Object   string
	Errors   []UserError
	Warnings []UserError
}

func (e *UserErrorsError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, u := range e.Errors {
		parts[i] = u.String()
	}
	return fmt.Sprintf("centra %s for %s rejected: %s", e.Mutation, e.Object, strings.Join(parts, "; "))
}

func joinPath(path []any) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ".")
}

// IsTransient reports whether err is worth retrying later (rate limits, server and
// transport failures, an exhausted budget).
func IsTransient(err error) bool {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Retryable()
	}
	var t *TransportError
	var m *MalformedResponseError
	var u *UnknownOutcomeError
	return errors.As(err, &t) || errors.As(err, &m) || errors.As(err, &u) || isExhausted(err)
}
