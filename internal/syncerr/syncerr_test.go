package syncerr

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestClassificationSurvivesWrapping(t *testing.T) {
	base := errors.New("token rejected")
	stalled := fmt.Errorf("reading Centra: %w", Stall("AuthenticationFailed", base))
	if s, ok := AsStalled(stalled); !ok || s.Reason != "AuthenticationFailed" || !errors.Is(stalled, base) {
		t.Errorf("stalled not found through wrapping: %v", stalled)
	}
	if _, ok := AsWaiting(stalled); ok {
		t.Error("a stalled error is not waiting")
	}
	waiting := fmt.Errorf("applying: %w", Wait("QuotaExhausted", 42*time.Minute, base))
	if w, ok := AsWaiting(waiting); !ok || w.RetryAfter != 42*time.Minute || w.Error() != "token rejected" {
		t.Errorf("waiting = %+v", w)
	}
	if _, ok := AsStalled(errors.New("timeout")); ok {
		t.Error("a plain error is transient")
	}
}
