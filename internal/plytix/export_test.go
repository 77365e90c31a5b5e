package plytix

import (
	"context"
	"time"
)

// SetWithTimeout replaces how c bounds each request by its RequestTimeout (a
// context.WithTimeout), so a test can time a request out when the sandbox holds it rather
// than when a timer fires.
func SetWithTimeout(c *Client, f func(context.Context, time.Duration) (context.Context, context.CancelFunc)) {
	c.withTimeout = f
}

// LimitInBody exposes limitInBody to the tests of odd 429 bodies.
var LimitInBody = limitInBody
