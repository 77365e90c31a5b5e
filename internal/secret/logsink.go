package secret

import (
	"errors"

	"github.com/go-logr/logr"
)

// ScrubbingLogger wraps a logger so that every message, string value and error it logs is first
// scrubbed of every credential the process remembers (Remember): a credential an API echoed
// into an error cannot reach the log by any path, at any verbosity.
func ScrubbingLogger(l logr.Logger) logr.Logger {
	if l.GetSink() == nil {
		return l
	}
	return logr.New(&scrubbingSink{sink: l.GetSink()})
}

type scrubbingSink struct{ sink logr.LogSink }

var _ logr.CallDepthLogSink = (*scrubbingSink)(nil)

func (s *scrubbingSink) Init(info logr.RuntimeInfo) {
	info.CallDepth++ // this sink's own frame
	s.sink.Init(info)
}

func (s *scrubbingSink) Enabled(level int) bool { return s.sink.Enabled(level) }

func (s *scrubbingSink) Info(level int, msg string, keysAndValues ...any) {
	s.sink.Info(level, ScrubRemembered(msg), scrubValues(keysAndValues)...)
}

func (s *scrubbingSink) Error(err error, msg string, keysAndValues ...any) {
	if err != nil {
		if scrubbed := ScrubRemembered(err.Error()); scrubbed != err.Error() {
			err = errors.New(scrubbed)
		}
	}
	s.sink.Error(err, ScrubRemembered(msg), scrubValues(keysAndValues)...)
}

func (s *scrubbingSink) WithValues(keysAndValues ...any) logr.LogSink {
	return &scrubbingSink{sink: s.sink.WithValues(scrubValues(keysAndValues)...)}
}

func (s *scrubbingSink) WithName(name string) logr.LogSink {
	return &scrubbingSink{sink: s.sink.WithName(name)}
}

func (s *scrubbingSink) WithCallDepth(depth int) logr.LogSink {
	if d, ok := s.sink.(logr.CallDepthLogSink); ok {
		return &scrubbingSink{sink: d.WithCallDepth(depth)}
	}
	return s
}

// scrubValues scrubs the strings, errors and byte slices among logged values; other values
// (numbers, durations, Values that redact themselves) pass unchanged.
func scrubValues(keysAndValues []any) []any {
	out := make([]any, len(keysAndValues))
	for i, v := range keysAndValues {
		switch v := v.(type) {
		case string:
			out[i] = ScrubRemembered(v)
		case []byte:
			out[i] = ScrubRemembered(string(v))
		case error:
			if scrubbed := ScrubRemembered(v.Error()); scrubbed != v.Error() {
				out[i] = errors.New(scrubbed)
			} else {
				out[i] = v
			}
		default:
			out[i] = v
		}
	}
	return out
}
