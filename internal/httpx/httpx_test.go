package httpx

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func response(body string) *http.Response {
	return &http.Response{Body: io.NopCloser(strings.NewReader(body))}
}

func TestReadBody(t *testing.T) {
	got, err := ReadBody(response("12345"), 5)
	if err != nil || string(got) != "12345" {
		t.Fatalf("at the cap: %q, %v", got, err)
	}
	if _, err := ReadBody(response("123456"), 5); !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("over the cap: %v", err)
	}
}

func TestCountersCountAndObserve(t *testing.T) {
	var observed []CallKey
	var mu sync.Mutex
	c := NewCounters(func(k CallKey, _ time.Duration) { mu.Lock(); observed = append(observed, k); mu.Unlock() })
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.RecordStatus("search", 200, time.Millisecond)
			c.Record("search", "timeout", time.Millisecond)
		}()
	}
	wg.Wait()
	snap := c.Snapshot()
	if snap[CallKey{"search", "200"}] != 50 || snap[CallKey{"search", "timeout"}] != 50 || c.Total() != 100 {
		t.Fatalf("snapshot = %v", snap)
	}
	if len(observed) != 100 {
		t.Fatalf("observed %d", len(observed))
	}
}
