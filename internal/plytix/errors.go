package plytix

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError is one entry of the "errors" list of a Plytix error body (docs/reference/plytix-api.md §3.2).
type FieldError struct {
	Field string
	// Msg is always text: the auth service puts the integer 401 there (§2.3), so numbers are
	// rendered as their digits.
	Msg string
}

// Details are what every error returned by the client carries: the operation (method and
// path template, never an id or a credential), the HTTP status (0 when none was received)
// and Plytix's own message and field errors.
type Details struct {
	Operation  string
	StatusCode int
	Message    string
	Fields     []FieldError
}

// Status returns the HTTP status code, 0 when the request got no response.
func (d Details) Status() int { return d.StatusCode }

func (d Details) describe(kind string) string {
	var b strings.Builder
	b.WriteString("plytix ")
	b.WriteString(d.Operation)
	b.WriteString(": ")
	b.WriteString(kind)
	if d.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(d.StatusCode))
		b.WriteString(")")
	}
	if msg := strings.TrimSpace(d.Message); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	for i, f := range d.Fields {
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Msg)
		if i == len(d.Fields)-1 {
			b.WriteString("]")
		}
	}
	return b.String()
}

// UnauthorizedError is a 401: bad credentials on the auth service, or a token the API
// refused even after one re-authentication (§2.3, §2.4). It needs a human; never retried.
type UnauthorizedError struct{ Details }

func (e *UnauthorizedError) Error() string { return e.describe("unauthorized") }

// ForbiddenError is a 403: the API key's role does not allow the call (§3.3, §10 jobs).
type ForbiddenError struct{ Details }

func (e *ForbiddenError) Error() string { return e.describe("forbidden") }

// NotFoundError is a 404, or a 200 with an empty data list where the API uses that shape
// for "no such resource" (§3.2, assets).
type NotFoundError struct{ Details }

func (e *NotFoundError) Error() string { return e.describe("not found") }

// RateLimitedError is a 429 (§4). Plytix does not document Retry-After on the PIM API, so
// HasRetryAfter says whether the server sent one; without it the retry policy backs off.
type RateLimitedError struct {
	Details
	After         time.Duration
	HasRetryAfter bool
}

func (e *RateLimitedError) Error() string {
	s := e.describe("rate limited")
	if e.HasRetryAfter {
		s += fmt.Sprintf("; retry after %s", e.After)
	}
	return s
}

// Retryable implements retry.Retryable.
func (e *RateLimitedError) Retryable() bool { return true }

// RetryAfter implements retry.AfterHinter.
func (e *RateLimitedError) RetryAfter() (time.Duration, bool) { return e.After, e.HasRetryAfter }

// ValidationError is a 422 (or a 400 with field errors): a filter, column or value the API
// refused, with the fields it named (§3.2, §5.1).
type ValidationError struct{ Details }

func (e *ValidationError) Error() string { return e.describe("validation failed") }

// SortLimitError is the 428 the API returns when a sorted search matches more than 10,000
// products (§5.4). The scanner avoids it by windowing; callers only see it when a window
// grew past the limit between two of its own requests.
type SortLimitError struct{ Details }

func (e *SortLimitError) Error() string { return e.describe("too many results to sort") }

// RequestError is any other 4xx (400, 405, 409, ...): the request is wrong and retrying it
// will not help.
type RequestError struct{ Details }

func (e *RequestError) Error() string { return e.describe("request rejected") }

// ServerError is a 5xx, or an unexpected redirect. 5xx are retried; the API says "the client
// can repeat later" (§3.3), and the auth service's 502/503 are transient gateway errors
// (§2.3).
type ServerError struct{ Details }

func (e *ServerError) Error() string { return e.describe("server error") }

// Retryable implements retry.Retryable.
func (e *ServerError) Retryable() bool { return e.StatusCode >= 500 }

// TransportError is a request that got no HTTP response: connection failures and timeouts.
// Both are retried; every call this client makes is a read.
type TransportError struct {
	Details
	Timeout bool
	Err     error
}

func (e *TransportError) Error() string {
	kind := "transport error"
	if e.Timeout {
		kind = "timed out"
	}
	s := e.describe(kind)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *TransportError) Unwrap() error { return e.Err }

// Retryable implements retry.Retryable.
func (e *TransportError) Retryable() bool { return true }

// DecodeError is a response the client could not read: malformed JSON, an unexpected shape,
// or a body over the size cap.
type DecodeError struct {
	Details
	Err error
}

func (e *DecodeError) Error() string {
	return e.describe("undecodable response") + ": " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// IsNotFound reports whether err says the resource does not exist.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// IsRateLimited reports whether err is a 429 from Plytix.
func IsRateLimited(err error) bool {
	var rl *RateLimitedError
	return errors.As(err, &rl)
}

// IsUnauthorized reports whether err is a refused credential or token.
func IsUnauthorized(err error) bool {
	var ua *UnauthorizedError
	return errors.As(err, &ua)
}

// errorBody covers both error shapes the v1 API and the auth service use:
// {"error":{"msg":...,"errors":[...]}} (§3.2, live auth 401) and the documented auth 401
// {"msg": "..."} (§2.3). Accounts endpoints use {"detail": ...} (§3.2); it is read too.
type errorBody struct {
	Error *struct {
		Msg    json.RawMessage `json:"msg"`
		Errors []struct {
			Field json.RawMessage `json:"field"`
			Msg   json.RawMessage `json:"msg"`
		} `json:"errors"`
	} `json:"error"`
	Msg     json.RawMessage `json:"msg"`
	Message json.RawMessage `json:"message"`
	Detail  json.RawMessage `json:"detail"`
}

// parseErrorBody extracts Plytix's message and field errors. An unreadable body yields an
// empty message: the status code alone still classifies the error (§2.4: keep clients
// status-code-driven).
func parseErrorBody(body []byte) (string, []FieldError) {
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		return "", nil
	}
	if eb.Error != nil {
		fields := make([]FieldError, 0, len(eb.Error.Errors))
		for _, f := range eb.Error.Errors {
			fields = append(fields, FieldError{Field: rawText(f.Field), Msg: rawText(f.Msg)})
		}
		if len(fields) == 0 {
			fields = nil
		}
		return rawText(eb.Error.Msg), fields
	}
	for _, m := range []json.RawMessage{eb.Msg, eb.Message, eb.Detail} {
		if s := rawText(m); s != "" {
			return s, nil
		}
	}
	return "", nil
}

// rawText renders a JSON value as text: strings unquoted, anything else as compact JSON.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return truncate(string(raw), 200)
}

// truncate shortens s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
