package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

type testErr struct {
	retryable bool
	after     time.Duration
	hasAfter  bool
}

func (e *testErr) Error() string                     { return "test error" }
func (e *testErr) Retryable() bool                   { return e.retryable }
func (e *testErr) RetryAfter() (time.Duration, bool) { return e.after, e.hasAfter }

func recordingPolicy(slept *[]time.Duration) Policy {
	p := Default()
	p.Sleep = func(_ context.Context, d time.Duration) error { *slept = append(*slept, d); return nil }
	return p
}

func TestDo(t *testing.T) {
	cases := []struct {
		name         string
		errs         []error
		wantAttempts int
		wantErr      bool
		wantSleeps   []time.Duration // nil: do not check the values, only the count below
		wantNSleeps  int
	}{
		{name: "succeeds first time", errs: []error{nil}, wantAttempts: 1},
		{name: "permanent error is not retried", errs: []error{&testErr{}}, wantAttempts: 1, wantErr: true},
		{name: "transient then success", errs: []error{&testErr{retryable: true}, nil}, wantAttempts: 2, wantNSleeps: 1},
		{
			name:         "retry-after is honoured exactly",
			errs:         []error{&testErr{retryable: true, after: 7 * time.Second, hasAfter: true}, nil},
			wantAttempts: 2, wantSleeps: []time.Duration{7 * time.Second}, wantNSleeps: 1,
		},
		{
			name:         "retry-after beyond the elapsed bound ends the retries",
			errs:         []error{&testErr{retryable: true, after: time.Hour, hasAfter: true}, nil},
			wantAttempts: 1, wantErr: true,
		},
		{
			name:         "attempts are bounded",
			errs:         []error{&testErr{retryable: true}, &testErr{retryable: true}, &testErr{retryable: true}, &testErr{retryable: true}, &testErr{retryable: true}, nil},
			wantAttempts: 5, wantErr: true, wantNSleeps: 4,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var slept []time.Duration
			attempts := 0
			err := recordingPolicy(&slept).Do(context.Background(), func(context.Context, int) error {
				e := tc.errs[attempts]
				attempts++
				return e
			})
			if attempts != tc.wantAttempts || (err != nil) != tc.wantErr || len(slept) != tc.wantNSleeps {
				t.Fatalf("attempts=%d err=%v sleeps=%v", attempts, err, slept)
			}
			if tc.wantSleeps != nil && slept[0] != tc.wantSleeps[0] {
				t.Errorf("slept %v, want %v", slept, tc.wantSleeps)
			}
			for _, d := range slept {
				if d <= 0 || d > Default().MaxDelay {
					t.Errorf("sleep %v outside (0, MaxDelay]", d)
				}
			}
		})
	}
}

func TestDoStopsWhenContextIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := Default()
	err := p.Do(ctx, func(context.Context, int) error { return &testErr{retryable: true} })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	p := Policy{BaseDelay: time.Second, MaxDelay: 4 * time.Second}
	for attempt := 1; attempt < 40; attempt++ {
		d := p.backoff(attempt)
		ceiling := min(time.Second<<(attempt-1), 4*time.Second)
		if attempt > 30 {
			ceiling = 4 * time.Second
		}
		if d <= 0 || d > ceiling {
			t.Fatalf("attempt %d: %v not in (0, %v]", attempt, d, ceiling)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"garbage", 0, false},
		{"30", 30 * time.Second, true},
		{" 2 ", 2 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"Fri, 27 Nov 2026 12:01:00 GMT", time.Minute, true},
		{"2026-11-27T12:00:45Z", 45 * time.Second, true},
		{"2026-11-27T11:00:00Z", 0, true}, // in the past: resume now
		{"1795780810", time.Unix(1795780810, 0).Sub(now), true},
		{"-3", 0, false},
		// A wait longer than any quota window is capped: these would otherwise stop the sync
		// for 277,777 and 640,495 hours.
		{"999999999", MaxRetryAfter, true},
		{"Fri, 01 Jan 2100 00:00:00 GMT", MaxRetryAfter, true},
		{"3601", MaxRetryAfter, true},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"30", "Fri, 27 Nov 2026 12:01:00 GMT", "2026-11-27T12:00:45Z", "1e400", "NaN", "-0"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, now)
		if d < 0 || d > MaxRetryAfter || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v", s, d, ok)
		}
	})
}
