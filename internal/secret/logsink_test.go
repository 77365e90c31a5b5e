package secret

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
)

func TestScrubbingLoggerScrubsEveryPath(t *testing.T) {
	Remember(New("logged-credential"))
	var lines []string
	base := funcr.New(func(prefix, args string) { lines = append(lines, prefix+" "+args) }, funcr.Options{Verbosity: 10})
	log := ScrubbingLogger(base).WithValues("token", "logged-credential")
	log.Info("Auth answered logged-credential", "body", `{"password":"logged-credential"}`, "raw", []byte("logged-credential"))
	log.V(9).Info("Debug", "err", errors.New("echo logged-credential"))
	log.Error(errors.New("failed with logged-credential"), "Request failed", "url", "https://x/?p=logged-credential")
	log.WithName("logged").Info("Named")
	if len(lines) != 4 {
		t.Fatalf("logged %d lines, want 4: %q", len(lines), lines)
	}
	for _, l := range lines {
		if strings.Contains(l, "logged-credential") {
			t.Errorf("credential in log line %q", l)
		}
	}
}
